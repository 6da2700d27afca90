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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * From ordered candidates to the plan: a provider appears once, at its first place; degraded
 * providers go after every healthy one (never dropped, with the reason); the plan is cut at the
 * policy's maximum attempts.
 */
class PlanAssemblyTest {

  /** Health that reports the given providers degraded, and records whom it was asked about. */
  private static final class StubHealth implements ProviderHealth {
    final Map<String, String> degraded;
    final List<String> asked = new ArrayList<>();

    StubHealth(Map<String, String> degraded) {
      this.degraded = degraded;
    }

    @Override
    public String degradedReason(String providerId) {
      asked.add(providerId);
      return degraded.get(providerId);
    }
  }

  @Test
  void aProviderAppearsOnceAtItsFirstPlace() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .route(route("c1", "4420", "b", 5, 0))
            .route(route("c1", "4420", "a", 0, 0))
            .route(route("c1", "44", "b", 0, 0)) // b again, in a later tier at a better priority
            .route(route("", "44", "a", 0, 0))); // a again, among the defaults

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("a", "b");
    // The attempt keeps the route that placed it.
    assertThat(plan.attempts().get(1).route().id()).isEqualTo("c1/4420/b");
    assertThat(reasonFor(plan, "c1/44/b")).isEqualTo("provider 'b' already in the plan");
    assertThat(reasonFor(plan, "default/44/a")).isEqualTo("provider 'a' already in the plan");
  }

  @Test
  void aRepeatedProviderTakesNoSecondSlotBeforeTheCut() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .policy(policy("", Strategy.PRIORITY, 2, 0, false))
            .route(route("c1", "44", "a"))
            .route(route("", "4420", "a"))
            .route(route("", "44", "b")));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("a", "b");
  }

  @Test
  void degradedProvidersGoAfterEveryHealthyOneInTheirOwnOrder() {
    StubHealth health = new StubHealth(Map.of("open", "circuit open", "busy", "at call limit 2"));
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "open", "busy", "ok1", "ok2")
            .route(route("c1", "44", "open", 0, 0))
            .route(route("c1", "44", "busy", 1, 0))
            .route(route("c1", "44", "ok1", 2, 0))
            .route(route("", "44", "ok2", 0, 0)), // a later tier, still before the degraded
            health, QualityScores.NONE);

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("ok1", "ok2", "open", "busy");
    assertThat(plan.attempts().get(2).reasons()).contains("after healthy providers: circuit open");
    assertThat(plan.attempts().get(3).reasons()).contains("after healthy providers: at call limit 2");
    assertThat(plan.attempts().get(0).reasons()).noneMatch(r -> r.startsWith("after healthy"));
  }

  @Test
  void degradedProvidersAreKeptWhenNoneIsHealthy() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .route(route("", "44", "a", 0, 0))
            .route(route("", "44", "b", 1, 0)),
            providerId -> "circuit open", QualityScores.NONE);

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("a", "b");
  }

  @Test
  void healthIsAskedOnceAboutEachProviderThatCouldBePlaced() {
    // Asking may take a circuit's one trial call: a repeat or an excluded route must not ask.
    StubHealth health = new StubHealth(Map.of());
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .provider(TestRouting.disabled(TestRouting.provider("off")))
            .route(route("c1", "44", "a"))
            .route(route("", "4420", "a"))
            .route(route("", "44", "b"))
            .route(route("", "44", "off")),
            health, QualityScores.NONE);

    plan(engine, "c1", LONDON);

    assertThat(health.asked).containsExactly("a", "b");
  }

  @Test
  void thePlanIsCutAtMaxAttemptsAfterDegradedOnesMovedLast() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "p0", "p1", "p2", "p3", "p4")
            .policy(policy("", Strategy.PRIORITY, 3, 0, false))
            .route(route("", "44", "p0", 0, 0))
            .route(route("", "44", "p1", 1, 0))
            .route(route("", "44", "p2", 2, 0))
            .route(route("", "44", "p3", 3, 0))
            .route(route("", "44", "p4", 4, 0)),
            providerId -> providerId.equals("p0") ? "circuit open" : null, QualityScores.NONE);

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("p1", "p2", "p3");
    assertThat(reasonFor(plan, "default/44/p4")).isEqualTo("beyond the policy's 3 attempts");
    assertThat(reasonFor(plan, "default/44/p0")).isEqualTo("beyond the policy's 3 attempts");
  }

  @Test
  void aCustomersMaxAttemptsIsItsOwn() {
    SnapshotBuilder data =
        snapshot(Strategy.PRIORITY, "p0", "p1", "p2")
            .policy(policy("c1", Strategy.PRIORITY, 1, 0, false))
            .route(route("", "44", "p0", 0, 0))
            .route(route("", "44", "p1", 1, 0))
            .route(route("", "44", "p2", 2, 0));
    RoutingEngine engine = engine(data);

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("p0");
    assertThat(providers(plan(engine, "c2", LONDON))).containsExactly("p0", "p1", "p2");
  }
}
