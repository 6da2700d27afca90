package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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
   * so a change of one route costs a copy of arrays, not a rebuild. {@code prefixes} are where
   * the removed routes are (the change log names each route's prefix before and after a
   * change); null when not known, and then every prefix is scanned for them.
   */
  OwnerRoutes patched(Set<String> removedIds, Set<String> prefixes, Collection<RouteEntry> added) {
    PrefixMap<RouteEntry[]> routes = byPrefix.copy();
    PrefixMap<RouteEntry[]> blockMap = blocks == null ? new PrefixMap<>(4) : blocks.copy();
    int count = routeCount;
    Set<String> gone = new java.util.HashSet<>(removedIds);
    for (RouteEntry entry : added) {
      gone.add(entry.route.id());
    }
    if (prefixes == null) {
      count -= remove(routes, gone) + remove(blockMap, gone);
    } else {
      Set<Long> keys = new java.util.HashSet<>();
      for (String prefix : prefixes) {
        keys.add(PrefixMap.key(prefix));
      }
      for (RouteEntry entry : added) {
        keys.add(PrefixMap.key(entry.route.prefix()));
      }
      for (long key : keys) {
        count -= removeAt(routes, key, gone) + removeAt(blockMap, key, gone);
      }
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

  /** Removes the routes with these ids from one prefix of a map; returns how many it removed. */
  private static int removeAt(PrefixMap<RouteEntry[]> map, long key, Set<String> ids) {
    RouteEntry[] entries = map.get(key);
    if (entries == null) {
      return 0;
    }
    RouteEntry[] kept = without(entries, ids);
    if (kept == entries) {
      return 0;
    }
    if (kept.length == 0) {
      map.remove(key);
    } else {
      map.put(key, kept);
    }
    return entries.length - kept.length;
  }

  /** {@code entries} without the ids; the same array when none is there. */
  private static RouteEntry[] without(RouteEntry[] entries, Set<String> ids) {
    int keep = 0;
    for (RouteEntry e : entries) {
      if (!ids.contains(e.route.id())) {
        keep++;
      }
    }
    if (keep == entries.length) {
      return entries;
    }
    RouteEntry[] kept = new RouteEntry[keep];
    int k = 0;
    for (RouteEntry e : entries) {
      if (!ids.contains(e.route.id())) {
        kept[k++] = e;
      }
    }
    return kept;
  }

  /** Removes the routes with these ids from every prefix of a map; returns how many it removed. */
  private static int remove(PrefixMap<RouteEntry[]> map, Set<String> ids) {
    List<Long> changedKeys = new ArrayList<>();
    map.forEachEntry(
        (key, entries) -> {
          if (without(entries, ids) != entries) {
            changedKeys.add(key);
          }
        });
    int removed = 0;
    for (long key : changedKeys) {
      removed += removeAt(map, key, ids);
    }
    return removed;
  }

  /**
   * Collects an owner's routes for a table. A full load feeds about 220 000 default routes while
   * decisions go on, so it keeps them in a few growable arrays (entries and their prefix keys)
   * instead of a map of lists per prefix: the half-built table is a handful of big arrays, not
   * hundreds of thousands of small objects that each young collection would copy (issue #11).
   */
  static final class Builder {
    private final Slices routes;
    private final Slices blocks = new Slices(8);

    Builder() {
      this(8);
    }

    /** A builder with room for {@code expected} routes before its arrays grow. */
    Builder(int expected) {
      routes = new Slices(Math.max(8, expected));
    }

    void add(RouteEntry entry) {
      (entry.route.isBlock() ? blocks : routes).add(PrefixMap.key(entry.route.prefix()), entry);
    }

    int routeCount() {
      return routes.size + blocks.size;
    }

    OwnerRoutes build() {
      return build(null);
    }

    /**
     * The table, keeping each prefix's array of {@code previous} (the same owner in the snapshot
     * a full reload replaces; null for none) where it holds the very entries this one would:
     * an unchanged prefix then costs the new snapshot nothing the collector has to copy.
     */
    OwnerRoutes build(OwnerRoutes previous) {
      return new OwnerRoutes(
          routes.table(previous == null ? null : previous.byPrefix),
          blocks.size == 0 ? null : blocks.table(previous == null ? null : previous.blocks),
          routeCount());
    }
  }

  /** Entries with their prefix keys, in the order added, until {@link #table} groups them. */
  private static final class Slices {
    private RouteEntry[] entries;
    private long[] keys;
    private int size;

    Slices(int capacity) {
      entries = new RouteEntry[capacity];
      keys = new long[capacity];
    }

    void add(long key, RouteEntry entry) {
      if (size == entries.length) {
        entries = Arrays.copyOf(entries, size * 2);
        keys = Arrays.copyOf(keys, size * 2);
      }
      entries[size] = entry;
      keys[size] = key;
      size++;
    }

    /**
     * Each prefix's entries in route id order, whatever order they were added in: sorts the
     * positions by (key, route id), then puts each run of one key into the map.
     */
    PrefixMap<RouteEntry[]> table(PrefixMap<RouteEntry[]> previous) {
      int[] order = PositionSort.sorted(size, this::compare);
      int distinct = 0;
      for (int i = 0; i < size; i++) {
        if (i == 0 || keys[order[i]] != keys[order[i - 1]]) {
          distinct++;
        }
      }
      PrefixMap<RouteEntry[]> map = new PrefixMap<>(distinct);
      for (int from = 0; from < size; ) {
        long key = keys[order[from]];
        int to = from + 1;
        while (to < size && keys[order[to]] == key) {
          to++;
        }
        RouteEntry[] slice = previous == null ? null : previous.get(key);
        if (slice == null || !sameEntries(slice, order, from, to)) {
          slice = new RouteEntry[to - from];
          for (int i = from; i < to; i++) {
            slice[i - from] = entries[order[i]];
          }
        }
        map.put(key, slice);
        from = to;
      }
      map.sharePagesOf(previous);
      return map;
    }

    /** Whether {@code slice} holds exactly the entries at {@code order[from, to)}, in that order. */
    private boolean sameEntries(RouteEntry[] slice, int[] order, int from, int to) {
      if (slice.length != to - from) {
        return false;
      }
      for (int i = from; i < to; i++) {
        if (slice[i - from] != entries[order[i]]) {
          return false;
        }
      }
      return true;
    }

    private int compare(int a, int b) {
      int byKey = Long.compare(keys[a], keys[b]);
      return byKey != 0 ? byKey : BY_ID.compare(entries[a], entries[b]);
    }
  }
}
