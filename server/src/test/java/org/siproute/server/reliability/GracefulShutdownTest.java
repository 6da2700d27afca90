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
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.select.DialSessions;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestServer;

/**
 * Shutdown lets open Dial streams finish within --shutdown-grace: a call in the middle of its
 * failover can still report results and get its answers, while new calls are refused and
 * health says NOT_SERVING; a stream still open when the grace period ends is cancelled.
 */
class GracefulShutdownTest {
  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void openDialStreamsFinishDuringTheGracePeriodAndAreCancelledAfterIt() throws Exception {
    try (TestServer server = TestServer.builder().config(c -> c.withShutdownGrace(GRACE)).start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("beta")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha").setPriority(1));
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "beta").setPriority(2));
      DialSessions sessions = server.instance(DialSessions.class);

      DialSession finishing = server.dial(CALL, "finishing");
      assertThat(finishing.first()).map(Attempt::getProviderId).contains("alpha");
      DialSession lingering = server.dial(CALL, "lingering");
      assertThat(lingering.first()).map(Attempt::getProviderId).contains("alpha");

      // A load balancer watching health learns at once that the instance is going away.
      BlockingQueue<ServingStatus> health = new LinkedBlockingQueue<>();
      ClientCall<HealthCheckRequest, HealthCheckResponse> watch = watchHealth(server, health);
      assertThat(health.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

      long stopStarted = System.nanoTime();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.server().stop());
      assertThat(health.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
      watch.cancel("seen", null);

      // New calls are turned away (right after NOT_SERVING: this test has no drain period)...
      long refusingBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (statusOf(() -> server.select().select(CALL)).getCode() != Status.Code.UNAVAILABLE) {
        assertThat(System.nanoTime()).as("new calls refused within 10 s of NOT_SERVING").isLessThan(refusingBy);
        Thread.sleep(10);
      }
      assertThat(statusOf(() -> server.dial(CALL, "late")).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      // ...while the open call fails over, connects and hangs up as usual.
      assertThat(finishing.report(503)).map(Attempt::getProviderId).contains("beta");
      finishing.report(200);
      assertThat(finishing.end().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
      finishing.hangUp(Duration.ofSeconds(60));
      assertThat(server.streamOf(finishing).awaitClose()).isEqualTo(Status.OK);
      assertThat(stopped).as("stop waits for the lingering stream").isNotDone();

      // The stream that never finishes is cancelled when the grace period is over.
      Status cut = server.streamOf(lingering).awaitClose();
      assertThat(cut.getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
      stopped.get(10, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - stopStarted);
      assertThat(took).isGreaterThanOrEqualTo(GRACE);
      // The grace period plus the 5 s the server allows cancelled calls to close, and slack
      // for a loaded machine: only a stop that waits for the stream for ever exceeds it.
      assertThat(took).isLessThan(GRACE.plusSeconds(10));
      assertThat(sessions.openSessions()).isZero();
    }
  }

  private static ClientCall<HealthCheckRequest, HealthCheckResponse> watchHealth(
      TestServer server, BlockingQueue<ServingStatus> statuses) {
    ClientCall<HealthCheckRequest, HealthCheckResponse> call =
        server.channel().newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(HealthCheckResponse message) {
            statuses.add(message.getStatus());
            call.request(1);
          }
        },
        new Metadata());
    call.request(1);
    call.sendMessage(HealthCheckRequest.newBuilder().setService("").build());
    call.halfClose();
    return call;
  }
}
