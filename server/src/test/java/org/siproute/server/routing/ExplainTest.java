package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.named;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.rate;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;
import static org.siproute.server.routing.TestRouting.weighted;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * With explain, each attempt says why it is at its place, and the plan lists every route it
 * looked at with what became of it; without, neither is built.
 */
class ExplainTest {

  @Test
  void eachAttemptSaysItsTierPrefixAndPlaceUnderPriority() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY)
            .provider(weighted(provider("own"), 4))
            .provider(provider("shared"))
            .route(named(route("c1", "44", "own", 10, 0), "UK mobile"))
            .route(route("", "", "shared", 20, 3)));

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(plan.attempts().get(0).reasons())
        .containsExactly("customer route 'UK mobile' for prefix '44'", "priority 10, weight 4");
    assertThat(plan.attempts().get(1).reasons())
        .containsExactly("default route for prefix ''", "priority 20, weight 3");
  }

  @Test
  void leastCostSaysTheCostOrItsAbsence() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "priced", "unpriced")
            .route(route("", "44", "priced", 7, 0))
            .route(route("", "44", "unpriced"))
            .rate(rate("priced", "44", 1250)));

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(plan.attempts().get(0).reasons()).contains("cost 1250 micros EUR for a 60 s call: price 1250 micros/min billed 60/60, priority 7");
    assertThat(plan.attempts().get(1).reasons()).contains("no rate for this number: after priced providers");
  }

  @Test
  void weightedAndQualitySayWhatOrderedThem() {
    SnapshotBuilder weightedData = snapshot(Strategy.WEIGHTED, "a").route(route("", "44", "a", 0, 5));
    assertThat(explain(engine(weightedData), "c1", LONDON).attempts().get(0).reasons())
        .contains("weighted share, weight 5");

    SnapshotBuilder qualityData =
        snapshot(Strategy.QUALITY, "scored", "new")
            .route(route("", "44", "scored", 3, 0))
            .route(route("", "44", "new", 4, 0));
    RoutingEngine quality =
        engine(qualityData, ProviderHealth.ALWAYS_HEALTHY,
            (providerId, code) -> providerId.equals("scored") ? 0.8125 : Double.NaN);
    Plan plan = explain(quality, "c1", LONDON);
    assertThat(plan.attempts().get(0).reasons()).contains("answer-seizure ratio 0.813");
    assertThat(plan.attempts().get(1).reasons()).contains("too few calls to judge quality: priority 4");
  }

  @Test
  void theConsideredRoutesSayWhatBecameOfEachInOrder() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .route(route("c1", "44", "a"))
            .route(TestRouting.disabled(route("c1", "4420", "b")))
            .route(route("", "44", "a"))
            .route(route("", "44", "b", 1, 0)));

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(plan.considered())
        .extracting(c -> c.route().id() + ": " + c.selected() + " " + c.reason())
        .containsExactly(
            "c1/4420/b: false route disabled",
            "default/44/a: false provider 'a' already in the plan",
            "c1/44/a: true attempt 0",
            "default/44/b: true attempt 1");
  }

  @Test
  void explainShowsPricesUnderEveryStrategy() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a").route(route("", "44", "a")).rate(rate("a", "44", 300)));

    assertThat(explain(engine, "c1", LONDON).attempts().get(0).priceMicros()).isEqualTo(300);
  }

  @Test
  void withoutExplainThereAreNoReasonsAndNothingConsidered() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .route(route("", "44", "a"))
            .route(TestRouting.disabled(route("", "44", "b"))));

    Plan plan = plan(engine, "c1", LONDON);

    assertThat(plan.considered()).isEmpty();
    assertThat(plan.attempts().get(0).reasons()).isEmpty();
    assertThat(plan.attempts().get(0).headers()).isEqualTo(Map.of());
  }
}
