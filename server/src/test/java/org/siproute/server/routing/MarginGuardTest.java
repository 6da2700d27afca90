package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.notes;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.rate;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import org.junit.jupiter.api.Test;
import org.siproute.server.domain.ExchangeRate;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Strategy;

/**
 * The margin guard: with it on, a provider whose cost for a call of the expected length is
 * above the customer's sell price for that call less the margin is left out, whatever the
 * strategy; a number without a sell rate drops nothing.
 */
class MarginGuardTest {
  /** What customer c1 pays for +44: 10000 per minute (EUR), billed 60/60. */
  private static final Rate SELL_44 = new Rate("", "44", 10_000, "EUR", 0, Rate.FOREVER);

  private static RoutingPolicy guarded(Strategy strategy, long minMarginMicros) {
    return guarded(strategy, minMarginMicros, 60);
  }

  private static RoutingPolicy guarded(Strategy strategy, long minMarginMicros, int expectedSeconds) {
    RoutingPolicy p = policy("c1", strategy);
    return new RoutingPolicy(p.customerId(), p.strategy(), p.failoverCodes(), p.maxAttempts(), p.maxPriceMicros(),
        p.excludeDefaultRoutes(), false, 1, 0, expectedSeconds, "", true, minMarginMicros, "");
  }

  private static SnapshotBuilder carriers(RoutingPolicy policy) {
    return carriers(policy, SELL_44);
  }

  /** Costs of a call up to 60 s (billed 60/60): cheap 7000, fair 9500, dear 9600; "unpriced" has no rate. */
  private static SnapshotBuilder carriers(RoutingPolicy policy, Rate sellRate) {
    return snapshot(Strategy.PRIORITY, "cheap", "fair", "dear", "unpriced")
        .policy(policy)
        .route(route("", "", "dear", 0, 0))
        .route(route("", "", "fair", 1, 0))
        .route(route("", "", "cheap", 2, 0))
        .route(route("", "", "unpriced", 3, 0))
        .rate(rate("cheap", "44", 7_000))
        .rate(rate("fair", "44", 9_500))
        .rate(rate("dear", "44", 9_600))
        .rate(rate("cheap", "49", 7_000))
        .sellRate("c1", sellRate);
  }

  @Test
  void providersDearerThanTheSellPriceLessTheMarginAreLeftOutWhateverTheStrategy() {
    RoutingEngine engine = engine(carriers(guarded(Strategy.PRIORITY, 500)));

    Plan plan = explain(engine, "c1", LONDON);

    // Limit 10000 - 500 = 9500: fair at exactly the limit stays, dear above it goes.
    assertThat(providers(plan)).containsExactly("fair", "cheap", "unpriced");
    assertThat(reasonFor(plan, "default//dear"))
        .isEqualTo("cost 9600 micros EUR for a 60 s call above the sell price 10000 less the margin of 500");
    assertThat(notes(plan))
        .contains("margin guard: sell price 10000 micros EUR for a 60 s call, less the margin of 500: costs up to 9500");
    assertThat(providers(plan(engine(carriers(guarded(Strategy.LEAST_COST, 500))), "c1", LONDON)))
        .containsExactly("cheap", "fair", "unpriced");
  }

  @Test
  void withoutTheGuardOrForAnotherCustomerNothingIsDropped() {
    RoutingPolicy off = policy("c1", Strategy.PRIORITY);
    assertThat(providers(plan(engine(carriers(off)), "c1", LONDON))).containsExactly("dear", "fair", "cheap", "unpriced");
    // c2 has no policy of its own (the platform default, no guard) and no sell rates.
    assertThat(providers(plan(engine(carriers(guarded(Strategy.PRIORITY, 500))), "c2", LONDON)))
        .containsExactly("dear", "fair", "cheap", "unpriced");
  }

  @Test
  void aNumberWithoutASellRateDropsNothingAndExplainSaysSo() {
    Plan plan = explain(engine(carriers(guarded(Strategy.PRIORITY, 500))), "c1", "4930123456");

    assertThat(providers(plan)).containsExactly("dear", "fair", "cheap", "unpriced");
    assertThat(notes(plan)).contains("margin guard: no sell rate for this number, so it drops nothing");
  }

  @Test
  void theSellPriceIsForTheExpectedLengthWithItsOwnFeeAndIncrements() {
    Rate perSecondWithFee = new Rate("", "44", 10_000, "EUR", 0, Rate.FOREVER, 2_000, 1, 1);

    // At 30 s: sold for 2000 + 10000 * 30 / 60 = 7000, bought for a whole minute: only cheap fits.
    assertThat(providers(plan(engine(carriers(guarded(Strategy.PRIORITY, 0, 30), perSecondWithFee)), "c1", LONDON)))
        .containsExactly("cheap", "unpriced");
    // At 120 s: sold for 2000 + 20000 = 22000, bought for two minutes (19200 at most): all fit.
    assertThat(providers(plan(engine(carriers(guarded(Strategy.PRIORITY, 0, 120), perSecondWithFee)), "c1", LONDON)))
        .containsExactly("dear", "fair", "cheap", "unpriced");
  }

  @Test
  void aSellRateInAnotherCurrencyIsConvertedAndWithoutAnExchangeRateDropsNothing() {
    Rate sellInGbp = new Rate("", "44", 8_000, "GBP", 0, Rate.FOREVER);

    Plan noRate = explain(engine(carriers(guarded(Strategy.PRIORITY, 0), sellInGbp)), "c1", LONDON);
    assertThat(providers(noRate)).containsExactly("dear", "fair", "cheap", "unpriced");
    assertThat(notes(noRate))
        .contains("margin guard: no exchange rate to compare the sell rate in GBP in EUR, so it drops nothing");

    // Platform EUR; GBP at 1.2: the sell price is 9600 EUR, less 100: dear (9600) goes.
    Plan converted =
        explain(engine(carriers(guarded(Strategy.PRIORITY, 100), sellInGbp)
            .exchangeRate(new ExchangeRate("GBP", 1_200_000, 0))), "c1", LONDON);
    assertThat(providers(converted)).containsExactly("fair", "cheap", "unpriced");
  }
}
