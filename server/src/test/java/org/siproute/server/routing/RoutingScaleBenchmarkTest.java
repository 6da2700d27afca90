package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.db.jooq.Tables.PROVIDER;
import static org.siproute.db.jooq.Tables.RATE;
import static org.siproute.db.jooq.Tables.ROUTE;
import static org.siproute.db.jooq.Tables.ROUTING_POLICY;

import com.google.inject.Injector;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siproute.server.Main;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Strategy;

/**
 * Decision cost and snapshot build time at production size: 200 providers, 10 000 customers,
 * 100 000 routes, 1 000 000 rate prefixes. Prints figures; asserts only that decisions work.
 * Run with: mvn -B verify -pl server -am -Pbenchmark
 */
@Tag("benchmark")
class RoutingScaleBenchmarkTest {
  private static final int PROVIDERS = 200;
  private static final int CUSTOMERS = 10_000;
  private static final int DEFAULT_ROUTES = 20_000;
  private static final int CUSTOMER_ROUTES = 80_000;
  private static final int RATES_PER_PROVIDER = 5_000;
  private static final int[] COUNTRY_CODES = {1, 44, 49, 33, 39, 34, 31, 46, 47, 48, 61, 81, 86, 91, 55, 52, 7, 27, 234, 971};

  @Test
  void decisionsAndSnapshotBuildsAtFullSize() {
    String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    ServerConfig config = ServerConfig.defaults().withDatabase(url, "sa", "").withInProcessName("bench-" + UUID.randomUUID());
    Injector injector = Main.create(config, Clock.systemUTC());
    DSLContext db = injector.getInstance(DSLContext.class);
    Random random = new Random(42);
    long t0 = System.nanoTime();
    generate(db, random);
    System.out.printf("data generated in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    SiprouteServer server = injector.getInstance(SiprouteServer.class);
    server.start();
    try {
      RoutingSnapshots snapshots = injector.getInstance(RoutingSnapshots.class);
      Snapshot snapshot = snapshots.current();
      System.out.printf("full snapshot build (routes + %d rate prefixes): %d ms, %d routes%n",
          snapshot.rateCount(), snapshot.buildMillis, snapshot.routeCount);
      assertThat(snapshot.rateCount()).isEqualTo(PROVIDERS * RATES_PER_PROVIDER);
      System.gc();
      var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      System.out.printf("heap used after GC with the full data set: %d MiB%n", heap.getUsed() >> 20);

      SnapshotLoader loader = new SnapshotLoader(injector.getInstance(org.siproute.server.store.Store.class));
      for (int i = 0; i < 3; i++) {
        long s = System.nanoTime();
        loader.load(null);
        long full = (System.nanoTime() - s) / 1_000_000;
        s = System.nanoTime();
        loader.load(snapshots.current());
        long routesOnly = (System.nanoTime() - s) / 1_000_000;
        System.out.printf("rebuild %d: full %d ms, keeping rate decks %d ms%n", i, full, routesOnly);
      }

      RoutingEngine engine = injector.getInstance(RoutingEngine.class);
      for (Strategy strategy : Strategy.values()) {
        db.update(ROUTING_POLICY).set(ROUTING_POLICY.STRATEGY, strategy.name()).execute();
        db.update(org.siproute.db.jooq.Tables.ROUTING_REVISION)
            .set(org.siproute.db.jooq.Tables.ROUTING_REVISION.REVISION, org.siproute.db.jooq.Tables.ROUTING_REVISION.REVISION.plus(1))
            .execute();
        snapshots.refreshNow();
        measure(engine, strategy, random);
      }
    } finally {
      server.stop();
    }
  }

  private static void measure(RoutingEngine engine, Strategy strategy, Random random) {
    int n = 1 << 14;
    RoutingEngine.Call[] calls = new RoutingEngine.Call[n];
    long now = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      String customer = "cust-" + random.nextInt(CUSTOMERS);
      calls[i] = new RoutingEngine.Call(customer, Destination.parse(number(random)), now, random.nextLong(), false);
    }
    long attempts = 0;
    for (int i = 0; i < 200_000; i++) {
      attempts += engine.plan(calls[i & (n - 1)]).attempts().size();
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int rounds = 500_000;
    long allocatedBefore = threads.getThreadAllocatedBytes(thread);
    long started = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      attempts += engine.plan(calls[i & (n - 1)]).attempts().size();
    }
    long elapsed = System.nanoTime() - started;
    long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
    assertThat(attempts).isPositive();
    System.out.printf("decision %-10s %6.0f ns/decision, %5d bytes allocated/decision, %.1f attempts/plan%n",
        strategy, (double) elapsed / rounds, allocated / rounds, (double) attempts / (rounds + 200_000));
  }

