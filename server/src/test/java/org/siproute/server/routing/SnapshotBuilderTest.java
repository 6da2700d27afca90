package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.disabled;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.rate;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Strategy;

/**
 * The builder works in owners and providers: feeding one again replaces it and nothing else,
 * and rate decks can be kept from an earlier snapshot provider by provider.
 */
class SnapshotBuilderTest {

  @Test
  void routesAddUpPerOwnerAndOwnerRoutesReplacesOneOwnerOnly() {
    SnapshotBuilder builder =
        snapshot(Strategy.PRIORITY, "a", "b", "c")
            .route(route("c1", "44", "a"))
            .route(route("c1", "44", "b", 1, 0))
            .route(route("c2", "44", "a"))
            .route(route("", "44", "c"));
    assertThat(providers(plan(engine(builder), "c1", LONDON))).containsExactly("a", "b", "c");

    builder.ownerRoutes("c1", List.of(route("c1", "44", "b")));

    RoutingEngine engine = engine(builder);
    assertThat(providers(plan(engine, "c1", LONDON))).containsExactly("b", "c");
    assertThat(providers(plan(engine, "c2", LONDON))).containsExactly("a", "c");
    builder.ownerRoutes("", List.of());
    assertThat(providers(plan(engine(builder), "c2", LONDON))).containsExactly("a");
  }

  @Test
  void ownerRoutesRefusesARouteOfAnotherOwner() {
    SnapshotBuilder builder = snapshot(Strategy.PRIORITY, "a");

    assertThatThrownBy(() -> builder.ownerRoutes("c1", List.of(route("c2", "44", "a"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aProviderFedAgainReplacesTheFirstForEveryRouteNamingIt() {
    SnapshotBuilder builder =
        snapshot(Strategy.PRIORITY, "a", "b")
            .route(route("c1", "44", "a"))
            .route(route("", "44", "a"))
            .route(route("", "44", "b", 1, 0));

    builder.provider(disabled(provider("a")));

    assertThat(providers(plan(engine(builder), "c1", LONDON))).containsExactly("b");
  }

  @Test
  void aPolicyFedAgainReplacesTheFirst() {
    SnapshotBuilder builder =
        snapshot(Strategy.PRIORITY, "a")
            .route(route("", "44", "a"))
            .policy(policy("c1", Strategy.QUALITY))
            .policy(policy("c1", Strategy.WEIGHTED))
            .policy(policy("", Strategy.LEAST_COST));

    RoutingEngine engine = engine(builder);

    assertThat(plan(engine, "c1", LONDON).policy().strategy()).isEqualTo(Strategy.WEIGHTED);
    assertThat(plan(engine, "c2", LONDON).policy().strategy()).isEqualTo(Strategy.LEAST_COST);
  }

  @Test
  void aSnapshotNeedsThePlatformDefaultPolicy() {
    SnapshotBuilder builder = new SnapshotBuilder().policy(policy("c1", Strategy.PRIORITY));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("platform default routing policy");
  }

  @Test
  void rateDecksAreKeptFromAnEarlierSnapshotUnlessRatesAreFedForTheirProvider() {
    Snapshot earlier =
        snapshot(Strategy.LEAST_COST, "a", "b", "gone")
            .rate(rate("a", "44", 100))
            .rate(rate("b", "44", 200))
            .rate(rate("gone", "44", 300))
            .build();

    SnapshotBuilder next =
        snapshot(Strategy.LEAST_COST, "a", "b")
            .route(route("", "44", "a"))
            .route(route("", "44", "b"))
            .rateDecksOf(earlier)
            .rate(rate("b", "4420", 50)); // b's deck is now this line alone
    Snapshot snapshot = next.build();

    assertThat(snapshot.providers.get("a").rates).isSameAs(earlier.providers.get("a").rates);
    assertThat(snapshot.providers.get("gone")).isNull();
    Plan plan = plan(engine(next), "c1", LONDON);
    assertThat(providers(plan)).containsExactly("b", "a");
    assertThat(plan.attempts()).extracting(Plan.Attempt::priceMicros).containsExactly(50L, 100L);
    assertThat(plan(engine(next), "c1", "441611234567").attempts().get(1).priceMicros()).isEqualTo(-1);
  }

  @Test
  void routeEntriesNameTheSlotOfTheirProvider() {
    Snapshot snapshot =
        snapshot(Strategy.PRIORITY, "a", "b")
            .route(route("c1", "44", "b"))
            .route(route("", "", "a"))
            .route(route("", "1", "missing"))
            .build();

    RouteEntry toB = snapshot.customer("c1").routes.byPrefix.getOrNull("44")[0];
    RouteEntry toMissing = snapshot.defaults.routes.byPrefix.getOrNull("1")[0];
    assertThat(toB.providerSlot).isEqualTo(snapshot.providers.slotOf("b"));
    assertThat(snapshot.providers.views[toB.providerSlot].id()).isEqualTo("b");
    // A slot is kept for an id that only routes name, so a provider fed later can fill it.
    assertThat(toMissing.providerSlot).isEqualTo(snapshot.providers.slotOf("missing")).isNotNegative();
    assertThat(snapshot.providers.views[toMissing.providerSlot]).isNull();
    assertThat(snapshot.providers.slotOf("unknown")).isEqualTo(-1);
  }

  @Test
  void theSnapshotCountsAndIdentifiesWhatItHolds() {
    Snapshot snapshot =
        snapshot(Strategy.PRIORITY, "a", "b")
            .revisions(12, 5)
            .route(route("c1", "44", "a"))
            .route(route("c2", "49", "a"))
            .route(route("", "", "b"))
            .route(route("", "1", "missing"))
            .rate(rate("a", "44", 1))
            .rate(rate("a", "49", 1))
            .rate(rate("b", "", 1))
            .build();

    assertThat(snapshot.revision).isEqualTo(12);
    assertThat(snapshot.ratesRevision).isEqualTo(5);
    assertThat(snapshot.routeCount).isEqualTo(4);
    assertThat(snapshot.rateCount()).isEqualTo(3);
    assertThat(snapshot.providers.size()).isEqualTo(2); // a route naming "missing" makes no provider
    assertThat(snapshot.providers.get("missing")).isNull();
    assertThat(snapshot.providers.all()).extracting(ProviderView::id).containsExactly("a", "b");
  }
}
