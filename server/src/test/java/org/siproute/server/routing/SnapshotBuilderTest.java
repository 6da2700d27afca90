package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siproute.server.routing.TestRouting.LONDON;
import static org.siproute.server.routing.TestRouting.NOW;
import static org.siproute.server.routing.TestRouting.disabled;
import static org.siproute.server.routing.TestRouting.engine;
import static org.siproute.server.routing.TestRouting.plan;
import static org.siproute.server.routing.TestRouting.policy;
import static org.siproute.server.routing.TestRouting.provider;
import static org.siproute.server.routing.TestRouting.providers;
import static org.siproute.server.routing.TestRouting.rate;
import static org.siproute.server.routing.TestRouting.route;
import static org.siproute.server.routing.TestRouting.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RouteAction;
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
  void routesFedInAnyOrderGiveEachPrefixItsRoutesInIdOrderAndTheDecisionsOfSortedInput() {
    Random random = new Random(17);
    String[] prefixes = {"", "4", "44", "4420", "442071", "1", "12"};
    String[] providerIds = {"a", "b", "c", "d"};
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String owner = random.nextInt(3) == 0 ? "c1" : "";
      String prefix = prefixes[random.nextInt(prefixes.length)];
      // Ids in no relation to the order made: the table's order must come from the ids.
      String id = "r" + random.nextInt(1_000_000) + "-" + i;
      Route r;
      if (random.nextInt(8) == 0) {
        // Several blocks of one prefix: the first in id order that applies answers.
        r = new Route(id, owner, prefix, "", 0, 0, null, random.nextInt(4) == 0, "b" + i, "", 1, 0, 0, 0, "",
            RouteAction.BLOCK, 400 + random.nextInt(100), random.nextBoolean() ? "" : "4" + random.nextInt(3));
      } else {
        // Few priorities, so that ties (broken by the table's order) are common.
        r = new Route(id, owner, prefix, providerIds[random.nextInt(providerIds.length)], random.nextInt(2), 0, null,
            random.nextInt(10) == 0, "", "", 1, 0, 0);
      }
      routes.add(r);
    }
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparing(Route::id));
    List<Route> shuffled = new ArrayList<>(routes);
    Collections.shuffle(shuffled, random);

    SnapshotBuilder fromSorted = snapshot(Strategy.PRIORITY, providerIds);
    sorted.forEach(fromSorted::route);
    SnapshotBuilder fromShuffled = snapshot(Strategy.PRIORITY, providerIds);
    shuffled.forEach(fromShuffled::route);
    Snapshot a = fromSorted.build();
    Snapshot b = fromShuffled.build();

    for (String owner : List.of("", "c1")) {
      OwnerRoutes table = owner.isEmpty() ? b.defaults.routes : b.customer(owner).routes;
      for (String prefix : prefixes) {
        for (boolean blocks : new boolean[] {false, true}) {
          List<String> expected =
              sorted.stream()
                  .filter(r -> r.customerId().equals(owner) && r.prefix().equals(prefix) && r.isBlock() == blocks)
                  .map(Route::id)
                  .toList();
          PrefixMap<RouteEntry[]> map = blocks ? table.blocks : table.byPrefix;
          RouteEntry[] at = map == null ? null : map.getOrNull(prefix);
          List<String> ids = at == null ? List.of() : Arrays.stream(at).map(e -> e.route.id()).toList();
          assertThat(ids).as("owner '%s', prefix '%s', blocks %s", owner, prefix, blocks).isEqualTo(expected);
        }
      }
    }
    RoutingEngine engineA = new RoutingEngine(() -> a, ProviderHealth.ALWAYS_HEALTHY, QualityScores.NONE);
    RoutingEngine engineB = new RoutingEngine(() -> b, ProviderHealth.ALWAYS_HEALTHY, QualityScores.NONE);
    for (int i = 0; i < 500; i++) {
      String number = prefixes[random.nextInt(prefixes.length)] + (100_000_000L + random.nextInt(900_000_000));
      String source = "4" + random.nextInt(3) + "20712345";
      String customer = random.nextBoolean() ? "c1" : "c2";
      var call = new RoutingEngine.Call(customer, Destination.parse(number), Destination.parse(source), NOW, i, true);
      assertThat(engineB.plan(call)).as("%s calling %s", customer, number).isEqualTo(engineA.plan(call));
    }
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
