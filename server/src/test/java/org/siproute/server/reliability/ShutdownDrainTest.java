package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Calls.statusOf;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestServer;

/**
 * The order of shutdown: health NOT_SERVING first while calls are still served for
 * --shutdown-drain, then new calls refused; health Watch streams are told NOT_SERVING and then
 * closed, so that a watcher (as client-side health checking keeps open) does not hold the
 * shutdown for the grace period.
 */
class ShutdownDrainTest {
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void healthTurnsNotServingFirstCallsAreServedDuringTheDrainThenRefused() throws Exception {
    Duration drain = Duration.ofSeconds(2);
    try (TestServer server =
        TestServer.builder().config(c -> c.withShutdownDrain(drain).withShutdownGrace(Duration.ofSeconds(30))).start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      Watch watch = Watch.open(server);
      assertThat(watch.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

      long stopStarted = System.nanoTime();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.server().stop());
      assertThat(watch.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
      long notServingAfter = System.nanoTime() - stopStarted;

      // Draining: a load balancer that has not looked yet still gets its calls answered.
      assertThat(server.select().select(CALL).getAttemptsCount()).isEqualTo(1);
      assertThat(health(server)).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(Duration.ofNanos(notServingAfter)).isLessThan(drain);

      // After the drain the Watch stream is closed, and new calls are refused.
      assertThat(watch.closed.get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isGreaterThanOrEqualTo(drain);
      stopped.get(20, TimeUnit.SECONDS);
      assertThat(statusOf(() -> server.select().select(CALL)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      // Nothing else was open: the 30 s grace period is not waited for.
      assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(drain.plusSeconds(10));
    }
  }

  @Test
  void anOpenHealthWatchDoesNotHoldTheShutdown() throws Exception {
    Duration grace = Duration.ofSeconds(30);
    try (TestServer server =
        TestServer.builder().config(c -> c.withShutdownDrain(Duration.ZERO).withShutdownGrace(grace)).start()) {
      Watch watch = Watch.open(server);
      assertThat(watch.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

      long stopStarted = System.nanoTime();
      server.server().stop();
      Duration took = Duration.ofNanos(System.nanoTime() - stopStarted);

      assertThat(took).as("shutdown with a Watch stream open").isLessThan(Duration.ofSeconds(5));
      assertThat(watch.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(watch.closed.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  private static ServingStatus health(TestServer server) {
    return HealthGrpc.newBlockingStub(server.anonymousChannel())
        .check(HealthCheckRequest.newBuilder().setService("").build())
        .getStatus();
  }

  /** A client's health Watch of the server (""): the statuses it was told, and how it ended. */
  private record Watch(BlockingQueue<ServingStatus> statuses, CompletableFuture<Status> closed) {
    static Watch open(TestServer server) {
      Watch watch = new Watch(new LinkedBlockingQueue<>(), new CompletableFuture<>());
      ClientCall<HealthCheckRequest, HealthCheckResponse> call =
          server.anonymousChannel().newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(HealthCheckResponse message) {
              watch.statuses.add(message.getStatus());
              call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              watch.closed.complete(status);
            }
          },
          new Metadata());
      call.request(1);
      call.sendMessage(HealthCheckRequest.newBuilder().setService("").build());
      call.halfClose();
      return watch;
    }
  }
}
