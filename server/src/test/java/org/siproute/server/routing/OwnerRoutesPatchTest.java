package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.routing.TestRouting.block;
import static org.siproute.server.routing.TestRouting.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Route;

/**
 * A patched route table holds what a table built from the same routes holds, whether the patch
 * is told where the changed routes were (the change log's prefixes) or has to scan for them;
 * and the tables it was patched from stay as they were (snapshots share them).
 */
class OwnerRoutesPatchTest {
  private static final String[] PREFIXES = {"", "1", "12", "44", "4420", "442071", "49", "491", "33"};

  @Test
  void randomPatchesWithAndWithoutPrefixesGiveTheTableABuildGives() {
    Random random = new Random(11);
    Map<String, Route> routes = new TreeMap<>();
    OwnerRoutes hinted = OwnerRoutes.NONE;
    OwnerRoutes scanned = OwnerRoutes.NONE;
    for (int step = 0; step < 400; step++) {
      String id = "r" + random.nextInt(40);
      Route before = routes.get(id);
      Route after = null;
      if (random.nextInt(4) > 0) {
        String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
        Route r = random.nextInt(6) == 0 ? block("", prefix, 403) : route("", prefix, "p" + random.nextInt(3));
        after = new Route(id, "", r.prefix(), r.providerId(), r.priority(), r.weight(), null, false, "", "", 1, 0, 0, 0, "",
            r.action(), r.blockSipCode(), "");
        routes.put(id, after);
      } else {
        routes.remove(id);
      }
      Set<String> where = new java.util.HashSet<>();
      if (before != null) {
        where.add(before.prefix());
      }
      if (after != null) {
        where.add(after.prefix());
      }
      List<RouteEntry> added = after == null ? List.of() : List.of(new RouteEntry(after, 0));
      OwnerRoutes previous = hinted;
      Map<String, List<String>> previousContent = content(previous);
      hinted = hinted.patched(Set.of(id), where, added);
      scanned = scanned.patched(Set.of(id), null, added);
      assertThat(content(previous)).as("the table patched from").isEqualTo(previousContent);

      OwnerRoutes.Builder builder = new OwnerRoutes.Builder();
      routes.values().forEach(r -> builder.add(new RouteEntry(r, 0)));
      OwnerRoutes built = builder.build();
      assertThat(content(hinted)).as("step %d, told where", step).isEqualTo(content(built));
      assertThat(content(scanned)).as("step %d, scanned", step).isEqualTo(content(built));
      assertThat(hinted.routeCount).isEqualTo(routes.size());
      assertThat(scanned.routeCount).isEqualTo(routes.size());
      assertThat(hinted.blocks == null).isEqualTo(built.blocks == null);
    }
  }

  @Test
  void aPrefixMapFindsWhatAHashMapFindsThroughPutsAndRemoves() {
    Random random = new Random(3);
    PrefixMap<Integer> map = new PrefixMap<>(4);
    Map<Long, Integer> expected = new java.util.HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      long key = PrefixMap.key(1 + random.nextInt(6), random.nextInt(500));
      if (random.nextInt(3) == 0) {
        map.remove(key);
        expected.remove(key);
      } else {
        map.put(key, step);
        expected.put(key, step);
      }
      if (step % 1000 == 999) {
        PrefixMap<Integer> copy = map.copy();
        copy.put(PrefixMap.key(9, 1), -1);
        assertThat(map.get(PrefixMap.key(9, 1))).isNull();
      }
    }
    assertThat(map.size()).isEqualTo(expected.size());
    for (int length = 1; length <= 6; length++) {
      for (int value = 0; value < 500; value++) {
        long key = PrefixMap.key(length, value);
        assertThat(map.get(key)).as("key %d/%d", length, value).isEqualTo(expected.get(key));
      }
    }
  }

  /** Route ids by prefix, routes and blocks apart, in table order. */
  private static Map<String, List<String>> content(OwnerRoutes table) {
    Map<String, List<String>> out = new TreeMap<>();
    table.byPrefix.forEachEntry((key, entries) -> out.put("route " + key, ids(entries)));
    if (table.blocks != null) {
      table.blocks.forEachEntry((key, entries) -> out.put("block " + key, ids(entries)));
    }
    return out;
  }

  private static List<String> ids(RouteEntry[] entries) {
    List<String> ids = new ArrayList<>();
    for (RouteEntry e : entries) {
      ids.add(e.route.id());
    }
    return ids;
  }
}
