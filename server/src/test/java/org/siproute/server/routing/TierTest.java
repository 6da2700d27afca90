package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.notes;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * Candidates come in tiers: the customer's routes from the longest matching prefix to the
 * shortest, then the default routes likewise, unless the customer's policy excludes them. A
 * tier's order beats the strategy: priority only orders routes within a tier.
 */
class TierTest {

  @Test
  void customerRoutesComeBeforeDefaultRoutesWhateverTheirPriority() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "own", "shared")
            .route(route("c1", "44", "own", 90, 0))
            .route(route("", "44", "shared", 0, 0)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("own", "shared");
  }

  @Test
  void customerTiersGoFromTheLongestMatchingPrefixToTheEmptyOne() {
    // Fed shortest first, and the longer prefixes with worse priorities: only the prefix
    // length can put them in this order.
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "any", "uk", "london", "inner")
            .route(route("c1", "", "any", 0, 0))
            .route(route("c1", "44", "uk", 10, 0))
            .route(route("c1", "4420", "london", 20, 0))
            .route(route("c1", "442071", "inner", 30, 0)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("inner", "london", "uk", "any");
  }

  @Test
  void defaultTiersGoFromTheLongestMatchingPrefixToTheEmptyOne() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "any", "uk", "london")
            .route(route("", "", "any", 0, 0))
            .route(route("", "44", "uk", 10, 0))
            .route(route("", "4420", "london", 20, 0)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("london", "uk", "any");
  }

  @Test
  void onlyPrefixesOfTheNumberMatch() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "uk", "de", "longer", "digitFirst")
            .route(route("", "44", "uk"))
            .route(route("", "49", "de"))
            // The whole number and one more digit: longer than the number, so no prefix of it.
            .route(route("", LONDON + "8", "longer"))
            // Same digits as a prefix of another length: "0" + "44" is not "44".
            .route(route("", "044", "digitFirst")));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("uk");
  }

  @Test
  void theWholeNumberIsAPrefixOfItself() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "exact", "uk")
            .route(route("", "44", "uk"))
            .route(route("", LONDON, "exact")));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("exact", "uk");
  }

  @Test
  void aCustomerWithoutRoutesOfItsOwnGetsTheDefaultRoutes() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "own", "shared")
            .route(route("c1", "44", "own"))
            .route(route("", "44", "shared")));

    assertThat(providers(plan(engine, "c2", LONDON))).containsExactly("shared");
  }

  @Test
  void excludeDefaultRoutesLeavesOnlyTheCustomersOwn() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "own", "shared")
            .policy(policy("c1", Strategy.PRIORITY, 5, 0, true))
            .route(route("c1", "44", "own"))
            .route(route("", "", "shared")));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("own");
    assertThat(providers(plan(engine, "c1", "4930123456"))).isEmpty();
    Plan explained = explain(engine, "c1", LONDON);
    assertThat(notes(explained)).containsExactly("default routes excluded by the customer's policy");
    // Another customer's policy does not exclude anything for everyone else.
    assertThat(providers(plan(engine, "c2", LONDON))).containsExactly("shared");
  }

  @Test
  void theCustomersOwnPolicyAppliesAndTheDefaultOneOtherwise() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a")
            .policy(policy("c1", Strategy.WEIGHTED))
            .route(route("", "44", "a")));

    assertThat(plan(engine, "c1", LONDON).policy().strategy()).isEqualTo(Strategy.WEIGHTED);
    assertThat(plan(engine, "c1", LONDON).policy().customerId()).isEqualTo("c1");
    assertThat(plan(engine, "c2", LONDON).policy().strategy()).isEqualTo(Strategy.PRIORITY);
    assertThat(plan(engine, "c2", LONDON).policy().isPlatformDefault()).isTrue();
  }

  @Test
  void anotherCustomersRoutesNeverApply() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "theirs", "shared")
            .route(route("c2", "44", "theirs"))
            .route(route("", "44", "shared")));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("shared");
    assertThat(providers(plan(engine, "c2", LONDON))).containsExactly("theirs", "shared");
  }

  @Test
  void noMatchingRouteGivesAnEmptyPlan() {
    RoutingEngine engine = engine(snapshot(Strategy.PRIORITY, "de").route(route("", "49", "de")));

    Plan plan = plan(engine, "c1", LONDON);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.destination().digits()).isEqualTo(LONDON);
  }

  @Test
  void aPlanCarriesTheSnapshotsRevision() {
    RoutingEngine engine = engine(snapshot(Strategy.PRIORITY, "a").revisions(42, 7).route(route("", "", "a")));

    assertThat(plan(engine, "c1", LONDON).revision()).isEqualTo(42);
  }
}