  private static String number(Random random) {
    int cc = COUNTRY_CODES[random.nextInt(COUNTRY_CODES.length)];
    StringBuilder b = new StringBuilder().append(cc);
    while (b.length() < 11) {
      b.append(random.nextInt(10));
    }
    return b.toString();
  }

  private static String prefix(Random random, int maxLength) {
    String cc = Integer.toString(COUNTRY_CODES[random.nextInt(COUNTRY_CODES.length)]);
    int length = cc.length() + random.nextInt(Math.max(1, maxLength - cc.length() + 1));
    StringBuilder b = new StringBuilder(cc);
    while (b.length() < length) {
      b.append(random.nextInt(10));
    }
    return b.toString();
  }

  private static void generate(DSLContext db, Random random) {
    var providers = db.insertInto(PROVIDER, PROVIDER.ID, PROVIDER.NAME, PROVIDER.HOSTNAME, PROVIDER.TRANSPORT,
        PROVIDER.TECH_PREFIX, PROVIDER.TECH_POSTFIX, PROVIDER.DISABLED, PROVIDER.WEIGHT, PROVIDER.MAX_CONCURRENT_CALLS,
        PROVIDER.VERSION, PROVIDER.CREATE_MS, PROVIDER.UPDATE_MS);
    for (int p = 0; p < PROVIDERS; p++) {
      providers.values("p" + p, "Provider " + p, "sip" + p + ".carrier.example", p % 3 == 0 ? "TCP" : "UDP", "", "", false, 1 + p % 7, 0, 1L, 0L, 0L);
    }
    providers.execute();
    // Realistic shape: an owner routes a prefix to a few providers (1 to 4), not to hundreds.
    List<Object[]> routes = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    int r = 0;
    while (routes.size() < DEFAULT_ROUTES + CUSTOMER_ROUTES) {
      boolean isDefault = routes.size() < DEFAULT_ROUTES;
      String customer = isDefault ? "" : "cust-" + random.nextInt(CUSTOMERS);
      String prefix;
      do {
        prefix = prefix(random, 7);
      } while (!seen.add(customer + "|" + prefix));
      int carriers = 1 + random.nextInt(4);
      for (int c = 0; c < carriers; c++) {
        String provider = "p" + random.nextInt(PROVIDERS);
        if (seen.add(customer + "|" + prefix + "|" + provider)) {
          routes.add(new Object[] {"r" + r++, customer, prefix, provider, c * 10, 1 + random.nextInt(100)});
        }
      }
    }
    for (int from = 0; from < routes.size(); from += 1000) {
      var insert = db.insertInto(ROUTE, ROUTE.ID, ROUTE.CUSTOMER_ID, ROUTE.PREFIX, ROUTE.PROVIDER_ID, ROUTE.PRIORITY, ROUTE.WEIGHT,
          ROUTE.SCHEDULE_TIME_ZONE, ROUTE.DISABLED, ROUTE.NAME, ROUTE.DETAIL, ROUTE.VERSION, ROUTE.CREATE_MS, ROUTE.UPDATE_MS);
      for (Object[] row : routes.subList(from, Math.min(routes.size(), from + 1000))) {
        insert.values((String) row[0], (String) row[1], (String) row[2], (String) row[3], (Integer) row[4], (Integer) row[5],
            null, false, "", "", 1L, 0L, 0L);
      }
      insert.execute();
    }
    for (int p = 0; p < PROVIDERS; p++) {
      java.util.Set<String> prefixes = new java.util.HashSet<>();
      while (prefixes.size() < RATES_PER_PROVIDER) {
        prefixes.add(prefix(random, 9));
      }
      List<String> list = new ArrayList<>(prefixes);
      for (int from = 0; from < list.size(); from += 1000) {
        var insert = db.insertInto(RATE, RATE.PROVIDER_ID, RATE.PREFIX, RATE.VALID_FROM_MS, RATE.VALID_UNTIL_MS, RATE.PRICE_MICROS, RATE.CURRENCY);
        for (String prefix : list.subList(from, Math.min(list.size(), from + 1000))) {
          insert.values("p" + p, prefix, 0L, null, (long) (1000 + random.nextInt(200_000)), "USD");
        }
        insert.execute();
      }
    }
  }
}
