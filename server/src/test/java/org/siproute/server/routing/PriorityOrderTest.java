package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.NOW;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.firstPlaceShares;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;
import static org.siproute.server.routing.TestRouting.weighted;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * PRIORITY: within a tier, a lower priority value goes first; among equal priorities a
 * weighted random share (route weight, else the provider's) decides, fixed by the call's seed.
 */
class PriorityOrderTest {
  private static final int CALLS = 20_000;
  /** About five standard deviations of a share measured over {@link #CALLS} calls. */
  private static final double TOLERANCE = 0.015;

  @Test
  void aLowerPriorityValueGoesFirst() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "p30", "p0", "p20")
            .route(route("", "44", "p30", 30, 100))
            .route(route("", "44", "p0", 0, 1))
            .route(route("", "44", "p20", 20, 50)));

    for (long seed = 0; seed < 100; seed++) {
      assertThat(providers(plan(engine, "c1", LONDON, NOW, seed))).containsExactly("p0", "p20", "p30");
    }
  }

  @Test
  void equalPrioritiesAreOrderedTheSameWayForTheSameSeed() {
    SnapshotBuilder data =
        snapshot(Strategy.PRIORITY, "a", "b", "c")
            .route(route("", "44", "a", 10, 1))
            .route(route("", "44", "b", 10, 1))
            .route(route("", "44", "c", 10, 1));
    RoutingEngine engine = engine(data);
    RoutingEngine rebuilt = engine(data);

    Set<List<String>> orders = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      List<String> order = providers(plan(engine, "c1", LONDON, NOW, seed));
      assertThat(providers(plan(engine, "c1", LONDON, NOW, seed))).isEqualTo(order);
      assertThat(providers(plan(rebuilt, "c1", LONDON, NOW, seed))).isEqualTo(order);
      orders.add(order);
    }
    // ...and other seeds give other orders: all six of three providers turn up.
    assertThat(orders).hasSize(6);
  }

  @Test
  void equalPrioritiesShareFirstPlaceInProportionToRouteWeight() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "heavy", "light", "later")
            .route(route("", "44", "heavy", 10, 3))
            .route(route("", "44", "light", 10, 1))
            .route(route("", "44", "later", 20, 1000)));

    var shares = firstPlaceShares(engine, "c1", LONDON, CALLS);

    assertThat(shares.get("heavy")).isCloseTo(0.75, within(TOLERANCE));
    assertThat(shares.get("light")).isCloseTo(0.25, within(TOLERANCE));
    assertThat(shares).doesNotContainKey("later"); // priority first, whatever the weight
  }

  @Test
  void aRouteWithoutAWeightTakesItsProvidersWeight() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY)
            .provider(weighted(provider("byProvider"), 3))
            .provider(weighted(provider("byRoute"), 9)) // the route's own weight wins
            .route(route("", "44", "byProvider", 10, 0))
            .route(route("", "44", "byRoute", 10, 1)));

    var shares = firstPlaceShares(engine, "c1", LONDON, CALLS);

    assertThat(shares.get("byProvider")).isCloseTo(0.75, within(TOLERANCE));
  }

  @Test
  void weightZeroGoesAfterEveryWeightedRouteOfItsPriority() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "weighted", "unweighted1", "unweighted2")
            .route(route("", "44", "unweighted1", 10, 0))
            .route(route("", "44", "weighted", 10, 1))
            .route(route("", "44", "unweighted2", 10, 0)));

    var shares = firstPlaceShares(engine, "c1", LONDON, 2_000);
    assertThat(shares).containsOnlyKeys("weighted");
    // Among themselves, the unweighted ones share equally.
    int unweighted1Second = 0;
    for (long seed = 0; seed < CALLS; seed++) {
      if (plan(engine, "c1", LONDON, NOW, seed).attempts().get(1).providerId().equals("unweighted1")) {
        unweighted1Second++;
      }
    }
    assertThat(unweighted1Second / (double) CALLS).isCloseTo(0.5, within(TOLERANCE));
  }
}
