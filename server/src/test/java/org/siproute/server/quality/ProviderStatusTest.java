package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.siproute.server.quality.QualityTestSupport.call49;
import static org.siproute.server.quality.QualityTestSupport.report;
import static org.siproute.server.quality.QualityTestSupport.reportFailure;
import static org.siproute.server.quality.QualityTestSupport.status;

import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.CircuitState;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DestinationStatistics;
import org.siproute.proto.v1.GetProviderStatusRequest;
import org.siproute.proto.v1.ListProviderStatusRequest;
import org.siproute.proto.v1.ListProviderStatusResponse;
import org.siproute.proto.v1.OutcomeStatistics;
import org.siproute.proto.v1.ProbeState;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.TestServer;

/** RouteAdmin.GetProviderStatus and ListProviderStatus show what outcomes did to a provider. */
class ProviderStatusTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = QualityTestSupport.server(QualityConfig.DEFAULTS.withMinSamples(3), QualityTestSupport.clock());
    QualityTestSupport.providersFor49(server, "p0", "p1");
    server.admin().updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("p0").setMaxConcurrentCalls(7))
            .setUpdateMask(FieldMask.newBuilder().addPaths("max_concurrent_calls"))
            .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DialSession dial() {
    DialSession dial = server.dial(call49(), "");
    assertThat(dial.first()).map(Attempt::getProviderId).contains("p0");
    return dial;
  }

  private void connected(long postDialDelayMs, long durationMs) {
    DialSession d = dial();
    d.report(200, postDialDelayMs);
    d.hangUp(Duration.ofMillis(durationMs));
    assertThat(server.streamOf(d).awaitClose()).isEqualTo(Status.OK);
  }

  @Test
  void showsEveryCountOfTheWindowPerProviderAndPerCountry() {
    connected(1000, 60_000);
    connected(3000, 120_000);
    report(server, "p0", 1, 200);
    for (int code : List.of(302, 486, 503, 408, 603)) {
      report(server, "p0", 49, code);
    }
    reportFailure(server, "p0", AttemptFailure.TIMEOUT);
    reportFailure(server, "p0", AttemptFailure.TRANSPORT_ERROR);
    DialSession abandoned = dial();
    server.streamOf(abandoned).cancel();
    QualityTestSupport.eventually("the abandoned attempt is counted",
        () -> status(server, "p0").getStatistics().getAbandoned() == 1);
    DialSession held = dial();

    ProviderStatus p0 = status(server, "p0");
    OutcomeStatistics all = p0.getStatistics();
    assertThat(all.getAttempts()).isEqualTo(10);
    assertThat(all.getAnswered()).isEqualTo(3);
    assertThat(all.getAnswerSeizureRatio()).isEqualTo(0.3);
    assertThat(all.getRedirections()).isEqualTo(1);
    assertThat(all.getClientFailures()).as("486 and 408").isEqualTo(2);
    assertThat(all.getServerFailures()).isEqualTo(1);
    assertThat(all.getGlobalFailures()).isEqualTo(1);
    assertThat(all.getTimeouts()).isEqualTo(1);
    assertThat(all.getTransportErrors()).isEqualTo(1);
    assertThat(all.getProviderFailures()).as("503, 408, timeout, transport").isEqualTo(4);
    assertThat(all.getAbandoned()).isEqualTo(1);
    assertThat(all.getAveragePostDialDelayMs()).isEqualTo(2000);
    assertThat(all.getCallsEnded()).isEqualTo(2);
    assertThat(all.getAverageDurationMs()).isEqualTo(90_000);

    assertThat(p0.getDestinationsList()).extracting(DestinationStatistics::getCallingCode).containsExactly(1, 49);
    DestinationStatistics us = p0.getDestinations(0);
    assertThat(us.getStatistics().getAttempts()).isEqualTo(1);
    assertThat(us.getQualityScored()).as("1 of 3 samples").isFalse();
    DestinationStatistics de = p0.getDestinations(1);
    assertThat(de.getStatistics().getAttempts()).isEqualTo(9);
    assertThat(de.getQualityScored()).isTrue();

    assertThat(p0.getActiveCalls()).isEqualTo(1);
    assertThat(p0.getMaxConcurrentCalls()).isEqualTo(7);
    assertThat(p0.getCircuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(p0.getConsecutiveFailures()).as("the timeout and transport error after 603").isEqualTo(2);
    assertThat(p0.getProbeState()).isEqualTo(ProbeState.PROBE_OFF);
    assertThat(p0.getDegradedReason()).isEmpty();
    assertThat(p0.getStatisticsWindow()).isEqualTo(Durations.fromMinutes(15));
    assertThat(p0.hasUpdateTime()).as("nothing changed state").isFalse();

    ProviderStatus p1 = status(server, "p1");
    assertThat(p1.getStatistics()).isEqualTo(OutcomeStatistics.getDefaultInstance());
    assertThat(p1.getDestinationsList()).isEmpty();
    server.streamOf(held).cancel();
  }

  @Test
  void listPagesThroughEveryProviderInIdOrder() {
    for (String id : List.of("c", "a", "e", "b")) {
      RoutingFixtures.provider(server.admin(), id);
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListProviderStatusResponse page =
          server.admin().listProviderStatus(ListProviderStatusRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      page.getStatusesList().forEach(s -> seen.add(s.getProviderId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(seen).containsExactly("a", "b", "c", "e", "p0", "p1");
    assertThat(pages).isEqualTo(3);
    assertThat(server.admin().listProviderStatus(ListProviderStatusRequest.getDefaultInstance()).getStatusesCount()).isEqualTo(6);
  }

  @Test
  void badRequestsAreRefused() {
    assertThat(code(() -> server.admin().getProviderStatus(GetProviderStatusRequest.newBuilder().setProviderId("nope").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(code(() -> server.admin().getProviderStatus(GetProviderStatusRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> server.admin().listProviderStatus(ListProviderStatusRequest.newBuilder().setPageToken("garbage").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> server.admin().listProviderStatus(ListProviderStatusRequest.newBuilder().setPageSize(-1).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    // Above the maximum: coerced to it (AIP-158), not refused.
    assertThat(server.admin().listProviderStatus(ListProviderStatusRequest.newBuilder().setPageSize(1001).build()).getStatusesCount())
        .isPositive();
  }

  @Test
  void theProbeLabelTakesOnlyValuesThatMeanSomething() {
    StatusRuntimeException typo =
        catchThrowableOfType(StatusRuntimeException.class, () -> create("x", Transport.UDP, "option"));
    assertThat(typo.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(typo.getStatus().getDescription()).contains("provider.labels[probe]");
    StatusRuntimeException tls =
        catchThrowableOfType(StatusRuntimeException.class, () -> create("y", Transport.TLS, "options"));
    assertThat(tls.getStatus().getDescription()).contains("not TLS");
    create("z", Transport.TLS, "off");
    create("w", Transport.TCP, "options");
  }

  private void create(String id, Transport transport, String probe) {
    server.admin().createProvider(
        CreateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId(id).setName(id).setHostname(id + ".example").setTransport(transport)
                .putLabels("probe", probe))
            .build());
  }

  private static Status.Code code(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus().getCode();
  }
}
