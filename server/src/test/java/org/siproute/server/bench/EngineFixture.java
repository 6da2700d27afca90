package org.siproute.server.bench;

import com.google.inject.Injector;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.siproute.server.Main;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.routing.Destination;
import org.siproute.server.routing.RoutingEngine;
import org.siproute.server.routing.RoutingSnapshots;

/**
 * The engine with the generated data set in an in-memory H2 database, shared by the JMH
 * benchmark (which runs in this JVM, forks = 0) and its runner. Built once per JVM.
 */
final class EngineFixture {
  private static EngineFixture instance;

  final BenchData.Size size;
  final Injector injector;
  final DSLContext db;
  final SiprouteServer server;
  final RoutingSnapshots snapshots;
  final RoutingEngine engine;
  final BenchData.Written written;
  final List<String> notes = new ArrayList<>();
  String strategy = "PRIORITY";

  static synchronized EngineFixture get() {
    if (instance == null) {
      instance = new EngineFixture(BenchData.Size.forMode(System.getProperty("bench.mode", "quick")));
    }
    return instance;
  }

  private EngineFixture(BenchData.Size size) {
    this.size = size;
    String url = "jdbc:h2:mem:bench" + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    ServerConfig config = ServerConfig.defaults().withDatabase(url, "sa", "")
        .withInProcessName("bench-" + UUID.randomUUID()).withAdminKey("bench-admin-key-0123456789abcdef0123456789")
        // Rebuilds here are asked for (refreshNow); a poll must not do one first and skew the timing.
        .withPollInterval(java.time.Duration.ofMinutes(10))
        .withShutdownDrain(java.time.Duration.ZERO);
    injector = Main.create(config, Clock.systemUTC());
    db = injector.getInstance(DSLContext.class);
    written = BenchData.generate(db, size, 42);
    server = injector.getInstance(SiprouteServer.class);
    server.start();
    snapshots = injector.getInstance(RoutingSnapshots.class);
    engine = injector.getInstance(RoutingEngine.class);
  }

  /** Stops the server and frees the in-memory database, so that later benchmarks in this JVM do not carry it. */
  static synchronized void release() {
    if (instance != null) {
      try {
        instance.db.execute("SHUTDOWN");
      } catch (RuntimeException alreadyClosed) {
        // H2 reports the connection it just closed; the database is gone, which is the point
      }
      instance.server.stop();
      instance = null;
    }
  }

  /** Switches the platform default strategy and waits for the snapshot. */
  synchronized void strategy(String strategy) {
    if (!strategy.equals(this.strategy)) {
      BenchData.setStrategy(db, strategy);
      snapshots.refreshNow();
      this.strategy = strategy;
    }
  }

  /** Calls to decide, random customers and destinations, now, seeded. */
  RoutingEngine.Call[] calls(int n, long seed) {
    Random random = new Random(seed);
    RoutingEngine.Call[] calls = new RoutingEngine.Call[n];
    long now = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      calls[i] = new RoutingEngine.Call(
          BenchData.customer(random, size), Destination.parse(BenchData.number(random)), now, random.nextLong(), false);
    }
    return calls;
  }

  /** Full rebuild (rates too) and routes-only rebuild times in ms, measured {@code rounds} times. */
  long[][] rebuildMillis(int rounds) {
    long[][] out = new long[rounds][2];
    for (int i = 0; i < rounds; i++) {
      BenchData.bumpRevision(db, true);
      snapshots.refreshNow();
      out[i][0] = snapshots.lastBuildMillis();
      BenchData.bumpRevision(db, false);
      snapshots.refreshNow();
      out[i][1] = snapshots.lastBuildMillis();
    }
    return out;
  }

  static long heapUsedAfterGcMiB() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }
}
