package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.quality.QualityTestSupport.eventually;
import static org.siproute.server.quality.QualityTestSupport.order;
import static org.siproute.server.quality.QualityTestSupport.reasonsOf;
import static org.siproute.server.quality.QualityTestSupport.status;

import com.google.protobuf.util.Timestamps;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ProbeState;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.proto.v1.Transport;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.TestServer;

/**
 * SIP OPTIONS probing against a real SIP peer (sipp on 127.0.0.1) and a port where nothing
 * answers, through the gRPC API: probe verdicts move providers behind healthy ones and back.
 */
class OptionsProbeTest {
  private static final QualityConfig FAST_PROBES =
      QualityConfig.DEFAULTS.withProbing(Duration.ofMillis(200), Duration.ofMillis(200), 2, 2);

  private TestServer server;

  @BeforeEach
  void requireSippAndStart() {
    Assumptions.assumeTrue(SippUas.binary().isPresent(), SippUas.MISSING);
    server = QualityTestSupport.server(FAST_PROBES, QualityTestSupport.clock());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void provider(String id, String hostname, Transport transport, boolean probe, int priority) {
    Provider.Builder p =
        Provider.newBuilder().setId(id).setName(id).setHostname(hostname).setTransport(transport);
    if (probe) {
      p.putAllLabels(Map.of("probe", "options", "team", "voice"));
    }
    server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(p).build());
    RoutingFixtures.route(server.admin(), RoutingFixtures.routeTo(id, "", "49", priority));
  }

  private ProbeState probeState(String id) {
    return status(server, id).getProbeState();
  }

  @Test
  void aProviderThatStopsAnsweringOptionsIsAvoidedUntilItAnswersAgain() throws Exception {
    int livePort = SippUas.freeUdpPort();
    DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress()); // never reads
    int deadPort = silent.getLocalPort();
    SippUas live = SippUas.start(livePort, false);
    SippUas revived = null;
    try {
      provider("dead", "127.0.0.1:" + deadPort, Transport.UDP, true, 0);
      provider("live", "127.0.0.1:" + livePort, Transport.UDP, true, 1);
      provider("plain", "127.0.0.1:" + deadPort, Transport.UDP, false, 2);

      eventually("sipp answers the probes of 'live'", () -> probeState("live") == ProbeState.PROBE_UP);
      eventually("'dead' is marked down", () -> probeState("dead") == ProbeState.PROBE_DOWN);
      ProviderStatus live1 = status(server, "live");
      assertThat(live1.getProbeDetail()).isEqualTo("200 OK");
      assertThat(live1.getDegradedReason()).isEmpty();
      ProviderStatus dead = status(server, "dead");
      assertThat(dead.getProbeDetail()).isEqualTo("no answer within 200 ms");
      assertThat(dead.getDegradedReason()).isEqualTo("not answering SIP OPTIONS (no answer within 200 ms)");
      assertThat(dead.hasProbeChangeTime()).isTrue();
      assertThat(dead.getUpdateTime()).isEqualTo(dead.getProbeChangeTime());
      assertThat(status(server, "plain").getProbeState()).as("not labelled: not probed").isEqualTo(ProbeState.PROBE_OFF);
      assertThat(order(server)).as("dead goes last, never dropped").containsExactly("live", "plain", "dead");
      assertThat(reasonsOf(server, "dead"))
          .contains("after healthy providers: not answering SIP OPTIONS (no answer within 200 ms)");

      silent.close();
      revived = SippUas.start(deadPort, false);
      eventually("'dead' answers again and is marked up", () -> probeState("dead") == ProbeState.PROBE_UP);
      assertThat(order(server)).containsExactly("dead", "live", "plain");
      assertThat(Timestamps.toMillis(status(server, "dead").getProbeChangeTime())).isPositive();

      live.close();
      eventually("'live' stops answering and is marked down", () -> probeState("live") == ProbeState.PROBE_DOWN);
      assertThat(order(server)).containsExactly("dead", "plain", "live");
    } finally {
      silent.close();
      live.close();
      if (revived != null) {
        revived.close();
      }
    }
  }

  @Test
  void tcpProvidersAreProbedOverTcp() {
    int port = SippUas.freeTcpPort();
    int closedPort = SippUas.freeTcpPort();
    try (SippUas sipp = SippUas.start(port, true)) {
      provider("tcp", "127.0.0.1:" + port, Transport.TCP, true, 0);
      provider("refusing", "127.0.0.1:" + closedPort, Transport.TCP, true, 1);
      eventually("sipp answers over TCP", () -> probeState("tcp") == ProbeState.PROBE_UP);
      eventually("a closed port is down", () -> probeState("refusing") == ProbeState.PROBE_DOWN);
      assertThat(status(server, "tcp").getProbeDetail()).isEqualTo("200 OK");
      assertThat(status(server, "refusing").getProbeDetail()).isEqualTo("connection refused");
    }
  }

  @Test
  void removingTheLabelStopsProbingAndForgetsTheVerdict() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      provider("dead", "127.0.0.1:" + silent.getLocalPort(), Transport.UDP, true, 0);
      provider("other", "127.0.0.1:" + silent.getLocalPort(), Transport.UDP, false, 1);
      eventually("'dead' is marked down", () -> probeState("dead") == ProbeState.PROBE_DOWN);
      server.admin().updateProvider(
          org.siproute.proto.v1.UpdateProviderRequest.newBuilder()
              .setProvider(Provider.newBuilder().setId("dead").putLabels("probe", "off"))
              .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("labels"))
              .build());
      eventually("probing stops", () -> probeState("dead") == ProbeState.PROBE_OFF);
      assertThat(order(server)).containsExactly("dead", "other");
    }
  }
}
