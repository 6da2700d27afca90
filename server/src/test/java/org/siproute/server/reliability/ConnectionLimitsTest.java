package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.siproute.server.api.ConnectionLimits;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.testing.TestServer;

/**
 * Connection limits over a real loopback port: connections beyond --max-connections are closed
 * at accept and counted; a connection that starts no call within --first-request-timeout is
 * closed; one with no call in flight for --max-connection-idle is closed, and one in use is not.
 */
class ConnectionLimitsTest {
  /** What an HTTP/2 client sends first: the connection preface and an empty SETTINGS frame. */
  private static final byte[] HTTP2_PREFACE = concat(
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
      new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

  @Test
  void connectionsBeyondTheCapAreClosedAtAcceptAndCountedAndAFreedPlaceIsReused() throws Exception {
    try (TestServer server =
            TestServer.builder()
                .loopback()
                .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withConnectionLimits(2, Duration.ofMinutes(5), Duration.ofSeconds(20))))
                .start();
        Socket first = http2Connection(server);
        Socket second = http2Connection(server)) {
      ConnectionLimits limits = server.instance(ConnectionLimits.class);
      until(() -> limits.open() == 2);

      try (Socket third = http2Connection(server)) {
        assertThat(closedByServerWithin(third, Duration.ofSeconds(10))).as("a third connection is closed at once").isTrue();
      }
      assertThat(counter(server, "siproute_connections_refused")).isEqualTo(1);
      assertThat(limits.open()).isEqualTo(2);
      assertThat(closedByServerWithin(first, Duration.ofMillis(200))).as("the open ones stay open").isFalse();

      first.close();
      until(() -> limits.open() == 1);
      ManagedChannel channel = channel(server);
      try {
        assertThat(health(channel)).as("a freed place serves a new connection").isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      assertThat(counter(server, "siproute_connections_refused")).isEqualTo(1);
    }
  }

