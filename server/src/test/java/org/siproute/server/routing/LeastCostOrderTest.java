package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.NOW;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.rate;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Strategy;

/**
 * LEAST_COST: within a tier, ascending price per minute of the provider for the number (the
 * longest prefix of its deck valid at the call time), then priority; providers without a rate
 * after the priced ones; above the policy's cap (0 = none): out.
 */
class LeastCostOrderTest {
  private static final long HOUR = 3_600_000;

  @Test
  void theCheapestGoesFirstWhateverThePriority() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "dear", "cheap", "middle")
            .route(route("", "44", "dear", 0, 0))
            .route(route("", "44", "cheap", 50, 0))
            .route(route("", "44", "middle", 10, 0))
            .rate(rate("dear", "44", 900))
            .rate(rate("cheap", "44", 100))
            .rate(rate("middle", "44", 500)));

    Plan plan = plan(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("cheap", "middle", "dear");
    assertThat(plan.attempts()).extracting(Plan.Attempt::priceMicros).containsExactly(100L, 500L, 900L);
    assertThat(plan.attempts()).extracting(Plan.Attempt::currency).containsOnly("EUR");
  }

  @Test
  void everyStrategyAnswersThePriceAndCostOfEachAttemptWithoutExplain() {
    for (Strategy strategy : new Strategy[] {Strategy.PRIORITY, Strategy.WEIGHTED, Strategy.QUALITY}) {
      RoutingEngine engine =
          engine(snapshot(strategy, "first", "second", "unpriced")
              .route(route("", "44", "first", 0, 1))
              .route(route("", "44", "second", 10, 1))
              .route(route("", "44", "unpriced", 20, 1))
              .rate(rate("first", "44", 900))
              .rate(rate("second", "4420", 100)));

      Plan plan = plan(engine, "c1", LONDON);

      assertThat(plan.attempts()).as(strategy.toString()).hasSize(3);
      assertThat(plan.attempts())
          .as("%s: the rate of the longest prefix, -1 without one", strategy)
          .filteredOn(a -> !a.providerId().equals("unpriced"))
          .allSatisfy(a -> assertThat(a.priceMicros()).isEqualTo(a.providerId().equals("first") ? 900L : 100L))
          .allSatisfy(a -> assertThat(a.costMicros()).as("a 60 s call at the per-minute price").isEqualTo(a.priceMicros()));
      assertThat(plan.attempts()).filteredOn(a -> a.providerId().equals("unpriced")).singleElement()
          .satisfies(a -> assertThat(a.priceMicros()).isEqualTo(-1L));
    }
  }

  @Test
  void anEqualPriceFallsBackToPriority() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "second", "first")
            .route(route("", "44", "second", 20, 0))
            .route(route("", "44", "first", 10, 0))
            .rate(rate("second", "44", 300))
            .rate(rate("first", "44", 300)));

    for (long seed = 0; seed < 50; seed++) {
      assertThat(providers(plan(engine, "c1", LONDON, NOW, seed))).containsExactly("first", "second");
    }
  }

  @Test
  void theLongestPrefixOfTheDeckGivesThePrice() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "a", "b")
            .route(route("", "44", "a"))
            .route(route("", "44", "b"))
            .rate(rate("a", "4", 50))
            .rate(rate("a", "44", 100))
            .rate(rate("a", "4420", 300)) // London costs more at a
            .rate(rate("a", "4420712345678", 1)) // longer than the number: never applies
            .rate(rate("b", "44", 200)));

    Plan plan = plan(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("b", "a");
    assertThat(plan.attempts().get(1).priceMicros()).isEqualTo(300);
    assertThat(providers(plan(engine, "c1", "441611234567"))).containsExactly("a", "b"); // 100 < 200
  }

  @Test
  void providersWithoutARateGoAfterThePricedOnesInPriorityOrder() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "noDeck", "otherCountries", "priced")
            .route(route("", "44", "noDeck", 0, 0))
            .route(route("", "44", "otherCountries", 5, 0))
            .route(route("", "44", "priced", 50, 0))
            .rate(rate("otherCountries", "49", 1))
            .rate(rate("priced", "44", 999_999)));

    Plan plan = plan(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("priced", "noDeck", "otherCountries");
    assertThat(plan.attempts().get(1).priceMicros()).isEqualTo(-1);
    assertThat(plan.attempts().get(1).currency()).isEmpty();
  }

  @Test
  void aPriceAboveTheCapIsOutAndOneAtTheCapIsIn() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "under", "at", "over", "unpriced")
            .policy(policy("c1", Strategy.LEAST_COST, 5, 150, false))
            .route(route("", "44", "under"))
            .route(route("", "44", "at"))
            .route(route("", "44", "over"))
            .route(route("", "44", "unpriced"))
            .rate(rate("under", "44", 100))
            .rate(rate("at", "44", 150))
            .rate(rate("over", "44", 151)));

    // An unknown price is not known to be above the cap: it stays, after the priced ones.
    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("under", "at", "unpriced");
    assertThat(reasonFor(explain(engine, "c1", LONDON), "default/44/over")).isEqualTo("price 151 micros/min EUR above the cap of 150 EUR");
    // No cap on the platform default policy: everyone is in.
    assertThat(providers(plan(engine, "c2", LONDON))).containsExactly("under", "at", "over", "unpriced");
  }

  @Test
  void theCapOnlyAppliesToLeastCost() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "over")
            .policy(policy("", Strategy.PRIORITY, 5, 150, false))
            .route(route("", "44", "over"))
            .rate(rate("over", "44", 151)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("over");
    assertThat(providers(explain(engine, "c1", LONDON))).containsExactly("over");
  }

  @Test
  void aRateCountsOnlyFromItsStartAndUntilItsEnd() {
    long switchAt = NOW + HOUR;
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "changing", "steady")
            .route(route("", "44", "changing"))
            .route(route("", "44", "steady"))
            .rate(rate("changing", "44", 500, 0, switchAt))
            .rate(rate("changing", "44", 10, switchAt, Rate.FOREVER))
            .rate(rate("steady", "44", 100)));

    assertThat(plan(engine, "c1", LONDON, NOW, 1).attempts().get(1).priceMicros()).isEqualTo(500);
    assertThat(providers(plan(engine, "c1", LONDON, switchAt - 1, 1))).containsExactly("steady", "changing");
    // The end is exclusive and the start inclusive: at the switch, the new rate.
    assertThat(providers(plan(engine, "c1", LONDON, switchAt, 1))).containsExactly("changing", "steady");
    assertThat(plan(engine, "c1", LONDON, switchAt, 1).attempts().get(0).priceMicros()).isEqualTo(10);
  }

  @Test
  void aLongerPrefixThatIsNotValidYetOrAnyMoreLeavesTheShorterOne() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "a", "future")
            .route(route("", "44", "a"))
            .route(route("", "44", "future"))
            .rate(rate("a", "4420", 50, 0, NOW)) // expired just now
            .rate(rate("a", "4420", 60, NOW + HOUR, Rate.FOREVER)) // not yet
            .rate(rate("a", "44", 400))
            .rate(rate("future", "44", 1, NOW + 1, Rate.FOREVER)));

    Plan plan = plan(engine, "c1", LONDON);

    // "future" has no rate valid now: unpriced, so after "a" at 400.
    assertThat(providers(plan)).containsExactly("a", "future");
    assertThat(plan.attempts().get(0).priceMicros()).isEqualTo(400);
    assertThat(plan.attempts().get(1).priceMicros()).isEqualTo(-1);
  }

  @Test
  void tiersStillComeFirstTheCheapestOnlyLeadsItsTier() {
    RoutingEngine engine =
        engine(snapshot(Strategy.LEAST_COST, "ownDear", "sharedCheap")
            .route(route("c1", "44", "ownDear"))
            .route(route("", "4420", "sharedCheap"))
            .rate(rate("ownDear", "44", 900))
            .rate(rate("sharedCheap", "44", 1)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("ownDear", "sharedCheap");
  }
}
