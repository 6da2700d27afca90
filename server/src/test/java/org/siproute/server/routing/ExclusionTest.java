package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.disabled;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.explain;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.reasonFor;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * Routes that are disabled, or whose provider is disabled or missing, are not candidates; the
 * next route takes their place, and explain says why they are out.
 */
class ExclusionTest {

  @Test
  void aDisabledRouteIsOut() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .route(disabled(route("", "44", "a", 0, 0)))
            .route(route("", "44", "b", 1, 0)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("b");
    assertThat(reasonFor(explain(engine, "c1", LONDON), "default/44/a")).isEqualTo("route disabled");
  }

  @Test
  void aDisabledRouteDoesNotHideItsProviderElsewhere() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "a", "b")
            .route(disabled(route("c1", "44", "a", 0, 0)))
            .route(route("c1", "44", "b", 1, 0))
            .route(route("", "44", "a", 0, 0)));

    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("b", "a");
  }

  @Test
  void aRouteToADisabledProviderIsOut() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "b")
            .provider(disabled(provider("a")))
            .route(route("c1", "44", "a", 0, 0))
            .route(route("", "44", "a", 0, 0))
            .route(route("", "44", "b", 1, 0)));

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("b");
    assertThat(reasonFor(plan, "c1/44/a")).isEqualTo("provider 'a' disabled");
  }

  @Test
  void aRouteToAMissingProviderIsOut() {
    RoutingEngine engine =
        engine(snapshot(Strategy.PRIORITY, "b")
            .route(route("", "44", "gone", 0, 0))
            .route(route("", "44", "b", 1, 0)));

    Plan plan = explain(engine, "c1", LONDON);

    assertThat(providers(plan)).containsExactly("b");
    assertThat(reasonFor(plan, "default/44/gone")).isEqualTo("provider missing");
  }
}