  @Test
  void theStreamBoundIsAnnouncedAndACallBeyondItWaitsOnTheClientWhileOtherConnectionsAreServed() throws Exception {
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withMaxStreamsPerConnection(2)))
            .start()) {
      try (Socket raw = http2Connection(server)) {
        assertThat(announcedMaxConcurrentStreams(raw)).as("SETTINGS_MAX_CONCURRENT_STREAMS the server announces").isEqualTo(2);
      }
      ManagedChannel busy = channel(server);
      ManagedChannel other = channel(server);
      try {
        // Health Watch streams stay open until cancelled: they hold both places of the connection.
        HealthGrpc.HealthStub watcher = HealthGrpc.newStub(busy);
        BlockingQueue<HealthCheckResponse> watched = new LinkedBlockingQueue<>();
        List<ClientCallStreamObserver<HealthCheckRequest>> watches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          watcher.watch(
              HealthCheckRequest.getDefaultInstance(),
              new ClientResponseObserver<HealthCheckRequest, HealthCheckResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> stream) {
                  watches.add(stream);
                }

                @Override
                public void onNext(HealthCheckResponse value) {
                  watched.add(value);
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
        }
        for (int i = 0; i < 2; i++) {
          assertThat(watched.poll(10, TimeUnit.SECONDS)).as("watch %s answered", i).isNotNull();
        }

        ListenableFuture<HealthCheckResponse> waiting =
            HealthGrpc.newFutureStub(busy).withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
        Thread.sleep(500);
        assertThat(waiting.isDone())
            .as("a third call on the full connection is neither answered nor refused: it waits on the client for a place")
            .isFalse();
        assertThat(health(other)).as("another connection is served at once").isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        watches.forEach(watch -> watch.cancel("done watching", null));
      } finally {
        busy.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        other.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aConnectionThatStartsNoCallWithinTheFirstRequestTimeoutIsClosedAndOneThatDidStaysOpen() throws Exception {
    Duration firstRequestTimeout = Duration.ofMillis(700);
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withConnectionLimits(100, Duration.ofMinutes(5), firstRequestTimeout)))
            .start()) {
      ConnectionLimits limits = server.instance(ConnectionLimits.class);
      ManagedChannel used = channel(server);
      try (Socket silent = http2Connection(server)) {
        assertThat(health(used)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        long start = System.nanoTime();
        assertThat(closedByServerWithin(silent, Duration.ofSeconds(10))).as("the silent connection is closed").isTrue();
        long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(closedAfterMs).as("not before the timeout").isGreaterThanOrEqualTo(firstRequestTimeout.toMillis() - 300);
        assertThat(counter(server, "siproute_connections_timed_out")).isEqualTo(1);

        // The connection that made a call is still the one in use, well past the timeout.
        Thread.sleep(firstRequestTimeout.toMillis());
        assertThat(used.getState(false)).isEqualTo(ConnectivityState.READY);
        until(() -> limits.open() == 1);
        assertThat(health(used)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(counter(server, "siproute_connections_timed_out")).isEqualTo(1);
      } finally {
        used.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aConnectionWithNoCallInFlightForTheIdleTimeIsClosedByTheServer() throws Exception {
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withConnectionLimits(100, Duration.ofSeconds(1), Duration.ofSeconds(20))))
            .start()) {
      ConnectionLimits limits = server.instance(ConnectionLimits.class);
      ManagedChannel channel = channel(server);
      try {
        assertThat(health(channel)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(limits.open()).isEqualTo(1);
        long start = System.nanoTime();
        until(() -> limits.open() == 0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("closed after the idle time").isGreaterThanOrEqualTo(500);
        assertThat(channel.getState(false)).as("the client saw the server close it").isNotEqualTo(ConnectivityState.READY);
        assertThat(counter(server, "siproute_connections_timed_out")).as("not the first-request rule").isZero();
        // The client reconnects when it needs to.
        assertThat(health(channel)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Reads the server's first SETTINGS frame and returns its SETTINGS_MAX_CONCURRENT_STREAMS, or -1. */
  private static long announcedMaxConcurrentStreams(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    DataInputStream in = new DataInputStream(socket.getInputStream());
    while (true) {
      int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      in.readInt(); // stream id
      byte[] payload = in.readNBytes(length);
      if (type == 0x4 && (flags & 0x1) == 0) {
        DataInputStream settings = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        long value = -1;
        for (int i = 0; i < length / 6; i++) {
          int id = settings.readUnsignedShort();
          long v = settings.readInt() & 0xFFFFFFFFL;
          if (id == 0x3) {
            value = v;
          }
        }
        return value;
      }
    }
  }

  private static Socket http2Connection(TestServer server) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.server().port());
    OutputStream out = socket.getOutputStream();
    out.write(HTTP2_PREFACE);
    out.flush();
    return socket;
  }

  /** Whether the server closes {@code socket} within {@code time}; reads (and drops) what it sends meanwhile. */
  private static boolean closedByServerWithin(Socket socket, Duration time) throws IOException {
    long end = System.nanoTime() + time.toNanos();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) left);
      try {
        if (in.read(buffer) < 0) {
          return true;
        }
      } catch (SocketTimeoutException stillOpen) {
        return false;
      } catch (SocketException reset) {
        return true;
      }
    }
  }

  private static ManagedChannel channel(TestServer server) {
    return Grpc.newChannelBuilderForAddress("127.0.0.1", server.server().port(), InsecureChannelCredentials.create()).build();
  }

  private static HealthCheckResponse.ServingStatus health(ManagedChannel channel) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  private static double counter(TestServer server, String name) {
    for (MetricSnapshot snapshot : server.instance(Metrics.class).registry().scrape()) {
      if (snapshot.getMetadata().getName().equals(name) && snapshot instanceof CounterSnapshot counter) {
        return counter.getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no counter " + name);
  }

  private static void until(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(end);
      Thread.sleep(10);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
