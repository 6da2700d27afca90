package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.block;
import static org.siproute.server.routing.TestRouting.disabled;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.everyDay;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.named;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.scheduled;

import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Strategy;

/**
 * BLOCK routes end the decision before any route: the platform's for every customer, whatever
 * its policy and routes; a customer's for that customer only; disabled or unscheduled ones
 * block nothing.
 */
class BlockTest {
  private static final String PREMIUM = "4990012345";

  @Test
  void aPlatformBlockBeatsTheCustomersOwnLongerRoutesAndExcludedDefaults() {
    RoutingPolicy excludesDefaults = policy("acme", Strategy.PRIORITY, 5, 0, true);
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY, "a", "b")
            .policy(excludesDefaults)
            .route(route("acme", "4990012", "a"))
            .route(route("acme", "", "b"))
            .route(block("", "4990", 403)));

    Plan plan = plan(engine, "acme", PREMIUM);

    assertThat(plan.attempts()).isEmpty();
    assertThat(plan.isBlocked()).isTrue();
    assertThat(plan.blocked().sipCode()).isEqualTo(403);
    assertThat(plan.blocked().route().id()).isEqualTo("default/4990/block");
    assertThat(providers(plan(engine, "acme", "4930123456"))).containsExactly("b");
  }

  @Test
  void aCustomerBlockHoldsForThatCustomerOnly() {
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY, "a").route(route("", "", "a")).route(block("acme", "49", 603)));

    assertThat(plan(engine, "acme", PREMIUM).blocked().sipCode()).isEqualTo(603);
    assertThat(providers(plan(engine, "other", PREMIUM))).containsExactly("a");
  }

  @Test
  void thePlatformsBlockIsReportedBeforeTheCustomersAndTheLongestPrefixFirst() {
    RoutingEngine engine =
        engine(TestRouting.snapshot(Strategy.PRIORITY)
            .route(block("acme", "499001", 480))
            .route(block("", "49", 404))
            .route(block("", "4990", 403)));

    Plan.Block block = plan(engine, "acme", PREMIUM).blocked();

    assertThat(block.sipCode()).isEqualTo(403);
    assertThat(block.reason()).isEqualTo("platform block for prefix '4990'");
  }

  @Test
  void disabledBlocksAndBlocksOutsideTheirScheduleBlockNothing() {
    Route off = disabled(block("", "49", 403));
    // 12:00 UTC is outside 00:00-01:00 in UTC.
    Route night = scheduled(block("acme", "4990", 403), everyDay("UTC", "00:00", "01:00"));
    RoutingEngine engine = engine(TestRouting.snapshot(Strategy.PRIORITY, "a").route(route("", "", "a")).route(off).route(night));

    Plan plan = explain(engine, "acme", PREMIUM);

    assertThat(plan.isBlocked()).isFalse();
    assertThat(providers(plan)).containsExactly("a");
    assertThat(reasonFor(plan, off.id())).isEqualTo("block disabled");
    assertThat(reasonFor(plan, night.id())).isEqualTo("block outside its schedule");
  }

  @Test
  void explainNamesTheBlock() {
    Route premium = named(block("", "4990", 403), "premium rate");
    RoutingEngine engine = engine(TestRouting.snapshot(Strategy.PRIORITY, "a").route(route("", "", "a")).route(premium));

    Plan plan = explain(engine, "acme", PREMIUM);

    assertThat(plan.blocked().reason()).isEqualTo("platform block 'premium rate' for prefix '4990'");
    assertThat(reasonFor(plan, premium.id())).isEqualTo("blocks the call with 403: platform block 'premium rate' for prefix '4990'");
  }
}
