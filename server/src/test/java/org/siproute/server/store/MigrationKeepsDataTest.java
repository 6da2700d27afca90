package org.siproute.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.RoutingFixtures.call;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.NumberFormat;
import org.siproute.proto.v1.Route;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * Data written before the later migrations keeps working after them: rows of the schema as of
 * V3 (the last before issue #14's columns) read with the new columns' defaults and route as
 * they did; a provider keeps its hostname as its one gateway, and statistics rows survive V14's
 * new key.
 */
@OnEachDatabase
class MigrationKeepsDataTest {

  @Test
  void providersAndRoutesOfV3ReadWithTheNewDefaultsAndRouteAsBefore() throws Exception {
    TestDatabase database = TestDatabase.underTest();
    boolean mysql = !database.url().startsWith("jdbc:h2:");
    Flyway.configure()
        .dataSource(database.url(), null, null)
        .locations(mysql ? new String[] {"classpath:db/migration", "classpath:db/migration-mysql"} : new String[] {"classpath:db/migration"})
        .target("3")
        .load()
        .migrate();
    database.execute(
        "INSERT INTO provider (id, name, hostname, transport, tech_prefix, tech_postfix, disabled, weight,"
            + " max_concurrent_calls, version, create_ms, update_ms)"
            + " VALUES ('old', 'Old', 'old.example', 'UDP', '9#', '', FALSE, 0, 0, 1, 0, 0)");
    database.execute(
        "INSERT INTO route (id, customer_id, prefix, provider_id, priority, weight, schedule_time_zone, disabled,"
            + " name, detail, version, create_ms, update_ms)"
            + " VALUES ('r-old', 'acme', '49', 'old', 0, 0, NULL, FALSE, '', '', 1, 0, 0)");
    database.execute(
        "INSERT INTO provider_statistics (instance_id, provider_id, calling_code, bucket_start_ms, bucket_ms, attempts,"
            + " answered, redirections, client_failures, server_failures, global_failures, timeouts, transport_errors,"
            + " provider_failures, abandoned, post_dial_delay_count, post_dial_delay_sum_ms, calls_ended,"
            + " duration_sum_ms, update_ms)"
            + " VALUES ('gone-instance', 'old', 49, 0, 60000, 3, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)");

    // V14 re-keys provider_statistics by gateway: the row written before is kept, for gateway ''.
    // (Checked before the server starts: its first flush deletes buckets this old.)
    Flyway.configure()
        .dataSource(database.url(), null, null)
        .locations(mysql ? new String[] {"classpath:db/migration", "classpath:db/migration-mysql"} : new String[] {"classpath:db/migration"})
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(database.url());
        ResultSet rows = c.createStatement().executeQuery(
            "SELECT attempts FROM provider_statistics WHERE provider_id = 'old' AND gateway = ''")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(3);
    }

    try (TestServer server = TestServer.builder().database(database).start()) {
      org.siproute.proto.v1.Provider old = server.admin().getProvider(GetProviderRequest.newBuilder().setId("old").build());
      assertThat(old.getNumberFormat()).isEqualTo(NumberFormat.E164_DIGITS);
      // V14: the hostname stays the provider's one gateway.
      assertThat(old.getHostname()).isEqualTo("old.example");
      assertThat(old.getGatewaysList()).isEmpty();
      assertThat(old.getGatewayAttempts()).isZero();

      Route route = server.admin().getRoute(GetRouteRequest.newBuilder().setId("r-old").build());
      assertThat(route.getStripDigits()).isZero();
      assertThat(route.getPrepend()).isEmpty();
      assertThat(route.getAction()).isEqualTo(org.siproute.proto.v1.RouteAction.ROUTE);
      assertThat(route.getBlockSipCode()).isZero();
      assertThat(route.getSourcePrefix()).isEmpty();
      assertThat(route.getProviderId()).isEqualTo("old");

      Attempt attempt = server.select().select(call("acme", "+49 30 1234567").build()).getAttempts(0);
      assertThat(attempt.getDialedNumber()).isEqualTo("49301234567");
      assertThat(attempt.getSipUri()).isEqualTo("sip:9%2349301234567@old.example");
      assertThat(attempt.getGateway()).isEqualTo("old.example");
      assertThat(server.admin().getRoutingPolicy(org.siproute.proto.v1.GetRoutingPolicyRequest.getDefaultInstance()).getDefaultRegion())
          .isEmpty();
    }
  }
}
