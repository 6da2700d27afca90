package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.NOW;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.gateway;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;
import static org.siproute.server.routing.TestRouting.withGateways;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * How the engine turns a carrier's gateways into attempts, with health stubbed: the seeded
 * weighted order, healthy gateways before degraded ones, and that a plan asks about (and so
 * may take the circuit trial of) only the gateways it means to offer.
 */
class GatewayPlanTest {

  /** Gateways reported degraded by address; records which gateways were asked about. */
  private static final class StubHealth implements ProviderHealth {
    final Map<String, String> degradedGateways;
    final String degradedProvider;
    final List<String> asked = new ArrayList<>();

    StubHealth(Map<String, String> degradedGateways, String degradedProvider) {
      this.degradedGateways = degradedGateways;
      this.degradedProvider = degradedProvider;
    }

    @Override
    public String degradedReason(String providerId) {
      return providerId.equals(degradedProvider) ? "at call limit 1" : null;
    }

    @Override
    public String gatewayDegradedReason(String providerId, String gateway) {
      asked.add(gateway);
      return degradedGateways.get(gateway);
    }
  }

  private static SnapshotBuilder carrier(int attempts) {
    return snapshot(Strategy.PRIORITY, "other")
        .provider(withGateways(provider("carrier"), attempts, gateway("a", 1), gateway("b", 3)))
        .route(route("c1", "44", "carrier", 0, 0))
        .route(route("c1", "44", "other", 1, 0));
  }

  @Test
  void callsSpreadOverGatewaysByWeightAndOneSeedAlwaysGivesOneOrder() {
    RoutingEngine engine = engine(carrier(2));
    int bFirst = 0;
    for (int seed = 0; seed < 4000; seed++) {
      Plan plan = plan(engine, "c1", LONDON, NOW, seed);
      assertThat(providers(plan)).containsExactly("carrier", "carrier", "other");
      if (plan.attempts().get(0).gateway().equals("b")) {
        bFirst++;
      }
    }
    // Weight 3 of 4, over fixed seeds: the share cannot flake.
    assertThat(bFirst / 4000.0).isBetween(0.72, 0.78);
    assertThat(plan(engine, "c1", LONDON, NOW, 42).attempts()).isEqualTo(plan(engine, "c1", LONDON, NOW, 42).attempts());
    assertThat(plan(engine, "c1", LONDON, NOW, 42).attempts().get(0).sipUri()).startsWith("sip:442071234567@");
  }

  @Test
  void aPlanAsksOnlyAboutTheGatewaysItOffersSoNoTrialIsWasted() {
    StubHealth health = new StubHealth(Map.of(), null);
    RoutingEngine engine = engine(carrier(1), health, QualityScores.NONE);

    Plan plan = plan(engine, "c1", LONDON, NOW, 7);

    assertThat(providers(plan)).containsExactly("carrier", "other");
    assertThat(health.asked).containsExactly(plan.attempts().get(0).gateway(), "other.example");
  }

  @Test
  void aDegradedGatewayGoesAfterTheHealthyOneAndAllDegradedPutTheCarrierLast() {
    StubHealth oneOpen = new StubHealth(Map.of("b", "circuit open"), null);
    for (int seed = 0; seed < 50; seed++) {
      Plan plan = plan(engine(carrier(2), oneOpen, QualityScores.NONE), "c1", LONDON, NOW, seed);
      assertThat(plan.attempts()).extracting(Plan.Attempt::gateway).startsWith("a", "b");
      assertThat(providers(plan)).containsExactly("carrier", "carrier", "other");
    }

    StubHealth allOpen = new StubHealth(Map.of("a", "circuit open", "b", "circuit open"), null);
    Plan plan = explain(engine(carrier(1), allOpen, QualityScores.NONE), "c1", LONDON);
    assertThat(providers(plan)).containsExactly("other", "carrier");
    assertThat(plan.attempts().get(1).reasons()).contains("after healthy providers: every gateway degraded (circuit open)");
  }

  @Test
  void aCarrierAtItsCallLimitIsNotAskedAboutItsGateways() {
    StubHealth health = new StubHealth(Map.of(), "carrier");
    Plan plan = plan(engine(carrier(2), health, QualityScores.NONE), "c1", LONDON, NOW, 3);

    assertThat(providers(plan)).containsExactly("other", "carrier", "carrier");
    assertThat(health.asked).containsExactly("other.example");
  }
}
