package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one owner (a customer, or the defaults) by destination prefix: the ROUTE routes,
 * and apart from them the BLOCK routes, which a decision looks at first.
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

    OwnerRoutes build() {
      return new OwnerRoutes(table(byPrefix), blocks.isEmpty() ? null : table(blocks), routeCount);
    }

    private static PrefixMap<RouteEntry[]> table(Map<Long, List<RouteEntry>> lists) {
      PrefixMap<RouteEntry[]> map = new PrefixMap<>(lists.size());
      lists.forEach((key, list) -> map.put(key, list.toArray(new RouteEntry[0])));
      return map;
    }
  }
}
