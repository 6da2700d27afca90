package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siproute.server.testing.Calls.statusOf;
import static org.siproute.server.testing.RpcProbe.admitted;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.db.jooq.Tables;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.DeleteApiKeyRequest;
import org.siproute.proto.v1.ListApiKeysRequest;
import org.siproute.proto.v1.ListApiKeysResponse;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.api.AuthInterceptor;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.Database;
import org.siproute.server.testing.OneReply;
import org.siproute.server.testing.RpcProbe;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/** Part 1 of issue 5: every RouteAdmin and RouteSelect call needs a valid, unrevoked API key. */
class AuthenticationTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Channel withAuthorization(Channel channel, String headerValue) {
    Metadata headers = new Metadata();
    headers.put(AuthInterceptor.AUTHORIZATION, headerValue);
    return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Test
  void everyRouteAdminAndRouteSelectRpcWithoutKeyIsUnauthenticated() {
    List<io.grpc.MethodDescriptor<?, ?>> methods = new ArrayList<>();
    methods.addAll(RpcProbe.methods(org.siproute.proto.v1.RouteAdminGrpc.getServiceDescriptor()));
    methods.addAll(RpcProbe.methods(RouteSelectGrpc.getServiceDescriptor()));
    assertThat(methods).hasSizeGreaterThan(20);
    for (io.grpc.MethodDescriptor<?, ?> method : methods) {
      Status status = RpcProbe.call(server.anonymousChannel(), method);
      assertThat(status.getCode()).as(method.getFullMethodName()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).contains("missing API key");
    }
  }

