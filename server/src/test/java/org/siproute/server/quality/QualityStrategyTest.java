package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.siproute.server.quality.QualityTestSupport.order;
import static org.siproute.server.quality.QualityTestSupport.providersFor49;
import static org.siproute.server.quality.QualityTestSupport.reasonsOf;
import static org.siproute.server.quality.QualityTestSupport.report;
import static org.siproute.server.quality.QualityTestSupport.status;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.DestinationStatistics;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.TestServer;

/** The QUALITY strategy through gRPC: answer-seizure ratios, sample minimums, the window. */
class QualityStrategyTest {
  private final MutableClock clock = QualityTestSupport.clock();
  private TestServer server;

  @BeforeEach
  void start() {
    server = QualityTestSupport.server(QualityConfig.DEFAULTS, clock); // 15 min window, 20 samples
    providersFor49(server, "p0", "p1", "p2");
    server.admin().updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId("").setStrategy(Strategy.QUALITY))
            .setUpdateMask(FieldMask.newBuilder().addPaths("strategy"))
            .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code attempts} reports for +49, the first {@code answered} of them 200, the rest 486. */
  private void outcomes(String providerId, int attempts, int answered) {
    for (int i = 0; i < attempts; i++) {
      report(server, providerId, 49, i < answered ? 200 : 486);
    }
  }

  @Test
  void providersThatAnswerMoreGoFirstAndThoseWithTooFewCallsFollowInPriorityOrder() {
    assertThat(order(server)).as("nothing known: priority").containsExactly("p0", "p1", "p2");
    outcomes("p2", 20, 18);
    outcomes("p1", 20, 10);
    outcomes("p0", 19, 19); // perfect, but one call short of the minimum
    assertThat(order(server)).containsExactly("p2", "p1", "p0");
    assertThat(reasonsOf(server, "p2")).contains("answer-seizure ratio 0.900");
    assertThat(reasonsOf(server, "p0")).contains("too few calls to judge quality: priority 0");

    outcomes("p0", 1, 1);
    assertThat(order(server)).as("the 20th call makes p0's ratio count").containsExactly("p0", "p2", "p1");
  }

  @Test
  void oneLuckyCallDoesNotWin() {
    outcomes("p1", 20, 10);
    outcomes("p2", 1, 1);
    assertThat(order(server)).containsExactly("p1", "p0", "p2");
  }

  @Test
  void ratiosArePerDestinationCountry() {
    for (int i = 0; i < 20; i++) {
      report(server, "p2", 1, 200); // +1 numbers
      report(server, "p1", 49, 486);
    }
    outcomes("p0", 20, 5);
    assertThat(order(server)).as("p2's +1 calls say nothing about +49").containsExactly("p0", "p1", "p2");
    List<DestinationStatistics> p2 = status(server, "p2").getDestinationsList();
    assertThat(p2).extracting(DestinationStatistics::getCallingCode).containsExactly(1);
    assertThat(p2.get(0).getQualityScored()).isTrue();
  }

  @Test
  void dialResultsCountLikeReports() {
    for (int i = 0; i < 20; i++) {
      DialSession dial = server.dial(QualityTestSupport.call49(), "");
      assertThat(dial.first()).map(Attempt::getProviderId).contains("p0");
      assertThat(dial.report(404)).map(Attempt::getProviderId).contains("p1");
      dial.report(200);
      dial.hangUp(Duration.ofMillis(30_000));
      assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
    }
    assertThat(status(server, "p0").getStatistics().getAttempts()).isEqualTo(20);
    assertThat(order(server)).as("p1 answered all, p0 none, p2 unknown").containsExactly("p1", "p0", "p2");
  }

  @Test
  void oldOutcomesFadeOutOfTheWindow() {
    outcomes("p2", 20, 20);
    assertThat(order(server)).containsExactly("p2", "p0", "p1");
    clock.advance(Duration.ofMinutes(10));
    assertThat(order(server)).as("10 of 15 minutes later").containsExactly("p2", "p0", "p1");
    clock.advance(Duration.ofMinutes(6));
    assertThat(order(server)).as("older than the window").containsExactly("p0", "p1", "p2");
    assertThat(status(server, "p2").getStatistics().getAttempts()).isZero();
  }

  @Test
  void theMinimumSampleSizeIsASetting() {
    try (TestServer few =
        QualityTestSupport.server(QualityConfig.DEFAULTS.withMinSamples(3), QualityTestSupport.clock())) {
      providersFor49(few, "p0", "p1");
      few.admin().updateRoutingPolicy(
          UpdateRoutingPolicyRequest.newBuilder()
              .setPolicy(RoutingPolicy.newBuilder().setCustomerId("").setStrategy(Strategy.QUALITY))
              .setUpdateMask(FieldMask.newBuilder().addPaths("strategy"))
              .build());
      for (int i = 0; i < 3; i++) {
        report(few, "p1", 49, 200);
      }
      assertThat(order(few)).containsExactly("p1", "p0");
    }
  }

  // ---- ReportOutcome ----

  @Test
  void aReportNamesTheCallByNumberOrByCallingCode() {
    server.select().reportOutcome(
        ReportOutcomeRequest.newBuilder().setProviderId("p0").setDestination("+1 212 555 0100").setSipCode(200)
            .setPostDialDelayMs(2500).setDurationMs(61_000).build());
    server.select().reportOutcome(
        ReportOutcomeRequest.newBuilder().setProviderId("p0").setCallingCode(44).setFailure(AttemptFailure.TIMEOUT).build());
    List<DestinationStatistics> destinations = status(server, "p0").getDestinationsList();
    assertThat(destinations).extracting(DestinationStatistics::getCallingCode).containsExactly(1, 44);
    assertThat(destinations.get(0).getStatistics().getAnswered()).isEqualTo(1);
    assertThat(destinations.get(0).getStatistics().getAveragePostDialDelayMs()).isEqualTo(2500);
    assertThat(destinations.get(0).getStatistics().getAverageDurationMs()).isEqualTo(61_000);
    assertThat(destinations.get(1).getStatistics().getTimeouts()).isEqualTo(1);
    assertThat(status(server, "p0").getActiveCalls()).as("reports hold no call slots").isZero();
  }

  @Test
  void aBadReportIsRefusedNamingEveryBadField() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                server.select().reportOutcome(
                    ReportOutcomeRequest.newBuilder()
                        .setSipCode(180)
                        .setPostDialDelayMs(-1)
                        .setDurationMs(5)
                        .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(fields(e)).containsExactlyInAnyOrder("provider_id", "destination", "sip_code", "post_dial_delay_ms", "duration_ms");

    StatusRuntimeException codes =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                server.select().reportOutcome(
                    ReportOutcomeRequest.newBuilder().setProviderId("p0").setCallingCode(999).setSipCode(503)
                        .setFailure(AttemptFailure.TRANSPORT_ERROR).build()));
    assertThat(fields(codes)).containsExactlyInAnyOrder("calling_code", "sip_code");

    StatusRuntimeException number =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                server.select().reportOutcome(
                    ReportOutcomeRequest.newBuilder().setProviderId("p0").setDestination("call me").setSipCode(503).setDurationMs(1).build()));
    assertThat(fields(number)).containsExactlyInAnyOrder("destination", "duration_ms");
    assertThat(status(server, "p0").getStatistics().getAttempts()).as("refused reports count nothing").isZero();
  }

  @Test
  void aReportForAnUnknownProviderIsNotFound() {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> report(server, "nobody", 49, 200));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  private static List<String> fields(StatusRuntimeException e) {
    // The BadRequest among the details (an ErrorInfo comes with it).
    return org.siproute.server.testing.Refusals.violatedFields(e);
  }
}
