package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.provider;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.refused;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteApiKeyRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListApiKeysRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.ServerPerClass;

/**
 * validate_only (AIP-163) on every Create, Update, Delete and Import: the full check, the
 * database's integrity checks included, answers what the call would return, and writes
 * nothing: the database fingerprint (rows, versions, revisions, audit events) does not move.
 */
@OnEachDatabase
class ValidateOnlyTest extends ServerPerClass {
  private DatabaseFingerprint fingerprint;
  private List<Long> before;

  @BeforeEach
  void openFingerprint() throws Exception {
    fingerprint = new DatabaseFingerprint(server.database().url());
  }

  @AfterEach
  void closeFingerprint() throws Exception {
    if (fingerprint != null) { // null when the MariaDB run is skipped before the server starts
      fingerprint.close();
    }
  }

  /** Remembers the database as it is now: what every validate_only call below must leave. */
  private void snapshot() {
    before = fingerprint.read();
  }

  private void assertNothingWritten() {
    assertThat(fingerprint.read()).as("database fingerprint after validate_only calls").isEqualTo(before);
  }

  @Test
  void createProviderAnswersTheWouldBeProviderAndStoresNothing() {
    Provider taken = createProvider(admin);
    String id = uniqueId("dry");
    snapshot();

    Provider answer =
        admin.createProvider(CreateProviderRequest.newBuilder().setProvider(provider(id)).setValidateOnly(true).build());
    refused(
        Status.Code.ALREADY_EXISTS,
        "ALREADY_EXISTS",
        () -> admin.createProvider(
            CreateProviderRequest.newBuilder().setProvider(provider(taken.getId())).setValidateOnly(true).build()));
    refused(
        Status.Code.INVALID_ARGUMENT,
        () -> admin.createProvider(
            CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("dry")).setHostname("")).setValidateOnly(true).build()));

    assertThat(answer.getId()).isEqualTo(id);
    assertThat(answer.getName()).isEqualTo("Carrier " + id);
    assertThat(answer.getEtag()).isNotEmpty();
    assertThat(answer.hasCreateTime()).isTrue();
    refused(Status.Code.NOT_FOUND, () -> admin.getProvider(GetProviderRequest.newBuilder().setId(id).build()));
    assertNothingWritten();
  }

  @Test
  void routeWritesAreCheckedAgainstTheStoredDataAndStoreNothing() {
    Provider carrier = createProvider(admin);
    String customer = uniqueId("cust");
    Route stored = createRoute(admin, route(customer, "4930", carrier.getId()));
    snapshot();

    Route wouldBe =
        admin.createRoute(
            CreateRouteRequest.newBuilder().setRoute(route(customer, "4940", carrier.getId())).setValidateOnly(true).build());
    refused(
        Status.Code.NOT_FOUND,
        () -> admin.createRoute(
            CreateRouteRequest.newBuilder().setRoute(route(customer, "4940", "no-such-provider")).setValidateOnly(true).build()));
    refused(
        Status.Code.ALREADY_EXISTS,
        () -> admin.createRoute(
            CreateRouteRequest.newBuilder().setRoute(route(customer, "4930", carrier.getId())).setValidateOnly(true).build()));
    Route updated =
        admin.updateRoute(
            UpdateRouteRequest.newBuilder()
                .setRoute(Route.newBuilder().setId(stored.getId()).setPriority(77))
                .setValidateOnly(true)
                .build());
    refused(
        Status.Code.ABORTED,
        "STALE_ETAG",
        () -> admin.updateRoute(
            UpdateRouteRequest.newBuilder()
                .setRoute(Route.newBuilder().setId(stored.getId()).setPriority(77).setEtag("999"))
                .setValidateOnly(true)
                .build()));
    admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(stored.getId()).setValidateOnly(true).build());
    refused(
        Status.Code.NOT_FOUND,
        () -> admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(uniqueId("gone")).setValidateOnly(true).build()));

    assertThat(wouldBe.getId()).isNotEmpty();
    assertThat(wouldBe.getPrefix()).isEqualTo("4940");
    assertThat(updated.getPriority()).isEqualTo(77);
    assertThat(updated.getPrefix()).as("merged with the stored route").isEqualTo("4930");
    refused(Status.Code.NOT_FOUND, () -> admin.getRoute(GetRouteRequest.newBuilder().setId(wouldBe.getId()).build()));
    assertThat(admin.getRoute(GetRouteRequest.newBuilder().setId(stored.getId()).build())).isEqualTo(stored);
    assertNothingWritten();
  }

  @Test
  void providerUpdateAndDeleteStoreNothingAndDeleteStillRefusesAProviderInUse() {
    Provider used = createProvider(admin);
    createRoute(admin, route("", "4930", used.getId()));
    Provider unused = createProvider(admin);
    snapshot();

    Provider updated =
        admin.updateProvider(
            UpdateProviderRequest.newBuilder()
                .setProvider(Provider.newBuilder().setId(unused.getId()).setName("Renamed"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("name"))
                .setValidateOnly(true)
                .build());
    refused(
        Status.Code.FAILED_PRECONDITION,
        "PROVIDER_IN_USE",
        () -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(used.getId()).setValidateOnly(true).build()));
    admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(unused.getId()).setValidateOnly(true).build());

    assertThat(updated.getName()).isEqualTo("Renamed");
    assertThat(updated.getHostname()).isEqualTo(unused.getHostname());
    assertThat(admin.getProvider(GetProviderRequest.newBuilder().setId(unused.getId()).build())).isEqualTo(unused);
    assertThat(admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(1000).build()).getProvidersList())
        .extracting(Provider::getId)
        .contains(used.getId(), unused.getId());
    assertNothingWritten();
  }

  @Test
  void policyWritesStoreNothing() {
    String customer = uniqueId("cust");
    String own = uniqueId("cust");
    admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder().setPolicy(RoutingPolicy.newBuilder().setCustomerId(own).setMaxAttempts(2)).build());
    snapshot();

    RoutingPolicy wouldBe =
        admin.updateRoutingPolicy(
            UpdateRoutingPolicyRequest.newBuilder()
                .setPolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setStrategy(Strategy.LEAST_COST))
                .setValidateOnly(true)
                .build());
    admin.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId(own).setValidateOnly(true).build());

    assertThat(wouldBe.getStrategy()).isEqualTo(Strategy.LEAST_COST);
    assertThat(wouldBe.getInherited()).isFalse();
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customer).build()).getInherited())
        .isTrue();
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(own).build()).getMaxAttempts())
        .isEqualTo(2);
    assertNothingWritten();
  }

  @Test
  void rateImportCountsTheWholeDeckAndStoresNothing() {
    Provider carrier = createProvider(admin);
    RateImports.run(
        server.channel(),
        ImportRatesRequest.newBuilder()
            .setProviderId(carrier.getId())
            .addRates(Rate.newBuilder().setPrefix("49").setPriceMicros(1000).setCurrency("EUR"))
            .build());
    snapshot();

    ImportRatesResponse answer =
        RateImports.run(
            server.channel(),
            ImportRatesRequest.newBuilder()
                .setProviderId(carrier.getId())
                .setReplace(true)
                .setValidateOnly(true)
                .addRates(Rate.newBuilder().setPrefix("44").setPriceMicros(2000).setCurrency("EUR"))
                .build(),
            ImportRatesRequest.newBuilder().addRates(Rate.newBuilder().setPrefix("33").setPriceMicros(3000).setCurrency("EUR")).build());
    refused(
        Status.Code.NOT_FOUND,
        () -> RateImports.run(
            server.channel(),
            ImportRatesRequest.newBuilder()
                .setProviderId(uniqueId("nobody"))
                .setValidateOnly(true)
                .addRates(Rate.newBuilder().setPrefix("44").setPriceMicros(2000).setCurrency("EUR"))
                .build()));

    assertThat(answer.getImported()).isEqualTo(2);
    assertThat(answer.getReplaced()).as("the stored line the replace would delete").isEqualTo(1);
    assertThat(admin.listRates(ListRatesRequest.newBuilder().setProviderId(carrier.getId()).build()).getRatesList())
        .extracting(Rate::getPrefix)
        .containsExactly("49");
    assertNothingWritten();
  }

  @Test
  void apiKeyWritesStoreNothingAndShowNoSecret() {
    CreateApiKeyResponse router =
        admin.createApiKey(
            CreateApiKeyRequest.newBuilder().setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName("router")).build());
    String existingId = router.getApiKey().getId();
    snapshot();

    CreateApiKeyResponse answer =
        admin.createApiKey(
            CreateApiKeyRequest.newBuilder()
                .setApiKey(ApiKey.newBuilder().setRole(Role.CUSTOMER).setCustomerId("acme").setName("dry run"))
                .setValidateOnly(true)
                .build());
    admin.deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(existingId).setValidateOnly(true).build());

    assertThat(answer.getApiKey().getId()).isNotEmpty();
    assertThat(answer.getApiKey().getName()).isEqualTo("dry run");
    assertThat(answer.getSecret()).as("no key, no secret").isEmpty();
    assertThat(admin.listApiKeys(ListApiKeysRequest.newBuilder().setPageSize(1000).build()).getApiKeysList())
        .extracting(ApiKey::getId)
        .doesNotContain(answer.getApiKey().getId())
        .contains(existingId);
    assertThat(
            server.select(router.getSecret())
                .select(SelectRequest.newBuilder().setCustomerId("acme").setDestination("4930123456").build())
                .getDestination())
        .as("the key whose delete was only validated still works")
        .isEqualTo("4930123456");
    assertNothingWritten();
  }
}
