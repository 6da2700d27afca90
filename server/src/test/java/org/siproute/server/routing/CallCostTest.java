package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.expecting;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.notes;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.rate;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Strategy;

/**
 * LEAST_COST by what a call costs: connect fee plus the billed increments at the price per
 * minute, for a call of the policy's expected length (or the measured average, or 60 s).
 */
class CallCostTest {
  /** Billed per second, dearer per minute, no fee. */
  private static final Rate PER_SECOND = rate("perSecond", "44", 12_000, 0, 1, 1);
  /** Billed per minute, cheaper per minute, with a connect fee. */
  private static final Rate PER_MINUTE = rate("perMinute", "44", 9_000, 1_000, 60, 60);

  private static SnapshotBuilder decks(int expectedSeconds) {
    return snapshot(Strategy.LEAST_COST, "perSecond", "perMinute")
        .policy(expecting(policy("", Strategy.LEAST_COST), expectedSeconds))
        .route(route("", "44", "perMinute", 0, 0))
        .route(route("", "44", "perSecond", 1, 0))
        .rate(PER_SECOND)
        .rate(PER_MINUTE);
  }

  @ParameterizedTest(name = "{0} s call: billed {3}/{4} s")
  @CsvSource({
    // seconds, first, next, billed
    "0, 60, 60, 60",
    "1, 60, 60, 60",
    "60, 60, 60, 60",
    "61, 60, 60, 120",
    "30, 30, 6, 30",
    "31, 30, 6, 36",
    "36, 30, 6, 36",
    "37, 30, 6, 42",
    "1, 1, 1, 1",
    "599, 1, 1, 599",
  })
  void billedSecondsAreTheFirstIncrementThenWholeNextIncrements(long seconds, int first, int next, long billed) {
    assertThat(Rate.billedSeconds(seconds, first, next)).isEqualTo(billed);
  }

  @Test
  void theCostIsTheConnectFeePlusThePriceOfTheBilledSecondsRoundedToTheNearestMicro() {
    assertThat(Rate.callCostMicros(12_000, 0, 1, 1, 30)).isEqualTo(6_000);
    assertThat(Rate.callCostMicros(9_000, 1_000, 60, 60, 30)).isEqualTo(10_000);
    assertThat(Rate.callCostMicros(10, 0, 1, 1, 1)).as("10/60 = 0.17 rounds to 0").isZero();
    assertThat(Rate.callCostMicros(30, 0, 1, 1, 1)).as("30/60 = 0.5 rounds up").isEqualTo(1);
    assertThat(Rate.callCostMicros(1_000_000_000_000L, 1_000_000_000_000L, 3600, 3600, 86_400))
        .as("the largest accepted values do not overflow")
        .isEqualTo(1_000_000_000_000L + 1_000_000_000_000L * 86_400 / 60);
  }

  @Test
  void aShortCallGoesToTheDeckBilledPerSecondALongOneToTheCheaperPerMinuteDeck() {
    Plan shortCall = plan(engine(decks(30)), "c1", LONDON);
    assertThat(providers(shortCall)).containsExactly("perSecond", "perMinute");
    assertThat(shortCall.attempts()).extracting(Plan.Attempt::costMicros).containsExactly(6_000L, 10_000L);
    assertThat(shortCall.attempts()).extracting(Plan.Attempt::costCurrency).containsOnly("EUR");
    assertThat(shortCall.attempts()).extracting(Plan.Attempt::priceMicros).containsExactly(12_000L, 9_000L);
    assertThat(shortCall.expectedCallSeconds()).isEqualTo(30);

    Plan longCall = plan(engine(decks(600)), "c1", LONDON);
    assertThat(providers(longCall)).containsExactly("perMinute", "perSecond");
    assertThat(longCall.attempts()).extracting(Plan.Attempt::costMicros).containsExactly(91_000L, 120_000L);
  }

  @Test
  void explainGivesTheCostWithItsPartsAndTheDurationItWasPricedAt() {
    Plan plan = explain(engine(decks(30)), "c1", LONDON);

    assertThat(plan.attempts().get(0).reasons())
        .contains("cost 6000 micros EUR for a 30 s call: price 12000 micros/min billed 1/1, priority 1");
    assertThat(plan.attempts().get(1).reasons())
        .contains("cost 10000 micros EUR for a 30 s call: price 9000 micros/min billed 60/60 + connect fee 1000, priority 0");
    assertThat(notes(plan)).contains("calls priced at 30 s: the policy's expected_call_seconds");
  }

  @Test
  void withoutAnExpectedLengthOrStatisticsACallIsPricedAtSixtySeconds() {
    Plan plan = explain(engine(decks(0)), "c1", LONDON);

    // At 60 s: perSecond 12000, perMinute 1000 + 9000 = 10000.
    assertThat(providers(plan)).containsExactly("perMinute", "perSecond");
    assertThat(plan.expectedCallSeconds()).isEqualTo(60);
    assertThat(notes(plan)).contains("calls priced at 60 s: too few answered calls to +44 measured yet");
  }

  @Test
  void withoutAnExpectedLengthTheMeasuredAverageToTheCountryPricesTheCall() {
    QualityScores measured =
        new QualityScores() {
          @Override
          public double answerSeizureRatio(String providerId, int callingCode) {
            return Double.NaN;
          }

          @Override
          public double averageCallSeconds(int callingCode) {
            return callingCode == 44 ? 24.6 : Double.NaN;
          }
        };
    RoutingEngine engine = engine(decks(0), ProviderHealth.ALWAYS_HEALTHY, measured);

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(plan.expectedCallSeconds()).isEqualTo(25);
    assertThat(providers(plan)).containsExactly("perSecond", "perMinute");
    assertThat(plan.attempts().get(0).costMicros()).isEqualTo(5_000); // 12000 * 25 / 60
    assertThat(notes(plan)).contains("calls priced at 25 s: the average answered call to +44 lasts 24.6 s");
    // A country without enough statistics: 60 s.
    assertThat(plan(engine, "c1", "4930123456").expectedCallSeconds()).isEqualTo(60);
  }

  @Test
  void thePolicysExpectedLengthWinsOverStatistics() {
    QualityScores measured =
        new QualityScores() {
          @Override
          public double answerSeizureRatio(String providerId, int callingCode) {
            return Double.NaN;
          }

          @Override
          public double averageCallSeconds(int callingCode) {
            return 900;
          }
        };

    Plan plan = plan(engine(decks(30), ProviderHealth.ALWAYS_HEALTHY, measured), "c1", LONDON);

    assertThat(plan.expectedCallSeconds()).isEqualTo(30);
    assertThat(providers(plan)).containsExactly("perSecond", "perMinute");
  }

  @Test
  void theCapStaysOnThePricePerMinuteNotOnTheCostOfTheCall() {
    // At 600 s both cost far more than 10000, but only perSecond's price per minute is above it.
    RoutingEngine engine =
        engine(decks(600).policy(expecting(policy("c1", Strategy.LEAST_COST, 5, 10_000, false), 600)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("perMinute");
  }

  @Test
  void otherStrategiesReportTheCostWithExplainButDoNotOrderByIt() {
    RoutingEngine engine =
        engine(decks(600).policy(expecting(policy("", Strategy.PRIORITY), 30)));

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("perMinute", "perSecond");
    assertThat(plan.attempts()).extracting(Plan.Attempt::costMicros).containsExactly(10_000L, 6_000L);
  }
}
