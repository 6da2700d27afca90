package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.block;
import static org.siproute.server.routing.TestRouting.everyDay;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.scheduled;
import static org.siproute.server.routing.TestRouting.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.Strategy;

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
  void aRouteNamingAProviderThatAppearedFindsItInItsOldSlot() {
    Snapshot first = build(snapshot(Strategy.PRIORITY, "a"), List.of(route("", "44", "x")));
    // "x" had a slot as an id named by a route only; it keeps it once it is a provider.
    Snapshot reloaded = build(snapshot(Strategy.PRIORITY, "a", "x").reloading(first), List.of(copy(route("", "44", "x"))));

    RouteEntry entry = entries(reloaded.defaults.routes, "44")[0];
    assertThat(reloaded.providers.views[entry.providerSlot].id()).isEqualTo("x");
    assertThat(TestRouting.providers(plan(engine(reloaded), "", "+442071234567"))).containsExactly("x");
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
        SnapshotBuilder reload = snapshot(Strategy.PRIORITY, providers.toArray(String[]::new));
        if (previous != null) {
          reload.reloading(previous);
        }
        Snapshot reloaded = build(reload, routes.stream().map(SnapshotReloadTest::copy).toList());
        Snapshot fresh = build(snapshot(Strategy.PRIORITY, providers.toArray(String[]::new)), routes);

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
