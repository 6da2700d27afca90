package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.block;
import static org.siproute.server.routing.TestRouting.everyDay;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.rate;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.scheduled;
import static org.siproute.server.routing.TestRouting.snapshot;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.Strategy;
import org.siproute.server.store.RateRepository;

/**
 * A full reload keeps the objects of what did not change (so that the collector has little to
 * copy while it runs) and decides exactly as a snapshot built from nothing.
 */
class SnapshotReloadTest {
  private static final Route A44 = route("", "44", "a");
  private static final Route B44 = route("", "44", "b", 1, 0);
  private static final Route C4420 = route("", "4420", "c");
  private static final Route C1_B44 = route("c1", "44", "b");
  private static final Route BLOCK4490 = block("", "4490", 403);
  private static final Route C1_A33 = scheduled(route("c1", "33", "a"), everyDay("Europe/Paris", "08:00", "18:00"));

  @Test
  void unchangedRoutesEntriesAndPrefixArraysAreTheOldObjects() {
    Snapshot first = build(snapshot(Strategy.PRIORITY, "a", "b", "c"), List.of(A44, B44, C4420, C1_B44, BLOCK4490, C1_A33));

    // Read again: equal values in new objects; 4420's route changed, c1's 44 route is gone.
    Route changed = withPriority(C4420, 5);
    Snapshot reloaded =
        build(snapshot(Strategy.PRIORITY, "a", "b", "c").reloading(first),
            List.of(copy(A44), copy(B44), changed, copy(BLOCK4490), copy(C1_A33)));

    assertThat(entries(reloaded.defaults.routes, "44")).isSameAs(entries(first.defaults.routes, "44"));
    assertThat(entries(reloaded.defaults.routes, "44")[0].route).isSameAs(entries(first.defaults.routes, "44")[0].route);
    assertThat(reloaded.defaults.routes.blocks.getOrNull("4490")).isSameAs(first.defaults.routes.blocks.getOrNull("4490"));
    assertThat(entries(reloaded.customers.get("c1").routes, "33")[0])
        .isSameAs(entries(first.customers.get("c1").routes, "33")[0]);

    RouteEntry reread = entries(reloaded.defaults.routes, "4420")[0];
    assertThat(reread).isNotSameAs(entries(first.defaults.routes, "4420")[0]);
    assertThat(reread.route).isEqualTo(changed);
    assertThat(reloaded.customers.get("c1").routes.byPrefix.getOrNull("44")).isNull();
  }

  @Test
  void aReloadKeepsThePagesOfThePrefixMapThatDidNotChange() {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      routes.add(route("", Integer.toString(200_000 + i * 13), i % 2 == 0 ? "a" : "b"));
    }
    Snapshot first = build(snapshot(Strategy.PRIORITY, "a", "b"), routes);
    PrefixMap<RouteEntry[]> before = first.defaults.routes.byPrefix;
    assertThat(before.pageCount()).isGreaterThan(8);

    Route changed = withPriority(routes.get(2_500), 9);
    List<Route> reread = new ArrayList<>(routes.stream().map(SnapshotReloadTest::copy).toList());
    reread.set(2_500, changed);
    Snapshot reloaded = build(snapshot(Strategy.PRIORITY, "a", "b").reloading(first), reread);
    PrefixMap<RouteEntry[]> after = reloaded.defaults.routes.byPrefix;

