package org.siproute.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siproute.server.ServerModule;
import org.siproute.server.bench.BenchData;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RouteAction;
import org.siproute.server.domain.Schedule;
import org.siproute.server.domain.TimeWindow;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.TestDatabase;

/**
 * The full load's read of the routes ({@link RouteRepository#forEach}, straight from the JDBC
 * result set) gives the routes that the record-mapped reads give, field for field: schedules
 * with and without windows, BLOCK routes (no provider: NULL in the table, "" in the domain),
 * translations, caller prefixes, disabled routes, customers' and default routes. What the rows
 * repeat is one instance per read.
 */
@OnEachDatabase
class RouteStreamTest {

  @Test
  void streamingEveryRouteGivesWhatReadingEachOwnerGives() {
    try (TestDatabase database = TestDatabase.underTest()) {
      ServerConfig config = ServerConfig.defaults().withDatabase(database.url(), "", "");
      try (Database db = Database.open(ServerModule.databaseOptions(config))) {
        // Providers p0..p4, default routes and the routes of customers cust-0..cust-4, 5 % of
        // them scheduled (with two windows each).
        BenchData.generate(db.dsl(), new BenchData.Size(5, 5, 600, 400, 0), 3);
        Store store = new Store(db.dsl(), Clock.systemUTC());
        // Prefixes with a leading 0, which the generated routes (country codes first) never have.
        List<Route> extra =
            List.of(
                route("x-block", "", "044", "", RouteAction.BLOCK, 603, "", null),
                route("x-block-c", "cust-1", "04420", "", RouteAction.BLOCK, 403, "49", null),
                route("x-translated", "cust-2", "033", "p1", RouteAction.ROUTE, 0, "", null),
                route("x-caller", "", "01", "p2", RouteAction.ROUTE, 0, "4420", null),
                route("x-windows", "cust-3", "049", "p3", RouteAction.ROUTE, 0, "",
                    new Schedule(ZoneId.of("Asia/Tokyo"), List.of(new TimeWindow(0b11, 60, 120), new TimeWindow(0b100, 1000, 30)))),
                route("x-zone-only", "", "07", "p4", RouteAction.ROUTE, 0, "", new Schedule(ZoneId.of("UTC"), List.of())));
        store.transaction(
            tx -> {
              RouteRepository routes = new RouteRepository(tx);
              extra.forEach(routes::insert);
              return null;
            });

        List<Route> streamed = store.read(d -> new RouteRepository(d).all());
        Map<String, Route> owned = new HashMap<>();
        for (String owner : List.of("", "cust-0", "cust-1", "cust-2", "cust-3", "cust-4")) {
          for (Route r : store.read(d -> new RouteRepository(d).owned(owner))) {
            owned.put(r.id(), r);
          }
        }
        Map<String, Route> byId = new LinkedHashMap<>();
        streamed.forEach(r -> byId.put(r.id(), r));
        assertThat(byId).hasSize(streamed.size());
        assertThat(byId).isEqualTo(owned);
        for (Route r : extra) {
          assertThat(byId.get(r.id())).isEqualTo(r);
        }
        assertThat(streamed).anyMatch(r -> r.schedule() != null && r.schedule().windows().size() == 2);
        assertThat(owned.size()).isGreaterThan(900);

        // One instance per read of what rows repeat, "" always the literal; only the id is each
        // row's own.
        Map<String, Route> firstByProvider = new HashMap<>();
        Map<String, Route> firstByPrefix = new HashMap<>();
        Map<String, Route> firstByOwner = new HashMap<>();
        for (Route r : streamed) {
          for (String value : List.of(r.customerId(), r.providerId(), r.name(), r.detail(), r.prepend(), r.sourcePrefix())) {
            if (value.isEmpty()) {
              assertThat(value).isSameAs("");
            }
          }
          Route sameProvider = firstByProvider.putIfAbsent(r.providerId(), r);
          if (sameProvider != null) {
            assertThat(r.providerId()).isSameAs(sameProvider.providerId());
          }
          Route sameOwner = firstByOwner.putIfAbsent(r.customerId(), r);
          if (sameOwner != null) {
            assertThat(r.customerId()).isSameAs(sameOwner.customerId());
          }
          Route samePrefix = firstByPrefix.putIfAbsent(r.prefix(), r);
          if (samePrefix != null) {
            assertThat(r.prefix()).isSameAs(samePrefix.prefix());
            if (r.schedule() != null && r.schedule().equals(samePrefix.schedule())) {
              assertThat(r.schedule()).isSameAs(samePrefix.schedule());
            }
          }
        }
        assertThat(firstByPrefix.size()).as("prefixes shared by several routes").isLessThan(streamed.size() / 2);
      }
    }
  }

