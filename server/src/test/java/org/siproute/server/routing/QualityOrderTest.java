package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * QUALITY: within a tier, descending answer-seizure ratio of the provider for the destination's
 * country calling code; providers with too few calls to judge (below the minimum sample size,
 * which {@link QualityScores} reports as NaN) after the scored ones, in priority order.
 */
class QualityOrderTest {

  /** Ratios by provider and calling code; NaN (too few calls) for everything else. */
  private static QualityScores scores(Map<String, Double> byProviderAndCode) {
    return (providerId, callingCode) ->
        byProviderAndCode.getOrDefault(providerId + "@" + callingCode, Double.NaN);
  }

  private static SnapshotBuilder fourProviders() {
    return snapshot(Strategy.QUALITY, "good", "fair", "newA", "newB")
        .route(route("", "", "newB", 5, 0))
        .route(route("", "", "newA", 0, 0))
        .route(route("", "", "fair", 8, 0))
        .route(route("", "", "good", 9, 0));
  }

  @Test
  void aHigherAnswerSeizureRatioGoesFirstWhateverThePriority() {
    RoutingEngine engine =
        engine(fourProviders(), ProviderHealth.ALWAYS_HEALTHY,
            scores(Map.of("good@44", 0.6, "fair@44", 0.3, "newA@44", 0.1, "newB@44", 0.59)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("good", "newB", "fair", "newA");
  }

  @Test
  void providersBelowTheMinimumSampleSizeGoAfterScoredOnesInPriorityOrder() {
    RoutingEngine engine =
        engine(fourProviders(), ProviderHealth.ALWAYS_HEALTHY, scores(Map.of("good@44", 0.6, "fair@44", 0.3)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("good", "fair", "newA", "newB");
    // Even a ratio of 0 is a judgement, and beats none.
    RoutingEngine zero =
        engine(fourProviders(), ProviderHealth.ALWAYS_HEALTHY, scores(Map.of("fair@44", 0.0)));
    assertThat(providers(plan(zero, "c1", LONDON))).containsExactly("fair", "newA", "newB", "good");
  }

  @Test
  void withoutScoresAtAllTheOrderIsPriority() {
    RoutingEngine engine = engine(fourProviders(), ProviderHealth.ALWAYS_HEALTHY, QualityScores.NONE);

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("newA", "newB", "fair", "good");
  }

  @Test
  void theRatioIsTheOneForTheDestinationsCallingCode() {
    RoutingEngine engine =
        engine(snapshot(Strategy.QUALITY, "ukSpecialist", "usSpecialist")
            .route(route("", "", "ukSpecialist"))
            .route(route("", "", "usSpecialist")),
            ProviderHealth.ALWAYS_HEALTHY,
            scores(Map.of(
                "ukSpecialist@44", 0.9, "usSpecialist@44", 0.2,
                "ukSpecialist@1", 0.1, "usSpecialist@1", 0.7)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("ukSpecialist", "usSpecialist");
    assertThat(providers(plan(engine, "c1", "12125551234"))).containsExactly("usSpecialist", "ukSpecialist");
  }

  @Test
  void anEqualRatioFallsBackToPriority() {
    RoutingEngine engine =
        engine(snapshot(Strategy.QUALITY, "later", "sooner")
            .route(route("", "", "later", 20, 0))
            .route(route("", "", "sooner", 10, 0)),
            ProviderHealth.ALWAYS_HEALTHY,
            scores(Map.of("later@44", 0.5, "sooner@44", 0.5)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("sooner", "later");
  }
}
