package org.siproute.server.routing;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siproute.server.ServerModule;
import org.siproute.server.bench.BenchData;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.store.Database;
import org.siproute.server.store.PolicyRepository;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.Store;
import org.siproute.server.testing.TestDatabase;

/**
 * Issue #11's route table in memory: how many bytes a full load of the routes keeps per route,
 * while fed (what a reload holds live beside the serving snapshot, and young collections copy)
 * and once built; and how long {@link SnapshotBuilder} takes to build it. The data is {@link
 * BenchData}'s default routes (220 000 routes on about 92 000 prefixes to 20 providers), read
 * through {@link RouteRepository#forEach} as a full load reads them, from MariaDB when {@code
 * -Dsiproute.mysql.url} is set (the database then is not in this heap), else from H2. Prints
 * figures and asserts none: run it before and after a change, with the same JVM flags.
 */
@Tag("benchmark")
class SnapshotFootprintTest {
  private static final int ROUTES = Integer.getInteger("bench.routes", 220_000);

  @Test
  void bytesPerRouteAndBuildTimeOfAFullLoad() {
    try (TestDatabase database =
        TestDatabase.mysqlServerUrl().map(TestDatabase::mariaDb).orElseGet(TestDatabase::h2)) {
      ServerConfig config = ServerConfig.defaults().withDatabase(database.url(), "", "");
      try (Database db = Database.open(ServerModule.databaseOptions(config))) {
        BenchData.generate(db.dsl(), new BenchData.Size(20, 1, ROUTES, 0, 0), 11);
        Store store = new Store(db.dsl(), Clock.systemUTC());
        List<Provider> providers = store.read(d -> new ProviderRepository(d).all());
        List<RoutingPolicy> policies = store.read(d -> new PolicyRepository(d).all());
        print("database: %s; %,d routes", database.url().startsWith("jdbc:h2:") ? "H2" : "MariaDB", ROUTES);

        // Warm up the load path (classes, compilation) before anything is measured.
        for (int i = 0; i < 2; i++) {
          builder(providers, policies).build();
          fed(store, providers, policies).build();
        }

        long base = usedAfterGc();
        SnapshotBuilder fed = fed(store, providers, policies);
        long whileFed = usedAfterGc() - base;
        Snapshot snapshot = fed.build();
        fed = null;
        long built = usedAfterGc() - base;
        print("retained per route: %d bytes fed to the builder, %d bytes in the built snapshot",
            whileFed / ROUTES, built / ROUTES);

        // A full reload of the same rows beside the serving snapshot: what it keeps that the old
        // snapshot does not already hold is what young collections copy while it runs.
        long serving = usedAfterGc();
        SnapshotBuilder reload = builder(providers, policies).reloading(snapshot);
        feed(store, reload);
        long whileReloaded = usedAfterGc() - serving;
        Snapshot reloaded = reload.build();
        reload = null;
        long reloadedBuilt = usedAfterGc() - serving;
        print("a full reload of unchanged routes beside the serving snapshot: %d bytes per route live while fed,"
            + " %d bytes per route in the new snapshot not shared with the old", whileReloaded / ROUTES,
            reloadedBuilt / ROUTES);
        Reference.reachabilityFence(reloaded);

        // Every prefix of a million numbers probed, as a decision probes them (longest first).
        Random random = new Random(1);
        long[] numbers = new long[1_000_000];
        int[] lengths = new int[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
          String number = BenchData.number(random);
          numbers[i] = Long.parseLong(number);
          lengths[i] = number.length();
        }
        OwnerRoutes table = snapshot.defaults.routes;
        long[] probes = new long[7];
        long found = 0;
        for (int round = 0; round < probes.length; round++) {
          long started = System.nanoTime();
          long probed = 0;
          for (int i = 0; i < numbers.length; i++) {
            for (int length = lengths[i]; length >= 0; length--) {
              probed++;
              if (table.at(numbers[i], lengths[i], length) != null) {
                found++;
              }
            }
          }
          probes[round] = (System.nanoTime() - started) * 1000 / probed;
        }
        print("prefix lookups: %s ps per probe (%d found)", median(probes), found);

        // A single route write: the default routes patched with one route changed in place.
        List<Route> all = new ArrayList<>(ROUTES);
        store.read(d -> {
          new RouteRepository(d).forEach(all::add);
          return null;
        });
        long[] patchBytes = new long[21];
        for (int i = 0; i < patchBytes.length; i++) {
          Route r = all.get(1_000 + i * 7_919);
          Route changed = new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), r.priority() + 1, r.weight(),
              r.schedule(), r.disabled(), r.name(), r.detail(), r.version() + 1, r.createMs(), r.updateMs(),
              r.stripDigits(), r.prepend(), r.action(), r.blockSipCode(), r.sourcePrefix());
          RouteEntry entry = new RouteEntry(changed, snapshot.providers.slotOf(r.providerId()));
          long before = allocatedBytes();
          table.patched(Set.of(r.id()), Set.of(r.prefix()), List.of(entry));
          patchBytes[i] = allocatedBytes() - before;
        }
        print("one route patched into the default routes: %s bytes allocated", median(patchBytes));
        Reference.reachabilityFence(snapshot);

        long[] loads = new long[5];
        for (int i = 0; i < loads.length; i++) {
          long started = System.nanoTime();
          fed(store, providers, policies).build();
          loads[i] = (System.nanoTime() - started) / 1_000_000;
        }
        print("full route load (read, feed, build): %s ms", median(loads));

        List<Route> routes = all;
        long[] builds = new long[7];
        for (int i = 0; i < builds.length; i++) {
          SnapshotBuilder builder = builder(providers, policies);
          long started = System.nanoTime();
          routes.forEach(builder::route);
          builder.build();
          builds[i] = (System.nanoTime() - started) / 1_000_000;
        }
        print("SnapshotBuilder, %,d routes fed and built: %s ms", routes.size(), median(builds));
      }
    }
  }

  private static SnapshotBuilder builder(List<Provider> providers, List<RoutingPolicy> policies) {
    SnapshotBuilder builder = new SnapshotBuilder();
    providers.forEach(builder::provider);
    policies.forEach(builder::policy);
    return builder;
  }

  private static SnapshotBuilder fed(Store store, List<Provider> providers, List<RoutingPolicy> policies) {
    return feed(store, builder(providers, policies));
  }

  private static SnapshotBuilder feed(Store store, SnapshotBuilder builder) {
    Store.bulk(() -> store.read(d -> {
      new RouteRepository(d).forEach(builder::route);
      return null;
    }));
    return builder;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static String median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] + " (median of " + Arrays.toString(values) + ")";
  }

  private static void print(String format, Object... args) {
    System.out.println("[snapshot footprint] " + String.format(format, args));
  }
}
