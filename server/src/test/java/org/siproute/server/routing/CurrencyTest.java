package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import org.junit.jupiter.api.Test;
import org.siproute.server.domain.ExchangeRate;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Strategy;

/**
 * LEAST_COST across currencies: costs are converted into the policy's currency (else the
 * platform's) through the exchange rates, never compared raw; a cost that cannot be converted
 * is unknown, and its provider goes after the priced ones.
 */
class CurrencyTest {
  private static final ExchangeRate GBP = new ExchangeRate("GBP", 1_260_000, 0);
  private static final ExchangeRate EUR = new ExchangeRate("EUR", 1_080_000, 0);

  private static Rate rate(String providerId, long priceMicros, String currency) {
    return new Rate(providerId, "44", priceMicros, currency, 0, Rate.FOREVER);
  }

  /** The case: GBP 0.0069 and USD 0.0070 per minute; "british" comes first by priority. */
  private static SnapshotBuilder gbpAndUsd() {
    return snapshot(Strategy.LEAST_COST, "british", "american")
        .platformCurrency("USD")
        .route(route("", "44", "british", 0, 0))
        .route(route("", "44", "american", 1, 0))
        .rate(rate("british", 6_900, "GBP"))
        .rate(rate("american", 7_000, "USD"));
  }

  private static RoutingPolicy inCurrency(RoutingPolicy p, String currency) {
    return new RoutingPolicy(p.customerId(), p.strategy(), p.failoverCodes(), p.maxAttempts(), p.maxPriceMicros(),
        p.excludeDefaultRoutes(), p.inherited(), p.version(), p.updateMs(), p.expectedCallSeconds(), currency,
        p.marginGuard(), p.minMarginMicros(), "");
  }

  @Test
  void aLowerNumberInADearerCurrencyIsNotCheaper() {
    Plan plan = explain(engine(gbpAndUsd().exchangeRate(GBP)), "c1", LONDON);

    // 6900 GBP micros are 8694 USD micros.
    assertThat(providers(plan)).containsExactly("american", "british");
    assertThat(plan.attempts()).extracting(Plan.Attempt::costMicros).containsExactly(7_000L, 8_694L);
    assertThat(plan.attempts()).extracting(Plan.Attempt::costCurrency).containsOnly("USD");
    assertThat(plan.attempts()).extracting(Plan.Attempt::priceMicros).as("prices stay as the decks give them")
        .containsExactly(7_000L, 6_900L);
    assertThat(plan.attempts()).extracting(Plan.Attempt::currency).containsExactly("USD", "GBP");
    assertThat(plan.attempts().get(1).reasons())
        .contains("cost 8694 micros USD for a 60 s call: price 6900 micros/min GBP billed 60/60, priority 0");
  }

  @Test
  void withoutAnExchangeRateTheDeckIsUnpricedAndGoesAfterThePricedOnes() {
    Plan plan = explain(engine(gbpAndUsd()), "c1", LONDON);

    assertThat(providers(plan)).containsExactly("american", "british");
    assertThat(plan.attempts().get(1).costMicros()).isEqualTo(-1);
    assertThat(plan.attempts().get(1).costCurrency()).isEmpty();
    assertThat(plan.attempts().get(1).reasons())
        .contains("price 6900 micros/min GBP billed 60/60, but no exchange rate for GBP to compare it in USD:"
            + " after priced providers");
  }

  @Test
  void aPolicyInAnotherCurrencyGetsEveryCostInIt() {
    RoutingEngine engine =
        engine(gbpAndUsd().exchangeRate(GBP).exchangeRate(EUR).policy(inCurrency(policy("c1", Strategy.LEAST_COST), "EUR")));

    Plan plan = plan(engine, "c1", LONDON);

    // 7000 USD = 7000 / 1.08 = 6481 EUR; 6900 GBP = 6900 * 1.26 / 1.08 = 8050 EUR.
    assertThat(providers(plan)).containsExactly("american", "british");
    assertThat(plan.attempts()).extracting(Plan.Attempt::costMicros).containsExactly(6_481L, 8_050L);
    assertThat(plan.attempts()).extracting(Plan.Attempt::costCurrency).containsOnly("EUR");
  }

  @Test
  void aPolicyCurrencyWithoutAnExchangeRatePricesOnlyDecksInThatCurrency() {
    RoutingEngine engine =
        engine(gbpAndUsd()
            .exchangeRate(GBP)
            .provider(TestRouting.provider("swiss"))
            .route(route("", "44", "swiss", 2, 0))
            .rate(rate("swiss", 9_000, "CHF"))
            .policy(inCurrency(policy("c1", Strategy.LEAST_COST), "CHF")));

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(providers(plan)).as("the CHF deck is priced; the others follow by priority")
        .containsExactly("swiss", "british", "american");
    assertThat(plan.attempts()).extracting(Plan.Attempt::costMicros).containsExactly(9_000L, -1L, -1L);
    assertThat(plan.attempts().get(2).reasons())
        .contains("price 7000 micros/min USD billed 60/60, but no exchange rate for CHF to compare it in CHF:"
            + " after priced providers");
  }

  @Test
  void theCapIsReadInThePolicysCurrencyAndPricesAreConvertedBeforeTheComparison() {
    RoutingEngine engine =
        engine(gbpAndUsd().exchangeRate(GBP).policy(policy("c1", Strategy.LEAST_COST, 5, 8_000, false)));

    Plan plan = explain(engine, "c1", LONDON);

    // 6900 GBP is under 8000 as a number, but 8694 USD is above the cap.
    assertThat(providers(plan)).containsExactly("american");
    assertThat(reasonFor(plan, "default/44/british"))
        .isEqualTo("price 6900 micros/min GBP (8694 USD) above the cap of 8000 USD");
  }

  @Test
  void theCapCannotJudgeAPriceWithoutAnExchangeRateSoItStaysAfterThePricedOnes() {
    RoutingEngine engine = engine(gbpAndUsd().policy(policy("c1", Strategy.LEAST_COST, 5, 8_000, false)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("american", "british");
  }
}
