package org.siproute.server.routing;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.siproute.server.domain.Route;

/**
 * The routes of the snapshot a full reload replaces, for the reload to keep the objects of those
 * that did not change. A reload reads every route again, but few change between two loads; a
 * route kept from the old snapshot is already in the old generation, while a new one is live in
 * the young generation until the new snapshot is built, and each young collection meanwhile
 * copies it, pausing decisions. Keeping the unchanged ones makes those pauses a matter of what
 * changed, not of the table's size.
 *
 * <p>Rows arrive in the database's id order, which may differ from Java's string order (a
 * case-insensitive collation): a cursor follows them while the orders agree, and a binary search
 * finds the rest. Used by one loading thread.
 */
final class UnchangedRoutes {
  static final UnchangedRoutes NONE = new UnchangedRoutes(new RouteEntry[0]);

  /** Every route entry of the old snapshot, by route id. */
  private final RouteEntry[] byId;
  private int cursor;

  private UnchangedRoutes(RouteEntry[] byId) {
    this.byId = byId;
  }

  /** The route entries of {@code previous}, every owner's, BLOCK routes too. */
  static UnchangedRoutes of(Snapshot previous) {
    List<RouteEntry> all = new ArrayList<>(previous.routeCount);
    collect(previous.defaults.routes, all);
    for (Owner owner : previous.customers.values()) {
      collect(owner.routes, all);
    }
    RouteEntry[] byId = all.toArray(new RouteEntry[0]);
    Arrays.sort(byId, OwnerRoutes.BY_ID);
    return new UnchangedRoutes(byId);
  }

  private static void collect(OwnerRoutes routes, List<RouteEntry> into) {
    routes.byPrefix.forEachEntry((key, entries) -> into.addAll(Arrays.asList(entries)));
    if (routes.blocks != null) {
      routes.blocks.forEachEntry((key, entries) -> into.addAll(Arrays.asList(entries)));
    }
  }

  /** The routes of the old snapshot, in id order. */
  List<Route> routes() {
    return new AbstractList<>() {
      @Override
      public Route get(int index) {
        return byId[index].route;
      }

      @Override
      public int size() {
        return byId.length;
      }
    };
  }

  /** The old snapshot's {@code Route} when it equals {@code read} in every field, else {@code read}. */
  Route same(Route read) {
    RouteEntry old = find(read.id());
    return old != null && old.route.equals(read) ? old.route : read;
  }

  /**
   * The old snapshot's entry for {@code route} when it holds this very object (kept by {@link
   * #same}) in the same provider slot, else a new entry.
   */
  RouteEntry entry(Route route, int providerSlot) {
    RouteEntry old = find(route.id());
    return old != null && old.route == route && old.providerSlot == providerSlot
        ? old
        : new RouteEntry(route, providerSlot);
  }

  private RouteEntry find(String id) {
    if (byId.length == 0) {
      return null;
    }
    // Rows in ascending id order move the cursor forward a step or two at a time; a few steps
    // without a match mean another order, and a binary search.
    for (int step = 0; step < 8 && cursor < byId.length; step++) {
      int c = byId[cursor].route.id().compareTo(id);
      if (c == 0) {
        return byId[cursor];
      }
      if (c > 0) {
        break;
      }
      cursor++;
    }
    int low = 0;
    int high = byId.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = byId[mid].route.id().compareTo(id);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        cursor = mid;
        return byId[mid];
      }
    }
    return null;
  }
}
