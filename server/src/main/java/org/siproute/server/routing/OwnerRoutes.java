package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes of one owner (a customer, or the defaults) by destination prefix: the ROUTE routes,
 * and apart from them the BLOCK routes, which a decision looks at first. The routes of one prefix
 * are in route id order, as a full load reads them, whether the table was built or patched:
 * the order breaks ties in a decision, so a patched table decides as a loaded one.
 */
final class OwnerRoutes {
  static final OwnerRoutes NONE = new OwnerRoutes(new PrefixMap<>(1), null, 0);

  final PrefixMap<RouteEntry[]> byPrefix;
  /** The BLOCK routes by prefix; null when the owner has none (most owners). */
  final PrefixMap<RouteEntry[]> blocks;
  final int routeCount;

  private OwnerRoutes(PrefixMap<RouteEntry[]> byPrefix, PrefixMap<RouteEntry[]> blocks, int routeCount) {
    this.byPrefix = byPrefix;
    this.blocks = blocks;
    this.routeCount = routeCount;
  }

  /** BLOCK routes whose prefix is exactly the first {@code length} digits of the number, or null. */
  RouteEntry[] blocksAt(long number, int numberLength, int length) {
    if (blocks == null || !blocks.hasLength(length)) {
      return null;
    }
    return blocks.get(PrefixMap.prefixKey(number, numberLength, length));
  }

  /** Routes whose prefix is exactly the first {@code length} digits of the number, or null. */
  RouteEntry[] at(long number, int numberLength, int length) {
    if (!byPrefix.hasLength(length)) {
      return null;
    }
    return byPrefix.get(PrefixMap.prefixKey(number, numberLength, length));
  }

  /** Orders a prefix's routes. */
  static final Comparator<RouteEntry> BY_ID = Comparator.comparing(e -> e.route.id());

  /**
   * This table without the routes {@code removedIds} and with {@code added} (which replace any
   * route of the same id): copies the two prefix maps and changes only the prefixes concerned,
   * so a change of one route costs a scan and a copy of arrays, not a rebuild.
   */
  OwnerRoutes patched(Set<String> removedIds, Collection<RouteEntry> added) {
    PrefixMap<RouteEntry[]> routes = byPrefix.copy();
    PrefixMap<RouteEntry[]> blockMap = blocks == null ? new PrefixMap<>(4) : blocks.copy();
    int count = routeCount;
    Set<String> gone = new java.util.HashSet<>(removedIds);
    for (RouteEntry entry : added) {
      gone.add(entry.route.id());
    }
    if (!gone.isEmpty()) {
      count -= remove(routes, gone) + remove(blockMap, gone);
    }
    for (RouteEntry entry : added) {
      PrefixMap<RouteEntry[]> map = entry.route.isBlock() ? blockMap : routes;
      long key = PrefixMap.key(entry.route.prefix());
      RouteEntry[] at = map.get(key);
      if (at == null) {
        map.put(key, new RouteEntry[] {entry});
      } else {
        int i = Arrays.binarySearch(at, entry, BY_ID);
        int insert = i >= 0 ? i : -i - 1;
        RouteEntry[] longer = new RouteEntry[at.length + 1];
        System.arraycopy(at, 0, longer, 0, insert);
        longer[insert] = entry;
        System.arraycopy(at, insert, longer, insert + 1, at.length - insert);
        map.put(key, longer);
      }
      count++;
    }
    return new OwnerRoutes(routes, blockMap.size() == 0 ? null : blockMap, count);
  }

  /** Removes the routes with these ids from a map; returns how many it removed. */
  private static int remove(PrefixMap<RouteEntry[]> map, Set<String> ids) {
    List<Long> emptied = new ArrayList<>();
    List<Long> changedKeys = new ArrayList<>();
    List<RouteEntry[]> changedValues = new ArrayList<>();
    int[] removed = {0};
    map.forEachEntry(
        (key, entries) -> {
          int keep = 0;
          for (RouteEntry e : entries) {
            if (!ids.contains(e.route.id())) {
              keep++;
            }
          }
          if (keep == entries.length) {
            return;
          }
          removed[0] += entries.length - keep;
          if (keep == 0) {
            emptied.add(key);
            return;
          }
          RouteEntry[] kept = new RouteEntry[keep];
          int k = 0;
          for (RouteEntry e : entries) {
            if (!ids.contains(e.route.id())) {
              kept[k++] = e;
            }
          }
          changedKeys.add(key);
          changedValues.add(kept);
        });
    for (Long key : emptied) {
      map.remove(key);
    }
    for (int i = 0; i < changedKeys.size(); i++) {
      map.put(changedKeys.get(i), changedValues.get(i));
    }
    return removed[0];
  }

  static final class Builder {
    private final Map<Long, List<RouteEntry>> byPrefix = new HashMap<>();
    private final Map<Long, List<RouteEntry>> blocks = new HashMap<>();
    private int routeCount;

    void add(RouteEntry entry) {
      (entry.route.isBlock() ? blocks : byPrefix)
          .computeIfAbsent(PrefixMap.key(entry.route.prefix()), k -> new ArrayList<>(2))
          .add(entry);
      routeCount++;
    }

    int routeCount() {
      return routeCount;
    }

    OwnerRoutes build() {
      return new OwnerRoutes(table(byPrefix), blocks.isEmpty() ? null : table(blocks), routeCount);
    }

    private static PrefixMap<RouteEntry[]> table(Map<Long, List<RouteEntry>> lists) {
      PrefixMap<RouteEntry[]> map = new PrefixMap<>(lists.size());
      lists.forEach(
          (key, list) -> {
            RouteEntry[] entries = list.toArray(new RouteEntry[0]);
            Arrays.sort(entries, BY_ID);
            map.put(key, entries);
          });
      return map;
    }
  }
}
