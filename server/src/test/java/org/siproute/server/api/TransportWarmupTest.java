package org.siproute.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.auth.WarmupKey;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.testing.CapturedLog;
import org.siproute.server.testing.TestCertificates;
import org.siproute.server.testing.TestCertificates.Issued;
import org.siproute.server.testing.TestServer;

/**
 * The start-up warm-up calls the server's own port as callers do, the impatient ones included:
 * Selects are answered, some are cancelled under the server's answer, and connections are cut
 * off with calls in flight, so that the transport's failure paths have run before the first
 * overload does (see {@link TransportWarmup}).
 */
class TransportWarmupTest {
  /** Three connections of {@link TransportWarmup#CALLS_PER_CONNECTION} calls each. */
  private static final int CALLS = 3_000;

  @TempDir static Path dir;
  static Path serverCert;
  static Path serverKey;
  static Path clientCa;

  @BeforeAll
  static void makeCertificates() throws IOException {
    Issued ca = TestCertificates.authority("siproute warm-up test CA");
    Issued server = TestCertificates.server(ca);
    serverCert = server.writeCertificate(dir.resolve("server.pem"));
    serverKey = server.writeKey(dir.resolve("server.key"));
    clientCa = ca.writeCertificate(dir.resolve("client-ca.pem"));
  }

  @Test
  void answersCancelsAndCutsOffCallsOnTheServersOwnPort() {
    // Two failed logins in a second throttle an address: a warm-up call refused as one shows.
    try (TestServer server = TestServer.builder().loopback().flags("--max-failed-logins", "1").start()) {
      Metrics metrics = server.instance(Metrics.class);
      double okBefore = selects(metrics, "OK");
      StreamErrors streamErrors = new StreamErrors();
      ConnectionLimits connections = server.instance(ConnectionLimits.class);
      int openBefore = connections.open();

      TransportWarmup.Result result;
      try {
        result = server.instance(TransportWarmup.class).run(listening(server), CALLS);
      } finally {
        streamErrors.close();
      }

      assertThat(result.complete()).isTrue();
      assertThat(result.calls()).isEqualTo(CALLS);
      assertThat(result.connections()).isEqualTo(3);
      // One call in eight of the 750 sent on each connection before its final burst of 250.
      assertThat(result.cancelled()).isEqualTo(3 * 94);
      // Every call it waited for ended, and at least a quarter of the first and last connections'
      // bursts before the cut. The second connection closed its flow-control window before its
      // burst: the server began at least a quarter of those answers (their headers came) and
      // could finish none, so closing that connection cancelled writes still queued.
      assertThat(result.heldBack()).as("answers begun and held back by flow control at the cut").isBetween(62, 250);
      assertThat(result.ended()).isBetween(3 * (750 - 94) + 2 * 62, CALLS - result.cancelled() - result.heldBack());
      assertThat(selects(metrics, "OK") - okBefore)
          .as("Selects decided and answered OK (at least those with a 5 s deadline that it waited for)")
          .isGreaterThanOrEqualTo(3 * 468);
      assertThat(streamErrors.count.get() + selects(metrics, "CANCELLED") + selects(metrics, "DEADLINE_EXCEEDED"))
          .as("calls the server could not answer: cancelled, past their deadline, or their answer not written")
          .isPositive();
      assertThat(server.instance(WarmupKey.class).isOpen()).as("the warm-up's key ends with it").isFalse();
      // Its key ends only once the server has closed its cut-off connections, and so has read
      // every call they carried: a call read later would be a failed login, and a few of those
      // throttle the loopback address.
      assertThat(connections.open()).as("the warm-up leaves no connection open").isEqualTo(openBefore);
      assertThatThrownBy(() -> server.select("sr_not_a_key").select(SelectRequest.newBuilder().setCustomerId("acme").setDestination("+4930").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
  }

  @Test
  void goesThroughTheServersOwnTls() {
    try (TestServer server =
        TestServer.builder().loopback().flags("--tls-cert", serverCert.toString(), "--tls-key", serverKey.toString()).start()) {
      Metrics metrics = server.instance(Metrics.class);
      double okBefore = selects(metrics, "OK");

      TransportWarmup.Result result = server.instance(TransportWarmup.class).run(listening(server), 1_000);

      assertThat(result.complete()).isTrue();
      assertThat(result.connections()).isEqualTo(1);
      assertThat(selects(metrics, "OK") - okBefore).isGreaterThan(500);
    }
  }

  @Test
  void sendsNoKeyWhenAuthenticationIsOff() {
    try (TestServer server = TestServer.builder().loopback().noAdminKey().flags("--insecure-no-auth").start()) {
      Metrics metrics = server.instance(Metrics.class);
      double okBefore = selects(metrics, "OK");

      TransportWarmup.Result result = server.instance(TransportWarmup.class).run(listening(server), 1_000);

      assertThat(result.complete()).isTrue();
      assertThat(selects(metrics, "OK") - okBefore).isGreaterThan(500);
      assertThat(server.instance(WarmupKey.class).isOpen()).isFalse();
    }
  }

  @Test
  void isSkippedWhenTheServerRequiresClientCertificates() {
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .flags("--tls-cert", serverCert.toString(), "--tls-key", serverKey.toString(),
                "--tls-client-ca", clientCa.toString())
            .start()) {
      Metrics metrics = server.instance(Metrics.class);
      double okBefore = selects(metrics, "OK");

      TransportWarmup.Result result;
      List<ILoggingEvent> events;
      try (CapturedLog log = CapturedLog.start()) {
        result = server.instance(TransportWarmup.class).run(listening(server), 1_000);
        events = log.events();
      }

      assertThat(result.calls()).isZero();
      assertThat(result.complete()).isFalse();
      assertThat(selects(metrics, "OK")).isEqualTo(okBefore);
      // Skipped, not tried and failed (a handshake without a client certificate would be refused).
      assertThat(events)
          .filteredOn(e -> e.getLoggerName().equals(TransportWarmup.class.getName()))
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("start-up warm-up skipped: with --tls-client-ca it would need a client certificate");
    }
  }

  private static InetSocketAddress listening(TestServer server) {
    return new InetSocketAddress("127.0.0.1", server.server().port());
  }

  /** Select calls finished with {@code code} so far. */
  private static double selects(Metrics metrics, String code) {
    return metrics.registry().scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals("siproute_rpc_duration_seconds"))
        .flatMap(s -> ((HistogramSnapshot) s).getDataPoints().stream())
        .filter(p -> "siproute.v1.RouteSelect/Select".equals(p.getLabels().get("method")) && code.equals(p.getLabels().get("code")))
        .mapToDouble(HistogramSnapshot.HistogramDataPointSnapshot::getCount)
        .sum();
  }

  /**
   * Counts what grpc-netty reports for a stream whose answer could not be written, where it
   * reports it (the server's logging turns these into a metric; a test's logging may not).
   */
  private static final class StreamErrors extends Handler implements AutoCloseable {
    private final java.util.logging.Logger netty =
        java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");
    final AtomicInteger count = new AtomicInteger();

    StreamErrors() {
      netty.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getMessage() != null && record.getMessage().startsWith("Stream Error")) {
        count.incrementAndGet();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      netty.removeHandler(this);
    }
  }
}
