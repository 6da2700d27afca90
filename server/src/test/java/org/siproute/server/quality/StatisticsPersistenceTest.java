package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.quality.QualityTestSupport.call49;
import static org.siproute.server.quality.QualityTestSupport.order;
import static org.siproute.server.quality.QualityTestSupport.report;
import static org.siproute.server.quality.QualityTestSupport.status;

import com.google.protobuf.FieldMask;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CircuitState;
import org.siproute.proto.v1.OutcomeStatistics;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.DialClient;
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.RoutingTestServer;

/**
 * Statistics in the database: they outlive a restart, and instances on one database add up
 * each other's. Two server lifetimes on one in-memory H2 database that outlives them.
 */
class StatisticsPersistenceTest {
  private static final QualityConfig QUALITY = QualityConfig.DEFAULTS.withMinSamples(5);

  private final MutableClock clock = QualityTestSupport.clock();
  private final String url = RoutingTestServer.freshH2Url();

  private RoutingTestServer server() {
    return server(url);
  }

  private RoutingTestServer server(String databaseUrl) {
    return QualityTestSupport.server(databaseUrl, QUALITY, Duration.ofSeconds(120), clock);
  }

  private static void flush(RoutingTestServer server) {
    server.instance(StatisticsFlusher.class).flushNow();
  }

  @Test
  void statisticsSurviveARestartAndStillSteerQualityRouting() {
    restartKeepsStatistics(url);
  }

  @Test
  void statisticsSurviveARestartOnMariaDb() throws Exception {
    String base = System.getProperty("siproute.mysql.url", "");
    Assumptions.assumeFalse(base.isBlank(), "set -Dsiproute.mysql.url=jdbc:mysql://127.0.0.1:3306/?user=root to run on MariaDB");
    String database = "siproute_qs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base)) {
      c.createStatement().execute("CREATE DATABASE " + database);
    }
    try {
      restartKeepsStatistics(base.replaceFirst("/(\\?|$)", "/" + database + "$1"));
    } finally {
      try (Connection c = DriverManager.getConnection(base)) {
        c.createStatement().execute("DROP DATABASE " + database);
      }
    }
  }

  private void restartKeepsStatistics(String databaseUrl) {
    try (RoutingTestServer first = server(databaseUrl)) {
      QualityTestSupport.providersFor49(first, "p0", "p1");
      first.admin.updateRoutingPolicy(
          UpdateRoutingPolicyRequest.newBuilder()
              .setPolicy(RoutingPolicy.newBuilder().setCustomerId("").setStrategy(Strategy.QUALITY))
              .setUpdateMask(FieldMask.newBuilder().addPaths("strategy"))
              .build());
      for (int i = 0; i < 5; i++) {
        report(first, "p1", 49, 200);
        report(first, "p0", 49, 486);
      }
      report(first, "p1", 1, 503);
      DialClient dial = new DialClient(first.selectAsync);
      assertThat(dial.start(call49(), "c").getAttempt().getProviderId()).isEqualTo("p1");
      dial.send(org.siproute.proto.v1.DialRequest.newBuilder()
          .setResult(org.siproute.proto.v1.AttemptResult.newBuilder().setIndex(0).setSipCode(200).setPostDialDelayMs(1800))
          .build());
      dial.next();
      dial.ended(90_000);
      assertThat(dial.awaitClose()).isNull();
      assertThat(order(first)).containsExactly("p1", "p0");
    } // stopping flushes

    clock.advance(Duration.ofMinutes(1));
    try (RoutingTestServer second = server(databaseUrl)) {
      OutcomeStatistics p1 = status(second, "p1").getStatistics();
      assertThat(p1.getAttempts()).isEqualTo(7);
      assertThat(p1.getAnswered()).isEqualTo(6);
      assertThat(p1.getServerFailures()).isEqualTo(1);
      assertThat(p1.getAveragePostDialDelayMs()).isEqualTo(1800);
      assertThat(p1.getAverageDurationMs()).isEqualTo(90_000);
      assertThat(status(second, "p1").getDestinationsList()).hasSize(2);
      assertThat(status(second, "p0").getStatistics().getClientFailures()).isEqualTo(5);
      assertThat(order(second)).as("the restarted instance routes on what it learnt before").containsExactly("p1", "p0");
      assertThat(status(second, "p0").getCircuitState()).as("circuits are per instance and life").isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void instancesOnOneDatabaseAddUpEachOthersStatisticsButKeepTheirOwnCircuits() {
    try (RoutingTestServer a = server();
        RoutingTestServer b = server()) {
      QualityTestSupport.providersFor49(a, "p0");
      b.instance(org.siproute.server.routing.RoutingSnapshots.class).refreshNow();
      for (int i = 0; i < 5; i++) {
        report(a, "p0", 49, 503);
      }
      report(b, "p0", 49, 200);
      report(b, "p0", 49, 200);
      assertThat(status(b, "p0").getStatistics().getAttempts()).as("not flushed yet").isEqualTo(2);

      flush(a);
      flush(b);
      flush(a);
      OutcomeStatistics seenByA = status(a, "p0").getStatistics();
      OutcomeStatistics seenByB = status(b, "p0").getStatistics();
      assertThat(seenByA.getAttempts()).isEqualTo(7);
      assertThat(seenByB.getAttempts()).isEqualTo(7);
      assertThat(seenByB.getServerFailures()).isEqualTo(5);
      assertThat(seenByB.getAnswered()).isEqualTo(2);
      assertThat(status(a, "p0").getCircuitState()).isEqualTo(CircuitState.OPEN);
      assertThat(status(b, "p0").getCircuitState()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void flushingAgainOverwritesRatherThanAddsUp() {
    try (RoutingTestServer a = server();
        RoutingTestServer b = server()) {
      QualityTestSupport.providersFor49(a, "p0");
      b.instance(org.siproute.server.routing.RoutingSnapshots.class).refreshNow();
      report(a, "p0", 49, 200);
      report(a, "p0", 49, 200);
      flush(a);
      flush(a);
      report(a, "p0", 49, 486);
      flush(a);
      flush(a);
      flush(b);
      assertThat(status(b, "p0").getStatistics().getAttempts()).isEqualTo(3);
    }
  }

  @Test
  void flushedStatisticsFadeWithTheWindowLikeLiveOnes() {
    try (RoutingTestServer first = server()) {
      QualityTestSupport.providersFor49(first, "p0");
      report(first, "p0", 49, 200);
    }
    clock.advance(Duration.ofMinutes(16));
    try (RoutingTestServer second = server()) {
      assertThat(status(second, "p0").getStatistics().getAttempts()).isZero();
      assertThat(status(second, "p0").getDestinationsList()).isEmpty();
    }
  }
}
