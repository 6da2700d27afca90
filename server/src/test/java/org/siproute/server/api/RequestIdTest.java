package org.siproute.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.provider;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;
import static org.siproute.server.testing.Refusals.violatedFields;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.GetProviderStatusRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListApiKeysRequest;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * request_id (AIP-155) on CreateProvider, CreateRoute, CreateApiKey, ImportRates and
 * ReportOutcome: a retry gets the first answer and applies nothing twice, on the same or on
 * another instance of the same database; the same id with another request is refused.
 */
@OnEachDatabase
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestIdTest {
  private TestServer first;
  private TestServer second;

  @BeforeEach
  void startTwoInstancesOnceOnOneDatabase() {
    if (first == null) {
      // No statistics flush during the test: each instance's outcome counts are its own.
      first = TestServer.builder().database(TestDatabase.underTest()).flags("--stats-flush-interval", "10m").start();
      second = TestServer.builder().sharedDatabase(first.database()).flags("--stats-flush-interval", "10m").start();
    }
  }

  @AfterAll
  void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  private long auditEvents(String type, String id) {
    return first.admin()
        .listAuditEvents(ListAuditEventsRequest.newBuilder().setResourceType(type).setResourceId(id).build())
        .getAuditEventsCount();
  }

  @Test
  void retriedCreateProviderGetsTheFirstAnswerAndCreatesOnce() {
    CreateProviderRequest request =
        CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("p"))).setRequestId(newId()).build();

    Provider created = first.admin().createProvider(request);
    Provider retried = first.admin().createProvider(request);
    Provider retriedElsewhere = second.admin().createProvider(request);

    assertThat(retried).isEqualTo(created);
    assertThat(retriedElsewhere).isEqualTo(created);
    assertThat(auditEvents("provider", created.getId())).isEqualTo(1);
    // Without the id, the same request is what it always was: a second create.
    refused(Status.Code.ALREADY_EXISTS, () -> first.admin().createProvider(request.toBuilder().clearRequestId().build()));
  }

  @Test
  void aGeneratedIdIsNotGeneratedTwice() {
    CreateProviderRequest request =
        CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("g")).setId("")).setRequestId(newId()).build();

    Provider created = first.admin().createProvider(request);

    assertThat(second.admin().createProvider(request).getId()).isEqualTo(created.getId());
  }

  @Test
  void retriedCreateRouteOnAnotherInstanceGetsTheFirstAnswer() {
    Provider carrier = createProvider(first.admin());
    String customer = uniqueId("cust");
    CreateRouteRequest request =
        CreateRouteRequest.newBuilder().setRoute(route(customer, "4930", carrier.getId())).setRequestId(newId()).build();

    Route created = first.admin().createRoute(request);
    Route retried = second.admin().createRoute(request);

    assertThat(retried).isEqualTo(created);
    assertThat(first.admin().listRoutes(ListRoutesRequest.newBuilder().setCustomerId(customer).build()).getRoutesList())
        .containsExactly(created);
  }

  @Test
  void concurrentRetriesOnTwoInstancesCreateOneRoute() throws Exception {
    Provider carrier = createProvider(first.admin());
    String customer = uniqueId("cust");
    CreateRouteRequest request =
        CreateRouteRequest.newBuilder().setRoute(route(customer, "4930", carrier.getId())).setRequestId(newId()).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Route>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        TestServer instance = i % 2 == 0 ? first : second;
        answers.add(pool.submit((Callable<Route>) () -> instance.admin().createRoute(request)));
      }
      List<Route> routes = new ArrayList<>();
      for (Future<Route> answer : answers) {
        routes.add(answer.get());
      }
      List<Route> stored =
          first.admin().listRoutes(ListRoutesRequest.newBuilder().setCustomerId(customer).build()).getRoutesList();
      assertThat(stored).hasSize(1);
      assertThat(routes).as("every retry answers with the one route").allSatisfy(r -> assertThat(r).isEqualTo(stored.get(0)));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSameIdWithAnotherRequestIsRefused() {
    Provider carrier = createProvider(first.admin());
    String id = newId();
    CreateRouteRequest request =
        CreateRouteRequest.newBuilder().setRoute(route(uniqueId("cust"), "4930", carrier.getId())).setRequestId(id).build();
    first.admin().createRoute(request);

    StatusRuntimeException otherFields =
        refused(
            Status.Code.INVALID_ARGUMENT,
            "REQUEST_ID_REUSED",
            () -> second.admin().createRoute(request.toBuilder().setRoute(request.getRoute().toBuilder().setPrefix("4940")).build()));
    refused(
        Status.Code.INVALID_ARGUMENT,
        "REQUEST_ID_REUSED",
        () -> first.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("p"))).setRequestId(id).build()));
    String otherAdmin = first.createKey(Role.ADMIN, "");
    refused(Status.Code.INVALID_ARGUMENT, "REQUEST_ID_REUSED", () -> first.admin(otherAdmin).createRoute(request));

    assertThat(violatedFields(otherFields)).containsExactly("request_id");
  }

  @Test
  void aRequestIdMustBeAUuid() {
    invalid(
        "request_id",
        () -> first.admin().createProvider(
            CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("p"))).setRequestId("retry-1").build()));
    // Any case: the id is compared in lower case.
    String id = newId();
    CreateProviderRequest request = CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("p"))).setRequestId(id).build();
    Provider created = first.admin().createProvider(request);
    assertThat(first.admin().createProvider(request.toBuilder().setRequestId(id.toUpperCase(java.util.Locale.ROOT)).build()))
        .isEqualTo(created);
  }

  @Test
  void aValidateOnlyRequestIsNotRecorded() {
    String id = newId();
    CreateProviderRequest request = CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("p"))).setRequestId(id).build();

    first.admin().createProvider(request.toBuilder().setValidateOnly(true).build());
    Provider created = first.admin().createProvider(request);

    assertThat(auditEvents("provider", created.getId())).isEqualTo(1);
  }

  @Test
  void aRetriedCreateApiKeyGetsTheKeyButNotItsSecretAgain() {
    String name = uniqueId("ci key");
    CreateApiKeyRequest request =
        CreateApiKeyRequest.newBuilder()
            .setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName(name))
            .setRequestId(newId())
            .build();

    CreateApiKeyResponse created = first.admin().createApiKey(request);
    CreateApiKeyResponse retried = second.admin().createApiKey(request);

    assertThat(created.getSecret()).startsWith("sr_");
    assertThat(retried.getApiKey()).isEqualTo(created.getApiKey());
    assertThat(retried.getSecret()).as("never stored, so never shown again").isEmpty();
    assertThat(first.admin().listApiKeys(ListApiKeysRequest.newBuilder().setPageSize(1000).build()).getApiKeysList())
        .filteredOn(k -> k.getName().equals(name))
        .hasSize(1);
  }

  @Test
  void aRetriedImportGetsTheFirstCountsAndImportsOnce() {
    Provider carrier = createProvider(first.admin());
    ImportRatesRequest head =
        ImportRatesRequest.newBuilder()
            .setProviderId(carrier.getId())
            .setRequestId(newId())
            .addRates(Rate.newBuilder().setPrefix("49").setPriceMicros(1000).setCurrency("EUR"))
            .build();
    ImportRatesRequest tail =
        ImportRatesRequest.newBuilder().addRates(Rate.newBuilder().setPrefix("44").setPriceMicros(2000).setCurrency("EUR")).build();

    ImportRatesResponse imported = RateImports.run(first.channel(), head, tail);
    ImportRatesResponse retried = RateImports.run(second.channel(), head, tail);

    assertThat(imported.getImported()).isEqualTo(2);
    assertThat(imported.getReplaced()).isZero();
    assertThat(retried).as("a second import would have replaced both lines").isEqualTo(imported);
    assertThat(auditEvents("rate_deck", carrier.getId())).isEqualTo(1);
    refused(
        Status.Code.INVALID_ARGUMENT,
        "REQUEST_ID_REUSED",
        () -> RateImports.run(first.channel(), head));
  }

  @Test
  void aRetriedSellRateImportGetsTheFirstCountsAndImportsOnce() {
    String customer = uniqueId("cust");
    org.siproute.proto.v1.ImportSellRatesRequest request =
        org.siproute.proto.v1.ImportSellRatesRequest.newBuilder()
            .setCustomerId(customer)
            .setRequestId(newId())
            .addRates(org.siproute.proto.v1.SellRate.newBuilder().setPrefix("49").setPriceMicros(5000).setCurrency("EUR"))
            .build();

    var imported = importSellRates(first, request);
    var retried = importSellRates(second, request);

    assertThat(imported.getImported()).isEqualTo(1);
    assertThat(retried).as("a second import would have replaced the line").isEqualTo(imported);
    assertThat(auditEvents("sell_rate_deck", customer)).isEqualTo(1);
  }

  private static org.siproute.proto.v1.ImportSellRatesResponse importSellRates(
      TestServer server, org.siproute.proto.v1.ImportSellRatesRequest request) {
    var answer = new org.siproute.server.testing.OneReply<org.siproute.proto.v1.ImportSellRatesResponse>();
    var requests = org.siproute.proto.v1.RouteAdminGrpc.newStub(server.channel()).importSellRates(answer);
    requests.onNext(request);
    requests.onCompleted();
    try {
      return answer.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRetriedOutcomeReportCountsOnce() {
    Provider carrier = createProvider(first.admin());
    createRoute(first.admin(), route("", "49", carrier.getId()));
    ReportOutcomeRequest report =
        ReportOutcomeRequest.newBuilder()
            .setProviderId(carrier.getId())
            .setDestination("+4930123456")
            .setSipCode(503)
            .setRequestId(newId())
            .build();

    awaitProvider(second, carrier.getId());

    first.select().reportOutcome(report);
    first.select().reportOutcome(report);
    second.select().reportOutcome(report);
    second.select().reportOutcome(report.toBuilder().clearRequestId().build()); // counted: no id

    assertThat(attempts(first, carrier.getId())).isEqualTo(1);
    assertThat(attempts(second, carrier.getId())).as("only the report without a request_id").isEqualTo(1);
    refused(
        Status.Code.INVALID_ARGUMENT,
        "REQUEST_ID_REUSED",
        () -> first.select().reportOutcome(report.toBuilder().setSipCode(200).build()));
  }

  /** Waits until {@code server}'s routing snapshot has the provider (written on the other instance). */
  private static void awaitProvider(TestServer server, String providerId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        server.admin().getProviderStatus(GetProviderStatusRequest.newBuilder().setProviderId(providerId).build());
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static long attempts(TestServer server, String providerId) {
    return server.admin()
        .getProviderStatus(GetProviderStatusRequest.newBuilder().setProviderId(providerId).build())
        .getStatistics()
        .getAttempts();
  }

  /** After 24 hours an id is forgotten: it may be used again, for anything. */
  @Test
  void anAnswerIsKeptFor24Hours() {
    MutableClock clock = new MutableClock(Instant.now());
    try (TestServer server = TestServer.builder().sharedDatabase(first.database()).clock(clock).start()) {
      Provider carrier = createProvider(server.admin());
      String id = newId();
      CreateRouteRequest request =
          CreateRouteRequest.newBuilder().setRoute(route(uniqueId("cust"), "4930", carrier.getId())).setRequestId(id).build();
      Route created = server.admin().createRoute(request);

      clock.advance(Duration.ofHours(23));
      assertThat(server.admin().createRoute(request)).isEqualTo(created);
      clock.advance(Duration.ofHours(2));
      Route other =
          server.admin().createRoute(request.toBuilder().setRoute(request.getRoute().toBuilder().setPrefix("4940")).build());

      assertThat(other.getId()).isNotEqualTo(created.getId());
      assertThat(other.getPrefix()).isEqualTo("4940");
    }
  }
}