  @Test
  void malformedAuthorizationHeadersAreUnauthenticatedAndNotEchoed() {
    for (String header : List.of("Basic " + TestKeys.ADMIN_KEY, "Bearer", "Bearer    ", TestKeys.ADMIN_KEY,
        "Bearer " + "x".repeat(600))) {
      Status status =
          RpcProbe.call(withAuthorization(server.anonymousChannel(), header), org.siproute.proto.v1.RouteAdminGrpc.getListProvidersMethod());
      assertThat(status.getCode()).as(header).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).doesNotContain(TestKeys.ADMIN_KEY).doesNotContain("xxxx");
    }
  }

  @Test
  void unknownKeyIsUnauthenticatedWithoutEchoingIt() {
    String guess = "sr_" + "A".repeat(43);
    StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> server.admin(guess).listProviders(ListProvidersRequest.getDefaultInstance()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).isEqualTo("unknown or revoked API key");
  }

  @Test
  void bootstrapKeyIsAnAdminKeyAndTheBearerSchemeIsCaseInsensitive() {
    assertThat(server.admin().listProviders(ListProvidersRequest.getDefaultInstance()).getProvidersCount()).isZero();
    Status lower =
        RpcProbe.call(
            withAuthorization(server.anonymousChannel(), "bearer " + TestKeys.ADMIN_KEY),
            org.siproute.proto.v1.RouteAdminGrpc.getListProvidersMethod());
    assertThat(lower.getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void healthAndReflectionNeedNoKey() throws Exception {
    HealthCheckResponse health =
        HealthGrpc.newBlockingStub(server.anonymousChannel()).check(HealthCheckRequest.getDefaultInstance());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    OneReply<ServerReflectionResponse> answer = new OneReply<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(server.anonymousChannel()).serverReflectionInfo(answer);
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    ServerReflectionResponse response = answer.get();
    requests.onCompleted();
    assertThat(response.getListServicesResponse().getServiceList())
        .extracting(s -> s.getName())
        .contains("siproute.v1.RouteAdmin", "siproute.v1.RouteSelect");
  }

  @Test
  void createdKeyWorksAndItsSecretIsShownOnlyOnce() {
    CreateApiKeyResponse created =
        server.admin()
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setApiKey(ApiKey.newBuilder().setRole(Role.ADMIN).setName("ops laptop"))
                    .build());
    assertThat(created.getSecret()).matches("sr_[A-Za-z0-9_-]{43}");
    assertThat(created.getApiKey().getId()).isNotEmpty();
    assertThat(created.getApiKey().getCreatedBy()).isEqualTo(Principal.BOOTSTRAP);
    assertThat(created.getApiKey().getRole()).isEqualTo(Role.ADMIN);

    ListApiKeysResponse listed = server.admin().listApiKeys(ListApiKeysRequest.getDefaultInstance());
    assertThat(listed.getApiKeysList()).extracting(ApiKey::getId).containsExactly(created.getApiKey().getId());
    assertThat(listed.toString()).doesNotContain(created.getSecret());

    assertThat(server.admin(created.getSecret()).listProviders(ListProvidersRequest.getDefaultInstance())).isNotNull();
  }

  @Test
  void secretsAreStoredOnlyAsTheirSha256() {
    String secret = server.createKey(Role.ROUTER, "");
    DSLContext db = server.injector().getInstance(DSLContext.class);
    List<Record> rows = new ArrayList<>(db.selectFrom(Tables.API_KEY).fetch());
    assertThat(rows).hasSize(1);
    for (Object value : rows.get(0).intoArray()) {
      assertThat(String.valueOf(value)).doesNotContain(secret).doesNotContain(secret.substring(3, 20));
    }
    assertThat(rows.get(0).get(Tables.API_KEY.SECRET_SHA256)).isEqualTo(ApiKeySecrets.sha256Hex(secret));
  }

  @Test
  void revokedKeyIsRefusedAtOnceOnTheRevokingInstance() {
    CreateApiKeyResponse created =
        server.admin()
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName("sbc-1"))
                    .build());
    String secret = created.getSecret();
    assertThat(admitted(RpcProbe.call(server.channel(secret), RouteSelectGrpc.getSelectMethod()))).isTrue();

    server.admin().deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(created.getApiKey().getId()).build());

    Status after = RpcProbe.call(server.channel(secret), RouteSelectGrpc.getSelectMethod());
    assertThat(after.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(server.admin().listApiKeys(ListApiKeysRequest.getDefaultInstance()).getApiKeysCount()).isZero();
    ApiKey revoked =
        server.admin().listApiKeys(ListApiKeysRequest.newBuilder().setShowRevoked(true).build()).getApiKeys(0);
    assertThat(revoked.getId()).isEqualTo(created.getApiKey().getId());
    assertThat(revoked.hasRevokeTime()).isTrue();
    Status again =
        statusOf(() -> server.admin().deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(revoked.getId()).build()));
    assertThat(again.getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void keysAndRevocationsReachAnotherInstanceWithinTheRefreshInterval() throws Exception {
    Duration refresh = Duration.ofMillis(200);
    UnaryOperator<ServerConfig> refreshing = c -> c.withSecurity(c.security().withKeyRefreshInterval(refresh));
    try (TestDatabase shared = TestDatabase.h2();
        TestServer a = TestServer.builder().sharedDatabase(shared).config(refreshing).start();
        TestServer b = TestServer.builder().sharedDatabase(shared).config(refreshing).start()) {
      CreateApiKeyResponse created =
          a.admin()
              .createApiKey(
                  CreateApiKeyRequest.newBuilder()
                      .setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName("sbc-2"))
                      .build());
      String secret = created.getSecret();
      long accepted = millisUntil(() -> admitted(RpcProbe.call(b.channel(secret), RouteSelectGrpc.getSelectMethod())));
      assertThat(accepted).isLessThan(2_000);

      a.admin().deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(created.getApiKey().getId()).build());
      assertThat(RpcProbe.call(a.channel(secret), RouteSelectGrpc.getSelectMethod()).getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      long refused =
          millisUntil(
              () -> RpcProbe.call(b.channel(secret), RouteSelectGrpc.getSelectMethod()).getCode() == Status.Code.UNAUTHENTICATED);
      assertThat(refused).isLessThan(2_000);
    }
  }

  private static long millisUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(10)) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void authenticationNeedsNoDatabaseOnceKeysAreLoaded() {
    String router = server.createKey(Role.ROUTER, "");
    // The pool is gone: any query now fails. Keys must still be recognised from memory.
    server.injector().getInstance(Database.class).close();
    assertThat(admitted(RpcProbe.call(server.channel(router), RouteSelectGrpc.getSelectMethod()))).isTrue();
    assertThat(RpcProbe.call(server.anonymousChannel(), RouteSelectGrpc.getSelectMethod()).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void createApiKeyValidatesRoleCustomerAndName() {
    record Case(ApiKey key, String field) {}
    List<Case> cases =
        List.of(
            new Case(ApiKey.newBuilder().setName("x").build(), "api_key.role"),
            new Case(ApiKey.newBuilder().setRole(Role.CUSTOMER).setName("x").build(), "api_key.customer_id"),
            new Case(ApiKey.newBuilder().setRole(Role.CUSTOMER).setCustomerId("bad id!").setName("x").build(), "api_key.customer_id"),
            new Case(ApiKey.newBuilder().setRole(Role.ROUTER).setCustomerId("acme").setName("x").build(), "api_key.customer_id"),
            new Case(ApiKey.newBuilder().setRole(Role.ADMIN).build(), "api_key.name"),
            new Case(ApiKey.newBuilder().setRole(Role.ADMIN).setName("a\nb").build(), "api_key.name"),
            new Case(ApiKey.newBuilder().setRoleValue(42).setName("x").build(), "api_key.role"));
    for (Case c : cases) {
      Status status =
          statusOf(() -> server.admin().createApiKey(CreateApiKeyRequest.newBuilder().setApiKey(c.key()).build()));
      assertThat(status.getCode()).as(c.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).as(c.toString()).startsWith(c.field());
    }
    assertThat(server.admin().listApiKeys(ListApiKeysRequest.newBuilder().setShowRevoked(true).build()).getApiKeysCount())
        .isZero();
  }

  @Test
  void listApiKeysPagesInIdOrderWithoutGapsOrRepeats() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          server.admin()
              .createApiKey(
                  CreateApiKeyRequest.newBuilder()
                      .setApiKey(ApiKey.newBuilder().setRole(Role.CUSTOMER).setCustomerId("c" + i).setName("k" + i))
                      .build())
              .getApiKey()
              .getId());
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      ListApiKeysResponse page =
          server.admin().listApiKeys(ListApiKeysRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      assertThat(page.getApiKeysCount()).isLessThanOrEqualTo(2);
      page.getApiKeysList().forEach(k -> seen.add(k.getId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).isSorted();
    assertThatThrownBy(
            () -> server.admin().listApiKeys(ListApiKeysRequest.newBuilder().setPageToken("garbage").build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INVALID_ARGUMENT");
  }
}
