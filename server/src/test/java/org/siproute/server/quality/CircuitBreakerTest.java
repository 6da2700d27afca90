package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.quality.QualityTestSupport.call49;
import static org.siproute.server.quality.QualityTestSupport.order;
import static org.siproute.server.quality.QualityTestSupport.providersFor49;
import static org.siproute.server.quality.QualityTestSupport.reasonsOf;
import static org.siproute.server.quality.QualityTestSupport.report;
import static org.siproute.server.quality.QualityTestSupport.reportFailure;
import static org.siproute.server.quality.QualityTestSupport.status;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.CircuitState;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.TestServer;

/** Circuit breaking through gRPC, with a clock the test moves: open, half-open, closed. */
class CircuitBreakerTest {
  private static final Duration COOL_DOWN = Duration.ofSeconds(30);
  /** The trial of a half-open circuit lapses after the dial idle timeout. */
  private static final Duration TRIAL_LEASE = Duration.ofSeconds(120);

  private final MutableClock clock = QualityTestSupport.clock();
  private TestServer server;

  @BeforeEach
  void start() {
    server = QualityTestSupport.server(QualityConfig.DEFAULTS.withCircuit(5, COOL_DOWN), clock);
    providersFor49(server, "p0", "p1");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One call on a Dial stream: p0 answers {@code p0Code}, p1 connects, the call ends. */
  private void dialFailingOverFromP0(int p0Code) {
    DialSession dial = server.dial(call49(), "");
    assertThat(dial.first()).map(Attempt::getProviderId).contains("p0");
    assertThat(dial.report(p0Code)).map(Attempt::getProviderId).contains("p1");
    dial.report(200);
    assertThat(dial.end().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    dial.hangUp(Duration.ofMillis(1000));
    assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
  }

  private void openP0() {
    for (int i = 0; i < 5; i++) {
      dialFailingOverFromP0(503);
    }
    assertThat(status(server, "p0").getCircuitState()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void fiveProviderFailuresInARowOpenTheCircuitAndMoveTheProviderBehindHealthyOnes() {
    for (int i = 0; i < 4; i++) {
      dialFailingOverFromP0(503);
    }
    ProviderStatus fourFailures = status(server, "p0");
    assertThat(fourFailures.getCircuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(fourFailures.getConsecutiveFailures()).isEqualTo(4);
    assertThat(order(server)).containsExactly("p0", "p1");

    dialFailingOverFromP0(503);
    ProviderStatus open = status(server, "p0");
    assertThat(open.getCircuitState()).isEqualTo(CircuitState.OPEN);
    assertThat(open.getConsecutiveFailures()).isEqualTo(5);
    assertThat(Timestamps.toMillis(open.getCircuitChangeTime())).isEqualTo(clock.millis());
    assertThat(Timestamps.toMillis(open.getCircuitRetryTime())).isEqualTo(clock.millis() + COOL_DOWN.toMillis());
    assertThat(open.getDegradedReason()).isEqualTo("circuit open");
    assertThat(order(server)).as("never dropped: last").containsExactly("p1", "p0");
    assertThat(reasonsOf(server, "p0")).contains("after healthy providers: circuit open");
    assertThat(status(server, "p1").getCircuitState()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void afterTheCoolDownOneTrialCallGoesThroughAndItsSuccessClosesTheCircuit() {
    openP0();
    clock.advance(COOL_DOWN.minusSeconds(1));
    assertThat(order(server)).as("still cooling down").containsExactly("p1", "p0");
    clock.advance(Duration.ofSeconds(1));
    assertThat(status(server, "p0").getCircuitState()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(status(server, "p0").getTrialInProgress()).isFalse();

    DialSession trial = server.dial(call49(), "trial");
    assertThat(trial.first()).map(Attempt::getProviderId).as("the trial call").contains("p0");
    ProviderStatus halfOpen = status(server, "p0");
    assertThat(halfOpen.getCircuitState()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(halfOpen.getTrialInProgress()).isTrue();
    DialSession other = server.dial(call49(), "other");
    assertThat(other.first())
        .map(Attempt::getProviderId)
        .as("one trial at a time: another call meanwhile goes elsewhere")
        .contains("p1");
    assertThat(reasonsOf(server, "p0")).contains("after healthy providers: circuit half-open: trial call in progress");

    trial.report(200);
    assertThat(trial.end().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    ProviderStatus closed = status(server, "p0");
    assertThat(closed.getCircuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(closed.getConsecutiveFailures()).isZero();
    assertThat(Timestamps.toMillis(closed.getUpdateTime())).isEqualTo(clock.millis());
    assertThat(order(server)).containsExactly("p0", "p1");
    trial.close();
    server.streamOf(other).cancel();
  }

  @Test
  void aFailedTrialOpensTheCircuitAgainForAnotherCoolDown() {
    openP0();
    clock.advance(COOL_DOWN);
    DialSession trial = server.dial(call49(), "trial");
    assertThat(trial.first()).map(Attempt::getProviderId).contains("p0");
    clock.advance(Duration.ofSeconds(5));
    trial.reportTimeout();
    ProviderStatus reopened = status(server, "p0");
    assertThat(reopened.getCircuitState()).isEqualTo(CircuitState.OPEN);
    assertThat(Timestamps.toMillis(reopened.getCircuitRetryTime())).isEqualTo(clock.millis() + COOL_DOWN.toMillis());
    assertThat(order(server)).containsExactly("p1", "p0");
    clock.advance(COOL_DOWN);
    assertThat(order(server)).as("the next trial").containsExactly("p0", "p1");
    trial.close();
  }

  @Test
  void anAbandonedTrialLetsTheNextCallBeTheTrial() {
    openP0();
    clock.advance(COOL_DOWN);
    DialSession trial = server.dial(call49(), "trial");
    assertThat(trial.first()).map(Attempt::getProviderId).contains("p0");
    server.streamOf(trial).cancel();
    QualityTestSupport.eventually("the trial is free again", () -> !status(server, "p0").getTrialInProgress());
    assertThat(server.dial(call49(), "next").first()).map(Attempt::getProviderId).contains("p0");
  }

  @Test
  void aTrialWhoseOutcomeNeverComesLapsesAfterTheDialIdleTimeout() {
    openP0();
    clock.advance(COOL_DOWN);
    assertThat(order(server)).as("a Select takes the trial").containsExactly("p0", "p1");
    assertThat(order(server)).as("and never reports it").containsExactly("p1", "p0");
    clock.advance(TRIAL_LEASE.minusSeconds(1));
    assertThat(order(server)).containsExactly("p1", "p0");
    clock.advance(Duration.ofSeconds(1));
    assertThat(order(server)).as("the trial lapsed: a new one").containsExactly("p0", "p1");
  }

  @Test
  void failuresOfCallsThatReachTheProviderAnywayRestartTheCoolDown() {
    openP0();
    clock.advance(COOL_DOWN.minusSeconds(10));
    reportFailure(server, "p0", AttemptFailure.TRANSPORT_ERROR); // a last-resort call still fails
    clock.advance(Duration.ofSeconds(10));
    assertThat(status(server, "p0").getCircuitState()).isEqualTo(CircuitState.OPEN);
    assertThat(order(server)).containsExactly("p1", "p0");
  }

  @Test
  void anAnsweredLastResortCallClosesTheCircuitAtOnce() {
    openP0();
    report(server, "p0", 49, 200);
    assertThat(status(server, "p0").getCircuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(order(server)).containsExactly("p0", "p1");
  }

  @ParameterizedTest
  @ValueSource(ints = {486, 480, 487, 603, 600, 404, 403, 302})
  void calleeAnswersAndOtherNonProviderFailuresNeverOpenTheCircuit(int code) {
    for (int i = 0; i < 10; i++) {
      report(server, "p0", 49, code);
    }
    ProviderStatus p0 = status(server, "p0");
    assertThat(p0.getCircuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(p0.getConsecutiveFailures()).isZero();
    assertThat(p0.getStatistics().getProviderFailures()).isZero();
    assertThat(order(server)).containsExactly("p0", "p1");
  }

  @Test
  void aCalleeAnswerBetweenProviderFailuresShowsTheProviderWorksAndResetsTheCount() {
    for (int i = 0; i < 4; i++) {
      report(server, "p0", 49, 503);
    }
    report(server, "p0", 49, 486);
    for (int i = 0; i < 4; i++) {
      report(server, "p0", 49, 503);
    }
    assertThat(status(server, "p0").getCircuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(status(server, "p0").getConsecutiveFailures()).isEqualTo(4);
  }

  @Test
  void every5xxRequestTimeoutNoAnswerAndTransportErrorIsAProviderFailure() {
    for (int code : List.of(500, 408, 580)) {
      report(server, "p0", 49, code);
    }
    reportFailure(server, "p0", AttemptFailure.TIMEOUT);
    reportFailure(server, "p0", AttemptFailure.TRANSPORT_ERROR);
    ProviderStatus p0 = status(server, "p0");
    assertThat(p0.getCircuitState()).isEqualTo(CircuitState.OPEN);
    assertThat(p0.getStatistics().getProviderFailures()).isEqualTo(5);
  }

  @Test
  void theThresholdIsASetting() {
    try (TestServer strict =
        QualityTestSupport.server(QualityConfig.DEFAULTS.withCircuit(2, COOL_DOWN), QualityTestSupport.clock())) {
      providersFor49(strict, "p0", "p1");
      report(strict, "p0", 49, 503);
      assertThat(status(strict, "p0").getCircuitState()).isEqualTo(CircuitState.CLOSED);
      report(strict, "p0", 49, 503);
      assertThat(status(strict, "p0").getCircuitState()).isEqualTo(CircuitState.OPEN);
    }
  }
}
