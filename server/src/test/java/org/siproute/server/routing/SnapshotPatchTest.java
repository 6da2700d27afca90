package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.RoutingFixtures.call;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.ExchangeRate;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAction;
import org.siproute.proto.v1.RouteAdminGrpc.RouteAdminBlockingStub;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SetExchangeRatesRequest;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.ChangeLogRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.Store;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * The incremental snapshot (issue #11): a snapshot patched from the change log, write after
 * write, is the snapshot a full load makes of the same database, in its parts and in the
 * decisions it gives; a second instance catches up by patching; and when the log cannot say
 * what changed, the snapshot is loaded whole.
 */
@OnEachDatabase
class SnapshotPatchTest {
  private static final String[] OWNERS = {"", "c1", "c2"};
  private static final String[] PREFIXES = {"1", "12", "1212", "44", "4420", "442071", "33", "331", "49"};
  /** Polls that never come during a test: only a write's own catch-up moves the snapshot. */
  private static final UnaryOperator<ServerConfig> NO_POLLS =
      c -> c.withPollInterval(Duration.ofMinutes(10)).withDialIdleTimeout(Duration.ofMinutes(1));

  @Test
  void randomWritesPatchedOneByOneGiveTheSnapshotAndDecisionsOfAFullLoad() {
    try (TestServer server = TestServer.builder().database(TestDatabase.underTest()).config(NO_POLLS).start()) {
      RoutingSnapshots snapshots = server.instance(RoutingSnapshots.class);
      for (long seed : new long[] {20261130L, 7L}) {
        Random random = new Random(seed);
        Writer writer = new Writer(server.admin(), server, random);
        for (int i = 0; i < 150; i++) {
          writer.step();
          if (i % 50 == 49) {
            assertSameAsFullLoad(server, snapshots.current(), random);
          }
        }
        assertSameAsFullLoad(server, snapshots.current(), random);
      }
      // Every write was patched in: the only full load was the first.
      assertThat(snapshots.fullLoadCount()).isEqualTo(1);
      assertThat(snapshots.patchCount()).isGreaterThan(200);
    }
  }

  @Test
  void aSecondInstanceCatchesUpWithAWriteByPatchingOnItsPoll() throws Exception {
    try (TestDatabase database = TestDatabase.underTest()) {
      UnaryOperator<ServerConfig> polling =
          c -> c.withPollInterval(Duration.ofMillis(200)).withDialIdleTimeout(Duration.ofMinutes(1));
      try (TestServer a = TestServer.builder().sharedDatabase(database).config(polling).start();
          TestServer b = TestServer.builder().sharedDatabase(database).config(polling).start()) {
        RoutingFixtures.provider(a.admin(), "pa");
        RoutingFixtures.provider(a.admin(), "pb");
        Route route = RoutingFixtures.route(a.admin(), RoutingFixtures.routeTo("pa", "", "44", 0));
        awaitDecision(b, "pa");
        a.admin().updateRoute(
            UpdateRouteRequest.newBuilder()
                .setRoute(route.toBuilder().setProviderId("pb"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("provider_id"))
                .build());
        awaitDecision(b, "pb");
        RoutingSnapshots bSnapshots = b.instance(RoutingSnapshots.class);
        assertThat(bSnapshots.revision()).isEqualTo(a.instance(RoutingSnapshots.class).revision());
        assertThat(bSnapshots.fullLoadCount()).isEqualTo(1);
        assertThat(bSnapshots.patchCount()).isPositive();
        assertSameAsFullLoad(b, bSnapshots.current(), new Random(1));
      }
    }
  }

  @Test
  void aGapInTheLogOrAChangeOfEverythingMakesAFullLoad() throws Exception {
    try (TestDatabase database = TestDatabase.underTest()) {
      try (TestServer a = TestServer.builder().sharedDatabase(database).config(NO_POLLS).start();
          TestServer b = TestServer.builder().sharedDatabase(database).config(NO_POLLS).start()) {
        RoutingSnapshots bSnapshots = b.instance(RoutingSnapshots.class);
        Store store = a.instance(Store.class);
        RoutingFixtures.provider(a.admin(), "pa");
        RoutingFixtures.route(a.admin(), RoutingFixtures.routeTo("pa", "", "44", 0));
        // B has seen nothing yet; the log of A's writes is pruned past B's revision.
        long revision = store.revision();
        store.read(db -> new ChangeLogRepository(db).pruneUpTo(revision));
        bSnapshots.awaitRevision(revision);
        assertThat(bSnapshots.revision()).isEqualTo(revision);
        assertThat(bSnapshots.fullLoadCount()).isEqualTo(2);
        assertThat(bSnapshots.patchCount()).isZero();
        assertThat(providersFor(b, "442071234567")).containsExactly("pa");

        // A write that does not say what it changed is logged as a change of everything.
        Store.Written<Integer> written =
            store.write(tx -> new RouteRepository(tx).delete(routeIdOf(store), 1) ? 1 : 0);
        bSnapshots.awaitRevision(written.revision());
        assertThat(bSnapshots.fullLoadCount()).isEqualTo(3);
        assertThat(providersFor(b, "442071234567")).isEmpty();

        // And a logged write after them is patched again.
        RoutingFixtures.route(a.admin(), RoutingFixtures.routeTo("pa", "", "44", 0));
        bSnapshots.awaitRevision(store.revision());
        assertThat(bSnapshots.patchCount()).isEqualTo(1);
        assertThat(providersFor(b, "442071234567")).containsExactly("pa");
      }
    }
  }

  private static String routeIdOf(Store store) {
    return store.read(db -> new RouteRepository(db).all()).get(0).id();
  }

  private static List<String> providersFor(TestServer server, String number) {
    return server.select().select(call("c1", number).build()).getAttemptsList().stream().map(Attempt::getProviderId).toList();
  }

  private static void awaitDecision(TestServer reader, String provider) throws InterruptedException {
    long started = System.nanoTime();
    while (System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
      if (providersFor(reader, "442071234567").equals(List.of(provider))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the second instance never routed to " + provider);
  }

  // ---- comparing with a full load ----

  private static void assertSameAsFullLoad(TestServer server, Snapshot patched, Random random) {
    Store store = server.instance(Store.class);
    Snapshot loaded = new SnapshotLoader(store, server.instance(ServerConfig.class).currency()).load(null);
    assertThat(loaded.revision).isEqualTo(patched.revision);
    assertThat(describe(patched)).isEqualTo(describe(loaded));
    RoutingEngine fromPatched = new RoutingEngine(() -> patched, ProviderHealth.ALWAYS_HEALTHY, QualityScores.NONE);
    RoutingEngine fromLoaded = new RoutingEngine(() -> loaded, ProviderHealth.ALWAYS_HEALTHY, QualityScores.NONE);
    long now = System.currentTimeMillis();
    for (int i = 0; i < 300; i++) {
      String number = PREFIXES[random.nextInt(PREFIXES.length)] + (100_000_000L + random.nextInt(900_000_000));
      String customer = random.nextInt(4) == 0 ? "c3" : OWNERS[random.nextInt(OWNERS.length)];
      var call = new RoutingEngine.Call(customer, Destination.parse(number), now, i, true);
      assertThat(fromPatched.plan(call)).as("%s calling %s", customer, number).isEqualTo(fromLoaded.plan(call));
    }
  }

  /** A snapshot's content, independent of how it was made: slots by provider id, lines sorted. */
  private static Map<String, Object> describe(Snapshot s) {
    Map<String, Object> out = new TreeMap<>();
    for (ProviderView view : s.providers.all()) {
      out.put("provider " + view.id(), view.provider);
      out.put("deck " + view.id(), describe(view.rates));
    }
    out.put("defaults", describe(s, s.defaults));
    s.customers.forEach((id, owner) -> out.put("customer " + id, describe(s, owner)));
    out.put("route count", s.routeCount);
    out.put("rates revision", s.ratesRevision);
    for (String currency : List.of("EUR", "GBP", "USD")) {
      out.put("exchange " + currency, s.exchangeRates.platformMicros(currency));
    }
    return out;
  }

  private static Map<String, Object> describe(Snapshot s, Owner owner) {
    Map<String, Object> out = new TreeMap<>();
    out.put("policy", String.valueOf(owner.policy));
    out.put("routes", describe(s, owner.routes.byPrefix));
    out.put("blocks", owner.routes.blocks == null ? "none" : describe(s, owner.routes.blocks));
    out.put("route count", owner.routes.routeCount);
    out.put("sell rates", describe(owner.sellRates));
    return out;
  }

  private static Map<Long, List<String>> describe(Snapshot s, PrefixMap<RouteEntry[]> table) {
    Map<Long, List<String>> out = new TreeMap<>();
    table.forEachEntry(
        (key, entries) -> {
          List<String> routes = new ArrayList<>();
          for (RouteEntry e : entries) {
            // The slot must hold the route's provider, whatever number it has.
            if (!e.route.isBlock()) {
              assertThat(e.providerSlot).isEqualTo(s.providers.slotOf(e.route.providerId()));
            }
            routes.add(e.route.toString());
          }
          out.put(key, routes);
        });
    return out;
  }

  private static Object describe(RateDeck deck) {
    if (deck == null) {
      return "none";
    }
    Map<Long, List<org.siproute.server.domain.Rate>> out = new TreeMap<>();
    deck.forEach(
        (key, first, count) -> {
          List<org.siproute.server.domain.Rate> lines = new ArrayList<>();
          for (int line = first; line < first + count; line++) {
            lines.add(deck.toRate(line, "", ""));
          }
          out.put(key, lines);
        });
    return out;
  }

  // ---- random writes ----

  /** Random admin writes through the real rpcs; a refusal (a duplicate, a provider in use) is a step too. */
  private static final class Writer {
    private final RouteAdminBlockingStub admin;
    private final TestServer server;
    private final Random random;
    private final List<String> providers = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();

    Writer(RouteAdminBlockingStub admin, TestServer server, Random random) {
      this.admin = admin;
      this.server = server;
      this.random = random;
    }

    void step() {
      try {
        int what = random.nextInt(100);
        if (providers.size() < 2 || what < 8) {
          createProvider();
        } else if (what < 14) {
          updateProvider();
        } else if (what < 18) {
          deleteProvider();
        } else if (what < 45) {
          createRoute(false);
        } else if (what < 50) {
          createRoute(true);
        } else if (what < 68) {
          updateRoute();
        } else if (what < 80) {
          deleteRoute();
        } else if (what < 90) {
          policy();
        } else if (what < 96) {
          rates();
        } else {
          exchangeRate();
        }
      } catch (StatusRuntimeException refused) {
        assertThat(refused.getStatus().getCode())
            .isIn(Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION, Status.Code.NOT_FOUND);
      }
    }

    private String anyProvider() {
      return providers.get(random.nextInt(providers.size()));
    }

    private void createProvider() {
      Provider p =
          admin.createProvider(
              CreateProviderRequest.newBuilder()
                  .setProvider(Fixtures.provider(Fixtures.uniqueId("p")).setWeight(random.nextInt(5)))
                  .build());
      providers.add(p.getId());
    }

    private void updateProvider() {
      String id = anyProvider();
      admin.updateProvider(
          UpdateProviderRequest.newBuilder()
              .setProvider(
                  Provider.newBuilder().setId(id).setDisabled(random.nextInt(4) == 0).setWeight(random.nextInt(5))
                      .setTechPrefix(random.nextBoolean() ? "" : "99#"))
              .setUpdateMask(FieldMask.newBuilder().addPaths("disabled").addPaths("weight").addPaths("tech_prefix"))
              .build());
    }

    private void deleteProvider() {
      String id = anyProvider();
      admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(id).build());
      providers.remove(id);
    }

    private void createRoute(boolean block) {
      Route.Builder r =
          Route.newBuilder()
              .setCustomerId(OWNERS[random.nextInt(OWNERS.length)])
              .setPrefix(PREFIXES[random.nextInt(PREFIXES.length)])
              .setPriority(random.nextInt(3))
              .setWeight(random.nextInt(4))
              .setName("r" + random.nextInt(1000));
      if (block) {
        r.setAction(RouteAction.BLOCK).setBlockSipCode(403);
        if (random.nextBoolean()) {
          r.setSourcePrefix("4" + random.nextInt(10));
        }
      } else {
        r.setProviderId(anyProvider());
      }
      routes.add(admin.createRoute(CreateRouteRequest.newBuilder().setRoute(r).build()));
    }

    private void updateRoute() {
      if (routes.isEmpty()) {
        return;
      }
      int i = random.nextInt(routes.size());
      Route r = routes.get(i);
      Route.Builder changed = r.toBuilder().setPriority(random.nextInt(3)).setDisabled(random.nextInt(5) == 0);
      FieldMask.Builder mask = FieldMask.newBuilder().addPaths("priority").addPaths("disabled");
      if (random.nextBoolean()) {
        changed.setPrefix(PREFIXES[random.nextInt(PREFIXES.length)]);
        mask.addPaths("prefix");
      }
      if (r.getAction() != RouteAction.BLOCK && random.nextBoolean()) {
        changed.setProviderId(anyProvider());
        mask.addPaths("provider_id");
      }
      routes.set(i, admin.updateRoute(UpdateRouteRequest.newBuilder().setRoute(changed).setUpdateMask(mask).build()));
    }

    private void deleteRoute() {
      if (routes.isEmpty()) {
        return;
      }
      Route r = routes.remove(random.nextInt(routes.size()));
      admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(r.getId()).build());
    }

    private void policy() {
      String owner = OWNERS[random.nextInt(OWNERS.length)];
      if (!owner.isEmpty() && random.nextInt(3) == 0) {
        admin.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId(owner).build());
        return;
      }
      Strategy strategy = List.of(Strategy.PRIORITY, Strategy.LEAST_COST, Strategy.WEIGHTED).get(random.nextInt(3));
      admin.updateRoutingPolicy(
          UpdateRoutingPolicyRequest.newBuilder()
              .setPolicy(
                  RoutingPolicy.newBuilder().setCustomerId(owner).setStrategy(strategy)
                      .setExcludeDefaultRoutes(!owner.isEmpty() && random.nextInt(4) == 0))
              .setUpdateMask(FieldMask.newBuilder().addPaths("strategy").addPaths("exclude_default_routes"))
              .build());
    }

    private void rates() {
      List<Rate> rates = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(4); i++) {
        rates.add(
            Rate.newBuilder().setPrefix(PREFIXES[random.nextInt(PREFIXES.length)]).setPriceMicros(1000 + random.nextInt(50_000))
                .setCurrency(random.nextBoolean() ? "USD" : "EUR").build());
      }
      // Duplicate prefixes in one import are refused: keep one line per prefix.
      Map<String, Rate> byPrefix = new TreeMap<>();
      rates.forEach(r -> byPrefix.put(r.getPrefix(), r));
      RoutingFixtures.importRates(server, anyProvider(), byPrefix.values().toArray(new Rate[0]));
    }

    private void exchangeRate() {
      admin.setExchangeRates(
          SetExchangeRatesRequest.newBuilder()
              .addRates(ExchangeRate.newBuilder().setCurrency("EUR").setPlatformMicros(900_000 + random.nextInt(300_000)))
              .build());
    }
  }
}
