package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The routes of one owner (a customer, or the defaults) by destination prefix. */
final class OwnerRoutes {
  static final OwnerRoutes NONE = new OwnerRoutes(new PrefixMap<>(1), 0);

  final PrefixMap<RouteEntry[]> byPrefix;
  final int routeCount;

  private OwnerRoutes(PrefixMap<RouteEntry[]> byPrefix, int routeCount) {
    this.byPrefix = byPrefix;
    this.routeCount = routeCount;
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
    private int routeCount;

    void add(RouteEntry entry) {
      byPrefix.computeIfAbsent(PrefixMap.key(entry.route.prefix()), k -> new ArrayList<>(2)).add(entry);
      routeCount++;
    }

    OwnerRoutes build() {
      PrefixMap<RouteEntry[]> map = new PrefixMap<>(byPrefix.size());
      byPrefix.forEach((key, list) -> map.put(key, list.toArray(new RouteEntry[0])));
      return new OwnerRoutes(map, routeCount);
    }
  }
}
