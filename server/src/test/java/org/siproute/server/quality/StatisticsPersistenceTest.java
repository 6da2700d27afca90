package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.quality.QualityTestSupport.call49;
import static org.siproute.server.quality.QualityTestSupport.order;
import static org.siproute.server.quality.QualityTestSupport.report;
import static org.siproute.server.quality.QualityTestSupport.status;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CircuitState;
import org.siproute.proto.v1.OutcomeStatistics;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * Statistics in the database: they outlive a restart, and instances on one database add up
 * each other's. Two server lifetimes on one in-memory H2 database that outlives them.
 */
class StatisticsPersistenceTest {
  private static final QualityConfig QUALITY = QualityConfig.DEFAULTS.withMinSamples(5);

  private final MutableClock clock = QualityTestSupport.clock();
  private final TestDatabase database = TestDatabase.h2();

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  private TestServer server() {
    return server(database);
  }

  private TestServer server(TestDatabase on) {
    return QualityTestSupport.serverWith(QUALITY, clock).sharedDatabase(on).start();
  }

  private static void flush(TestServer server) {
    server.instance(StatisticsFlusher.class).flushNow();
  }

  @Test
  void statisticsSurviveARestartAndStillSteerQualityRouting() {
    restartKeepsStatistics(database);
  }

  @Test
  void statisticsSurviveARestartOnMariaDb() {
    try (TestDatabase mariaDb = TestDatabase.mariaDbOrSkip()) {
      restartKeepsStatistics(mariaDb);
    }
  }

  private void restartKeepsStatistics(TestDatabase on) {
    try (TestServer first = server(on)) {
      QualityTestSupport.providersFor49(first, "p0", "p1");
      first.admin().updateRoutingPolicy(
          UpdateRoutingPolicyRequest.newBuilder()
              .setPolicy(RoutingPolicy.newBuilder().setCustomerId("").setStrategy(Strategy.QUALITY))
              .setUpdateMask(FieldMask.newBuilder().addPaths("strategy"))
              .build());
      for (int i = 0; i < 5; i++) {
        report(first, "p1", 49, 200);
        report(first, "p0", 49, 486);
      }
      report(first, "p1", 1, 503);
      DialSession dial = first.dial(call49(), "c");
      assertThat(dial.first()).map(Attempt::getProviderId).contains("p1");
      dial.report(200, 1800);
      dial.hangUp(Duration.ofMillis(90_000));
      assertThat(first.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
      assertThat(order(first)).containsExactly("p1", "p0");
    } // stopping flushes

    clock.advance(Duration.ofMinutes(1));
    try (TestServer second = server(on)) {
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
    try (TestServer a = server();
        TestServer b = server()) {
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
  void gatewayStatisticsAreSharedPerGateway() {
    gatewayStatisticsAreSharedPerGateway(database);
  }

  @Test
  void gatewayStatisticsAreSharedPerGatewayOnMariaDb() {
    try (TestDatabase mariaDb = TestDatabase.mariaDbOrSkip()) {
      gatewayStatisticsAreSharedPerGateway(mariaDb);
    }
  }

  private void gatewayStatisticsAreSharedPerGateway(TestDatabase on) {
    try (TestServer a = server(on);
        TestServer b = server(on)) {
      a.admin().createProvider(org.siproute.proto.v1.CreateProviderRequest.newBuilder()
          .setProvider(org.siproute.proto.v1.Provider.newBuilder().setId("two").setName("two").setGatewayAttempts(2)
              .addGateways(org.siproute.proto.v1.Gateway.newBuilder().setAddress("g1.example").setWeight(1))
              .addGateways(org.siproute.proto.v1.Gateway.newBuilder().setAddress("g2.example").setWeight(1)))
          .build());
      b.instance(org.siproute.server.routing.RoutingSnapshots.class).refreshNow();
      for (int i = 0; i < 3; i++) {
        a.select().reportOutcome(org.siproute.proto.v1.ReportOutcomeRequest.newBuilder()
            .setProviderId("two").setGateway("g1.example").setCallingCode(49).setSipCode(503).build());
      }
      for (int i = 0; i < 2; i++) {
        b.select().reportOutcome(org.siproute.proto.v1.ReportOutcomeRequest.newBuilder()
            .setProviderId("two").setGateway("g2.example").setCallingCode(49).setSipCode(200).build());
      }
      flush(a);
      flush(b);
      ProviderStatus seenByB = status(b, "two");
      assertThat(seenByB.getStatistics().getAttempts()).isEqualTo(5);
      assertThat(seenByB.getGateways(0).getAddress()).isEqualTo("g1.example");
      assertThat(seenByB.getGateways(0).getStatistics().getServerFailures()).isEqualTo(3);
      assertThat(seenByB.getGateways(0).getStatistics().getAnswered()).isZero();
      assertThat(seenByB.getGateways(1).getStatistics().getAnswered()).isEqualTo(2);
      assertThat(seenByB.getGateways(1).getStatistics().getAttempts()).isEqualTo(2);
    }
  }

  @Test
  void flushingAgainOverwritesRatherThanAddsUp() {
    try (TestServer a = server();
        TestServer b = server()) {
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
    try (TestServer first = server()) {
      QualityTestSupport.providersFor49(first, "p0");
      report(first, "p0", 49, 200);
    }
    clock.advance(Duration.ofMinutes(16));
    try (TestServer second = server()) {
      assertThat(status(second, "p0").getStatistics().getAttempts()).isZero();
      assertThat(status(second, "p0").getDestinationsList()).isEmpty();
    }
  }
}