  @Test
  void aReadGivenTheRoutesItReplacesUsesTheirStringInstances() {
    try (TestDatabase database = TestDatabase.underTest()) {
      ServerConfig config = ServerConfig.defaults().withDatabase(database.url(), "", "");
      try (Database db = Database.open(ServerModule.databaseOptions(config))) {
        BenchData.generate(db.dsl(), new BenchData.Size(3, 3, 200, 100, 0), 5);
        Store store = new Store(db.dsl(), Clock.systemUTC());
        store.transaction(
            tx -> {
              new RouteRepository(tx).insert(route("x-caller", "cust-1", "0441", "p1", RouteAction.ROUTE, 0, "4420", null));
              return null;
            });
        // The routes a reload replaces, in string objects of their own (H2 gives the instances
        // it holds, the same at each read).
        Map<String, Route> before = new HashMap<>();
        store.read(d -> new RouteRepository(d).all()).forEach(r -> before.put(r.id(), ownStrings(r)));

        // A reload: the strings of every route read again are the old routes' instances.
        List<Route> again = new java.util.ArrayList<>();
        store.read(
            d -> {
              new RouteRepository(d).forEach(before.values(), again::add);
              return null;
            });
        assertThat(again).hasSize(before.size());
        Set<String> known = Collections.newSetFromMap(new IdentityHashMap<>());
        before.values().forEach(r -> known.addAll(strings(r)));
        for (Route r : again) {
          assertThat(r).isEqualTo(before.get(r.id()));
          for (String value : strings(r)) {
            assertThat(value.isEmpty() || known.contains(value)).as("%s of %s is a known instance", value, r.id()).isTrue();
          }
        }
      }
    }
  }

  /** The strings of a route that rows repeat: all but its id. */
  private static List<String> strings(Route r) {
    return List.of(r.customerId(), r.prefix(), r.providerId(), r.name(), r.detail(), r.prepend(), r.sourcePrefix());
  }

  private static Route ownStrings(Route r) {
    return new Route(r.id(), own(r.customerId()), own(r.prefix()), own(r.providerId()), r.priority(), r.weight(),
        r.schedule(), r.disabled(), own(r.name()), own(r.detail()), r.version(), r.createMs(), r.updateMs(),
        r.stripDigits(), own(r.prepend()), r.action(), r.blockSipCode(), own(r.sourcePrefix()));
  }

  /** An equal string in an object of its own; "" stays the literal, as every read gives it. */
  private static String own(String s) {
    return s.isEmpty() ? "" : new String(s);
  }

  private static Route route(
      String id, String owner, String prefix, String provider, RouteAction action, int blockSipCode, String sourcePrefix,
      Schedule schedule) {
    boolean translated = id.equals("x-translated");
    return new Route(id, owner, prefix, provider, 3, 7, schedule, id.equals("x-caller"), "name of " + id,
        "detail of " + id, 4, 1_000, 2_000, translated ? 2 : 0, translated ? "0033" : "", action, blockSipCode, sourcePrefix);
  }
}
