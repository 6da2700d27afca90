package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
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
import org.siproute.server.testing.AuthTestServer;
import org.siproute.server.testing.RpcProbe;

/**
 * The V2 schema, keys and audit trail on MySQL / MariaDB. Runs when -Dsiproute.mysql.url=
 * jdbc:mysql://host:port/db?user=...&password=... is given; each test works in a database of its
 * own, created and dropped here.
 */
@EnabledIfSystemProperty(named = "siproute.mysql.url", matches = ".+")
class AuthOnMariaDbTest {
  private String serverUrl;
  private String database;
  private AuthTestServer server;

  @BeforeEach
  void start() throws SQLException {
    String url = System.getProperty("siproute.mysql.url");
    int slash = url.indexOf('/', "jdbc:mysql://".length());
    int query = url.indexOf('?');
    serverUrl = url.substring(0, slash + 1) + (query < 0 ? "" : url.substring(query));
    database = "siproute_auth_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    execute("CREATE DATABASE " + database);
    String dbUrl = url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    server = AuthTestServer.start(c -> c.withDatabase(dbUrl, parameter(url, "user"), parameter(url, "password")));
  }

  @AfterEach
  void stop() throws SQLException {
    if (server != null) {
      server.close();
    }
    execute("DROP DATABASE IF EXISTS " + database);
  }

  /** A query parameter of the JDBC URL, or "" (passed on, as the pool would otherwise send none). */
  private static String parameter(String url, String name) {
    int query = url.indexOf('?');
    if (query >= 0) {
      for (String pair : url.substring(query + 1).split("&")) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
    }
    return "";
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
      s.execute(sql);
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
