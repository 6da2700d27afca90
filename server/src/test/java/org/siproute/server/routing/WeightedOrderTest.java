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

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * WEIGHTED: within a tier, a weighted random order by route weight (else the provider's),
 * priority ignored, reproducible per call: a route comes first with probability proportional
 * to its weight.
 */
class WeightedOrderTest {
  private static final int CALLS = 20_000;
  /** About five standard deviations of a share measured over {@link #CALLS} calls. */
  private static final double TOLERANCE = 0.015;

  @Test
  void firstPlaceIsSharedInProportionToWeight() {
    RoutingEngine engine =
        engine(snapshot(Strategy.WEIGHTED, "w1", "w2", "w7")
            .route(route("", "44", "w1", 0, 1))
            .route(route("", "44", "w2", 0, 2))
            .route(route("", "44", "w7", 0, 7)));

    var shares = firstPlaceShares(engine, "c1", LONDON, CALLS);

    assertThat(shares.get("w1")).isCloseTo(0.1, within(TOLERANCE));
    assertThat(shares.get("w2")).isCloseTo(0.2, within(TOLERANCE));
    assertThat(shares.get("w7")).isCloseTo(0.7, within(TOLERANCE));
  }

  @Test
  void secondPlaceIsSharedByTheRestInProportionToTheirWeights() {
    RoutingEngine engine =
        engine(snapshot(Strategy.WEIGHTED, "w1", "w2", "w7")
            .route(route("", "44", "w1", 0, 1))
            .route(route("", "44", "w2", 0, 2))
            .route(route("", "44", "w7", 0, 7)));

    int w7First = 0;
    int w2SecondAfterW7 = 0;
    for (long seed = 0; seed < CALLS; seed++) {
      List<String> order = providers(plan(engine, "c1", LONDON, NOW, seed));
      assertThat(order).containsExactlyInAnyOrder("w1", "w2", "w7");
      if (order.get(0).equals("w7")) {
        w7First++;
        if (order.get(1).equals("w2")) {
          w2SecondAfterW7++;
        }
      }
    }
    // Without replacement: after w7, w2 has 2 of the remaining 3.
    assertThat(w2SecondAfterW7 / (double) w7First).isCloseTo(2.0 / 3, within(TOLERANCE * 1.5));
  }

  @Test
  void priorityPlaysNoPart() {
    RoutingEngine engine =
        engine(snapshot(Strategy.WEIGHTED, "first", "last")
            .route(route("", "44", "first", 0, 1))
            .route(route("", "44", "last", 100, 9)));

    assertThat(firstPlaceShares(engine, "c1", LONDON, CALLS).get("last")).isCloseTo(0.9, within(TOLERANCE));
  }

  @Test
  void aRouteWithoutAWeightTakesItsProvidersWeight() {
    RoutingEngine engine =
        engine(snapshot(Strategy.WEIGHTED)
            .provider(weighted(provider("byProvider"), 4))
            .provider(provider("byRoute"))
            .route(route("", "44", "byProvider", 0, 0))
            .route(route("", "44", "byRoute", 0, 1)));

    assertThat(firstPlaceShares(engine, "c1", LONDON, CALLS).get("byProvider")).isCloseTo(0.8, within(TOLERANCE));
  }

  @Test
  void weightZeroComesAfterEveryWeightedRoute() {
    RoutingEngine engine =
        engine(snapshot(Strategy.WEIGHTED, "none", "some")
            .route(route("", "44", "none", 0, 0))
            .route(route("", "44", "some", 0, 1)));

    assertThat(firstPlaceShares(engine, "c1", LONDON, 2_000)).containsOnlyKeys("some");
  }

  @Test
  void theSameSeedGivesTheSameOrder() {
    RoutingEngine engine =
        engine(snapshot(Strategy.WEIGHTED, "a", "b", "c")
            .route(route("", "44", "a", 0, 1))
            .route(route("", "44", "b", 0, 1))
            .route(route("", "44", "c", 0, 1)));

    for (long seed = 0; seed < 200; seed++) {
      List<String> order = providers(plan(engine, "c1", LONDON, NOW, seed));
      for (int again = 0; again < 3; again++) {
        assertThat(providers(plan(engine, "c1", LONDON, NOW, seed))).isEqualTo(order);
      }
    }
    assertThat(RoutingEngine.seedFor("call-1")).isEqualTo(RoutingEngine.seedFor("call-1"));
    assertThat(RoutingEngine.seedFor("call-1")).isNotEqualTo(RoutingEngine.seedFor("call-2"));
  }
}
