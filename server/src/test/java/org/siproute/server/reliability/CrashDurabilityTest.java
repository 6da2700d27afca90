package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.ListRoutesResponse;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerProcess;
import org.siproute.server.testing.TestDatabase;

/**
 * An acknowledged write survives kill -9 of the server, on the embedded H2 (its data dir) and
 * on MariaDB: 16 callers create routes as fast as they are answered, the server process is
 * killed in the middle of the burst, and after a restart on the same data every route that had
 * been answered OK is there, and the routing revision is no lower than any revision a Select saw
 * before the kill (revision numbers never go back, so never name two different contents). Two
 * kills in a row, since one that happens to fall between H2's delayed writes would prove little.
 */
@OnEachDatabase
class CrashDurabilityTest {
  private static final int CALLERS = 16;
  private static final String CUSTOMER = "crash";
  private static final SelectRequest PROBE =
      SelectRequest.newBuilder().setCustomerId(CUSTOMER).setDestination("+1999000123").build();

  @Test
  void everyAcknowledgedWriteSurvivesKillDashNine(@TempDir Path dataDir) throws Exception {
    TestDatabase mariaDb = TestDatabase.kindUnderTest() == TestDatabase.Kind.MARIADB ? TestDatabase.mariaDbOrSkip() : null;
    String[] flags =
        mariaDb == null ? new String[] {"--data-dir", dataDir.toString()} : new String[] {"--db-url", mariaDb.url()};
    try {
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      long highestRevisionSeen;
      try (ServerProcess server = ServerProcess.start(flags)) {
        server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("crash-carrier")).build());
        server.admin().createRoute(CreateRouteRequest.newBuilder().setRoute(Fixtures.route(CUSTOMER, "1999", "crash-carrier")).build());
        highestRevisionSeen = burstThenKill(server, 1_000_000, acknowledged);
      }
      try (ServerProcess server = ServerProcess.start(flags)) {
        assertEverythingKept(server, acknowledged, highestRevisionSeen);
        highestRevisionSeen = burstThenKill(server, 2_000_000, acknowledged);
      }
      try (ServerProcess server = ServerProcess.start(flags)) {
        assertEverythingKept(server, acknowledged, highestRevisionSeen);
        // And the server writes on from there, with higher revisions.
        server.admin().createRoute(CreateRouteRequest.newBuilder().setRoute(Fixtures.route(CUSTOMER, "1998", "crash-carrier")).build());
        assertThat(server.select().select(PROBE).getRevision()).isGreaterThan(highestRevisionSeen);
      }
    } finally {
      if (mariaDb != null) {
        mariaDb.close();
      }
    }
  }

  /**
   * Creates routes from {@value #CALLERS} callers for a second and a half, kills the server while
   * they still write, and returns the highest revision a Select saw before; every route answered
   * OK goes into {@code acknowledged}.
   */
  private static long burstThenKill(ServerProcess server, int firstPrefix, Set<String> acknowledged) throws Exception {
    AtomicInteger next = new AtomicInteger(firstPrefix);
    AtomicInteger answered = new AtomicInteger();
    AtomicLong highestRevision = new AtomicLong();
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS + 1);
    try {
      for (int i = 0; i < CALLERS; i++) {
        callers.submit(() -> {
          while (!killed.get()) {
            Route.Builder route = Fixtures.route(CUSTOMER, String.valueOf(next.getAndIncrement()), "crash-carrier");
            try {
              Route created = server.admin().createRoute(CreateRouteRequest.newBuilder().setRoute(route).build());
              acknowledged.add(created.getId());
              answered.incrementAndGet();
            } catch (StatusRuntimeException refusedOrCut) {
              // Not acknowledged, so it may or may not be there after the restart.
            }
          }
        });
      }
      callers.submit(() -> {
        while (!killed.get()) {
          try {
            highestRevision.accumulateAndGet(server.select().select(PROBE).getRevision(), Math::max);
          } catch (StatusRuntimeException cut) {
            // the kill
          }
        }
      });
      long burstStart = System.nanoTime();
      Thread.sleep(1500);
      while (answered.get() < 50 && System.nanoTime() - burstStart < TimeUnit.SECONDS.toNanos(30)) {
        Thread.sleep(100); // a loaded machine: make sure the kill falls among acknowledged writes
      }
      server.kill();
      killed.set(true);
      System.out.printf("CrashDurabilityTest: %d routes acknowledged in %.1f s before kill -9%n",
          answered.get(), (System.nanoTime() - burstStart) / 1e9);
      assertThat(answered.get()).as("routes acknowledged before the kill").isGreaterThanOrEqualTo(50);
    } finally {
      killed.set(true);
      callers.shutdown();
      assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    return highestRevision.get();
  }

  private static void assertEverythingKept(ServerProcess server, Set<String> acknowledged, long highestRevisionSeen) {
    Set<String> stored = new HashSet<>();
    String token = "";
    do {
      ListRoutesResponse page =
          server.admin().listRoutes(ListRoutesRequest.newBuilder().setCustomerId(CUSTOMER).setPageSize(1000).setPageToken(token).build());
      page.getRoutesList().forEach(r -> stored.add(r.getId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    List<String> lost = new ArrayList<>(acknowledged);
    lost.removeAll(stored);
    assertThat(lost).as("routes answered OK before kill -9 but gone after the restart").isEmpty();
    assertThat(server.select().select(PROBE).getRevision())
        .as("the routing revision after the restart")
        .isGreaterThanOrEqualTo(highestRevisionSeen);
  }
}
