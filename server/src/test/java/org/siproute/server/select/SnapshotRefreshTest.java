package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.RoutingFixtures.call;
import static org.siproute.server.testing.RoutingFixtures.provider;
import static org.siproute.server.testing.RoutingFixtures.route;
import static org.siproute.server.testing.RoutingFixtures.routeTo;

import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.routing.RoutingSnapshots;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/** The snapshot: read-your-writes, convergence of several instances, rebuilds under load. */
class SnapshotRefreshTest {

  @Test
  void aWriteIsVisibleToDecisionsOnTheSameInstanceWhenItReturns() {
    try (TestServer server =
        TestServer.builder()
            .config(c -> c.withPollInterval(Duration.ofMinutes(10)).withDialIdleTimeout(Duration.ofMinutes(1)))
            .start()) {
      provider(server.admin(), "a");
      for (int i = 0; i < 20; i++) {
        String prefix = "3" + i;
        route(server.admin(), routeTo("a", "", prefix, 0));
        // The poll interval is 10 minutes: only read-your-writes can explain a hit.
        assertThat(server.select().select(call("c", prefix + "1234567").build()).getAttemptsCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void twoInstancesOnOneH2DatabaseConvergeWithinThePollInterval() throws Exception {
    try (TestDatabase h2 = TestDatabase.h2()) {
      twoInstancesConverge(h2);
    }
  }

  @Test
  void twoInstancesOnOneMariaDbConvergeWithinThePollInterval() throws Exception {
    try (TestDatabase mariaDb = TestDatabase.mariaDbOrSkip()) {
      twoInstancesConverge(mariaDb);
    }
  }

  private void twoInstancesConverge(TestDatabase database) throws Exception {
    UnaryOperator<ServerConfig> polling =
        c -> c.withPollInterval(Duration.ofMillis(200)).withDialIdleTimeout(Duration.ofMinutes(1));
    try (TestServer writer = TestServer.builder().sharedDatabase(database).config(polling).start();
        TestServer reader = TestServer.builder().sharedDatabase(database).config(polling).start()) {
      provider(writer.admin(), "a");
      provider(writer.admin(), "b");
      Route r = route(writer.admin(), routeTo("a", "", "44", 0));
      long seenAfter = awaitDecision(reader, "a");
      // Generous bound for a loaded 2-core machine; the poll interval is 200 ms.
      assertThat(seenAfter).isLessThan(Duration.ofSeconds(5).toMillis());

      writer.admin().updateRoute(
          UpdateRouteRequest.newBuilder()
              .setRoute(r.toBuilder().setProviderId("b"))
              .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("provider_id"))
              .build());
      awaitDecision(reader, "b");
      assertThat(reader.injector().getInstance(RoutingSnapshots.class).revision())
          .isEqualTo(writer.injector().getInstance(RoutingSnapshots.class).revision());
    }
  }

  /** Milliseconds until the reader decides for {@code provider}; fails after 10 s. */
  private static long awaitDecision(TestServer reader, String provider) throws InterruptedException {
    long started = System.nanoTime();
    while (System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
      List<String> providers =
          reader.select().select(call("c", "442071234567").build()).getAttemptsList().stream().map(Attempt::getProviderId).toList();
      if (providers.equals(List.of(provider))) {
        return (System.nanoTime() - started) / 1_000_000;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the second instance never routed to " + provider);
  }

  @Test
  void rebuildsUnderConcurrentSelectLoadFailNoCall() throws Exception {
    try (TestServer server =
        TestServer.builder()
            .config(c -> c.withPollInterval(Duration.ofSeconds(1)).withDialIdleTimeout(Duration.ofSeconds(120)))
            .start()) {
      provider(server.admin(), "a");
      route(server.admin(), routeTo("a", "", "1", 0));
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong decisions = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch started = new CountDownLatch(2);
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread caller = new Thread(() -> {
          started.countDown();
          while (running.get()) {
            try {
              var response = server.select().select(call("c", "12125550100").build());
              if (response.getAttemptsCount() == 0) {
                failures.add(new AssertionError("empty plan during a rebuild"));
              }
              decisions.incrementAndGet();
            } catch (StatusRuntimeException e) {
              failures.add(e);
            }
          }
        });
        caller.start();
        callers.add(caller);
      }
      started.await();
      RoutingSnapshots snapshots = server.injector().getInstance(RoutingSnapshots.class);
      long before = snapshots.revision();
      for (int i = 0; i < 30; i++) {
        route(server.admin(), routeTo("a", "", "2" + i, 0)); // each write swaps in a new snapshot
        snapshots.refreshNow();
      }
      running.set(false);
      for (Thread caller : callers) {
        caller.join();
      }
      assertThat(failures).isEmpty();
      assertThat(decisions.get()).isGreaterThan(30);
      assertThat(snapshots.revision()).isGreaterThanOrEqualTo(before + 30);
    }
  }
}
