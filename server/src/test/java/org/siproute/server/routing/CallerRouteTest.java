package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.block;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.fromCallers;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.planFrom;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;

import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.Strategy;

/**
 * Caller-based routes: a route with a source_prefix applies only to callers whose number starts
 * with it, and within its destination-prefix tier a longer matching source_prefix comes first.
 */
class CallerRouteTest {
  private static final String BERLIN = "49301234567";

  @Test
  void aRouteForCallersAppliesOnlyToThem() {
    Route uk = fromCallers(route("", "49", "uk-callers"), "44");
    RoutingEngine engine = engine(TestRouting.snapshot(Strategy.PRIORITY, "uk-callers", "any").route(uk).route(route("", "49", "any", 5, 0)));

    assertThat(providers(planFrom(engine, "c1", "442071234567", BERLIN))).containsExactly("uk-callers", "any");
    Plan fromFrance = planFrom(engine, "c1", "33123456789", BERLIN);
    assertThat(providers(fromFrance)).containsExactly("any");
    assertThat(reasonFor(fromFrance, uk.id())).isEqualTo("caller 33123456789 does not start with '44'");
    // No source: only routes for any caller.
    assertThat(providers(plan(engine, "c1", BERLIN))).containsExactly("any");
  }

  @Test
  void withinATierTheLongerMatchingCallerPrefixComesFirstWhateverThePriority() {
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY, "any", "uk", "london")
            .route(route("", "49", "any", 0, 0))
            .route(fromCallers(route("", "49", "uk", 10, 0), "44"))
            .route(fromCallers(route("", "49", "london", 20, 0), "4420")));

    assertThat(providers(planFrom(engine, "c1", "442071234567", BERLIN))).containsExactly("london", "uk", "any");
    assertThat(providers(planFrom(engine, "c1", "441611234567", BERLIN))).containsExactly("uk", "any");
  }

  @Test
  void aLongerDestinationPrefixStillComesBeforeACallerRouteOfAShorterOne() {
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY, "berlin", "uk")
            .route(route("", "4930", "berlin"))
            .route(fromCallers(route("", "49", "uk"), "44")));

    assertThat(providers(planFrom(engine, "c1", "442071234567", BERLIN))).containsExactly("berlin", "uk");
  }

  @Test
  void blocksCanBeForSomeCallersOnly() {
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY, "a").route(route("", "", "a")).route(fromCallers(block("", "49", 403), "882")));

    assertThat(planFrom(engine, "c1", "88212345678", BERLIN).isBlocked()).isTrue();
    assertThat(providers(planFrom(engine, "c1", "442071234567", BERLIN))).containsExactly("a");
  }
}
