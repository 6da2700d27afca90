package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DeleteApiKeyRequest;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RpcProbe;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/** The V2 schema, keys and audit trail on each database (long audit values included). */
@OnEachDatabase
class AuthStorageTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(TestDatabase.underTest());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void keysAndAuditTrailWork() {
    CreateApiKeyResponse router =
        server.admin()
            .createApiKey(
                CreateApiKeyRequest.newBuilder().setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName("sbc")).build());
    assertThat(RpcProbe.admitted(RpcProbe.call(server.channel(router.getSecret()), RouteSelectGrpc.getSelectMethod()))).isTrue();
    server.admin()
        .createProvider(
            CreateProviderRequest.newBuilder()
                .setProvider(Provider.newBuilder().setId("p1").setName("P1").setHostname("sip.p1.example").putLabels("note", "x".repeat(256)))
                .build());
    server.admin().deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(router.getApiKey().getId()).build());
    assertThat(RpcProbe.call(server.channel(router.getSecret()), RouteSelectGrpc.getSelectMethod()).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    List<AuditEvent> events = server.admin().listAuditEvents(ListAuditEventsRequest.getDefaultInstance()).getAuditEventsList();
    assertThat(events).extracting(AuditEvent::getResourceType).containsExactly("api_key", "provider", "api_key");
    assertThat(events.get(1).getAfterJson()).contains("x".repeat(256));
    assertThat(
            server.admin()
                .listAuditEvents(ListAuditEventsRequest.newBuilder().setResourceType("provider").setResourceId("p1").build())
                .getAuditEventsCount())
        .isEqualTo(1);
  }
}