    int shared = 0;
    for (int page = 0; page < after.pageCount(); page++) {
      shared += after.sharesPageWith(before, page) ? 1 : 0;
    }
    assertThat(shared).as("pages kept of %d", after.pageCount()).isEqualTo(after.pageCount() - 1);
    assertThat(after.getOrNull(changed.prefix())[0].route).isEqualTo(changed);
    assertThat(before.getOrNull(changed.prefix())[0].route).isEqualTo(routes.get(2_500));
    assertThat(after.size()).isEqualTo(before.size());
  }

  @Test
  void aRouteNamingAProviderThatAppearedFindsItInItsOldSlot() {
    Snapshot first = build(snapshot(Strategy.PRIORITY, "a"), List.of(route("", "44", "x")));
    // "x" had a slot as an id named by a route only; it keeps it once it is a provider.
    Snapshot reloaded = build(snapshot(Strategy.PRIORITY, "a", "x").reloading(first), List.of(copy(route("", "44", "x"))));

    RouteEntry entry = entries(reloaded.defaults.routes, "44")[0];
    assertThat(reloaded.providers.views[entry.providerSlot].id()).isEqualTo("x");
    assertThat(TestRouting.providers(plan(engine(reloaded), "", "+442071234567"))).containsExactly("x");
  }

  @Test
  void aDeckReadAgainWithTheSameLinesIsTheOldDeckAndAChangedOneIsNew() {
    SnapshotBuilder firstBuilder = snapshot(Strategy.LEAST_COST, "a", "b", "c");
    List.of(rate("a", "44", 100), rate("a", "4420", 90), rate("b", "44", 80), rate("c", "44", 70)).forEach(firstBuilder::rate);
    Snapshot first = build(firstBuilder, List.of(A44, route("", "44", "b"), route("", "44", "c")));

    // Read again, with b's line changed and a's lines split by c's (rows not grouped by owner).
    SnapshotBuilder reload = snapshot(Strategy.LEAST_COST, "a", "b", "c").reloading(first);
    List.of(rate("a", "44", 100), rate("c", "44", 70), rate("a", "4420", 90), rate("b", "44", 60)).forEach(reload::rate);
    Snapshot reloaded = build(reload, List.of(copy(A44), route("", "44", "b"), route("", "44", "c")));

    assertThat(reloaded.providers.get("a").rates).isSameAs(first.providers.get("a").rates);
    assertThat(reloaded.providers.get("c").rates).isSameAs(first.providers.get("c").rates);
    assertThat(reloaded.providers.get("b").rates).isNotSameAs(first.providers.get("b").rates);
    RoutingEngine.Call london = new RoutingEngine.Call("", Destination.parse("+442071234567"), TestRouting.NOW, 1, false);
    RoutingEngine.Call uk = new RoutingEngine.Call("", Destination.parse("+441611234567"), TestRouting.NOW, 1, false);
    assertThat(TestRouting.providers(engine(reloaded).plan(london))).containsExactly("b", "c", "a");
    assertThat(TestRouting.providers(engine(reloaded).plan(uk))).containsExactly("b", "c", "a");
    assertThat(engine(reloaded).plan(london).attempts().get(2).priceMicros()).isEqualTo(90);
  }

  @Test
  void aDeckReadAgainIsComparedInPlaceUntilItDiffersAndThenBuiltAsFromNothing() {
    List<Rate> lines = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      lines.add(rate("a", Integer.toString(100_000 + i * 7), 1_000 + i));
    }
    Snapshot first = decks(snapshot(Strategy.LEAST_COST, "a"), lines);
    RateDeck deck = first.providers.get("a").rates;

    assertThat(decks(snapshot(Strategy.LEAST_COST, "a").reloading(first), lines).providers.get("a").rates).isSameAs(deck);

    List<List<Rate>> changes = new ArrayList<>();
    changes.add(with(lines, 1_200, rate("a", lines.get(1_200).prefix(), 5)));        // a price in the middle
    changes.add(with(lines, 0, rate("a", "99", lines.get(0).priceMicros())));          // the first prefix
    changes.add(with(lines, 1_999, rate("a", "98", lines.get(1_999).priceMicros())));  // the last prefix
    changes.add(lines.subList(0, 1_999));                                               // one line fewer
    changes.add(lines.subList(0, 700));
    List<Rate> longer = new ArrayList<>(lines);
    longer.add(rate("a", "97", 3));
    changes.add(longer);                                                                // one line more
    for (List<Rate> changed : changes) {
      RateDeck reloaded = decks(snapshot(Strategy.LEAST_COST, "a").reloading(first), changed).providers.get("a").rates;
      RateDeck fresh = decks(snapshot(Strategy.LEAST_COST, "a"), changed).providers.get("a").rates;
      assertThat(reloaded).isNotSameAs(deck);
      assertThat(reloaded.sameLines(fresh)).as("%d lines, reloaded as built from nothing", changed.size()).isTrue();
    }
  }

  @Test
  void aReloadOfAnUnchangedDeckKeepsNoArraysForItsLines() {
    int n = 50_000;
    String[] prefixes = new String[n];
    SnapshotBuilder firstBuilder = snapshot(Strategy.LEAST_COST, "a");
    for (int i = 0; i < n; i++) {
      prefixes[i] = Integer.toString(1_000_000 + i * 3);
      firstBuilder.rate(rate("a", prefixes[i], 1_000 + i % 97));
    }
    Snapshot first = build(firstBuilder, List.of(A44));

    SnapshotBuilder reload = snapshot(Strategy.LEAST_COST, "a").reloading(first);
    RateRepository.LineSink sink = reload.rateSink();
    long before = allocatedBytes();
    for (int i = 0; i < n; i++) {
      sink.accept("a", prefixes[i], 1_000 + i % 97, "EUR", 0, Rate.FOREVER, 0, Rate.DEFAULT_INCREMENT_SECONDS,
          Rate.DEFAULT_INCREMENT_SECONDS);
    }
    reload.finishRateDecks();
    long allocated = allocatedBytes() - before;

    assertThat(build(reload, List.of(A44)).providers.get("a").rates).isSameAs(first.providers.get("a").rates);
    // Arrays for the lines would be 50 bytes a line, 2.5 MB.
    assertThat(allocated).as("bytes allocated to read %,d unchanged lines", n).isLessThan(64 * 1024);
  }

  @Test
  void randomReloadsDecideAsSnapshotsBuiltFromNothing() {
    String[] providerIds = {"a", "b", "c", "d", "e"};
    String[] owners = {"", "", "c1", "c2"};
    String[] prefixes = {"4", "44", "4420", "442071", "33", "331", "49", "1"};
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      Snapshot previous = null;
      for (int generation = 0; generation < 4; generation++) {
        List<String> providers = new ArrayList<>();
        for (String id : providerIds) {
          if (random.nextInt(5) > 0) {
            providers.add(id);
          }
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          String owner = owners[random.nextInt(owners.length)];
          String prefix = prefixes[random.nextInt(prefixes.length)];
          Route r = random.nextInt(10) == 0
              ? block(owner, prefix, 403 + random.nextInt(2))
              : route(owner, prefix, providerIds[random.nextInt(providerIds.length)], random.nextInt(3), random.nextInt(3));
          if (routes.stream().noneMatch(other -> other.id().equals(r.id()))) {
            routes.add(r);
          }
        }
        Collections.shuffle(routes, random);
        // Prices from few values, so that a provider's deck often comes out as before; in an
        // order grouped by provider or not.
        List<Rate> rates = new ArrayList<>();
        for (String id : providerIds) {
          for (String prefix : prefixes) {
            if (random.nextInt(3) > 0) {
              rates.add(rate(id, prefix, 10 + 10 * random.nextInt(2)));
            }
          }
        }
        if (random.nextBoolean()) {
          Collections.shuffle(rates, random);
        }
        Strategy strategy = seed % 2 == 0 ? Strategy.PRIORITY : Strategy.LEAST_COST;
        SnapshotBuilder reload = snapshot(strategy, providers.toArray(String[]::new));
        if (previous != null) {
          reload.reloading(previous);
        }
        rates.forEach(reload::rate);
        Snapshot reloaded = build(reload, routes.stream().map(SnapshotReloadTest::copy).toList());
        SnapshotBuilder freshBuilder = snapshot(strategy, providers.toArray(String[]::new));
        rates.forEach(freshBuilder::rate);
        Snapshot fresh = build(freshBuilder, routes);

        RoutingEngine fromReload = engine(reloaded);
        RoutingEngine fromNothing = engine(fresh);
        for (String owner : List.of("", "c1", "c2", "c3")) {
          for (String prefix : prefixes) {
            String number = "+" + prefix + "2071234567".substring(0, 11 - prefix.length());
            // One call for both: a destination is compared by identity.
            RoutingEngine.Call call = new RoutingEngine.Call(owner, Destination.parse(number), TestRouting.NOW, seed, true);
            assertThat(fromReload.plan(call))
                .as("seed %d generation %d: %s calling %s", seed, generation, owner, number)
                .isEqualTo(fromNothing.plan(call));
          }
        }
        previous = reloaded;
      }
    }
  }

  private static Snapshot decks(SnapshotBuilder builder, List<Rate> rates) {
    rates.forEach(builder::rate);
    return build(builder, List.of(A44));
  }

  private static List<Rate> with(List<Rate> lines, int index, Rate line) {
    List<Rate> changed = new ArrayList<>(lines);
    changed.set(index, line);
    return changed;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static Snapshot build(SnapshotBuilder builder, List<Route> routes) {
    routes.forEach(builder::route);
    return builder.build();
  }

  private static RoutingEngine engine(Snapshot snapshot) {
    return new RoutingEngine(() -> snapshot, ProviderHealth.ALWAYS_HEALTHY, QualityScores.NONE);
  }

  private static RouteEntry[] entries(OwnerRoutes routes, String prefix) {
    return routes.byPrefix.getOrNull(prefix);
  }

  /** An equal route in an object of its own, as a reload reads it. */
  private static Route copy(Route r) {
    return r.withOwner(new String(r.customerId()));
  }

  private static Route withPriority(Route r, int priority) {
    return new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), priority, r.weight(), r.schedule(),
        r.disabled(), r.name(), r.detail(), r.version() + 1, r.createMs(), r.updateMs(), r.stripDigits(), r.prepend(),
        r.action(), r.blockSipCode(), r.sourcePrefix());
  }
}
