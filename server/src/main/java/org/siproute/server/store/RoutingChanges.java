package org.siproute.server.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one routing write changed, in the units the routing snapshot is patched in: the change
 * log's entries (table {@code routing_change}) for the write, stored by {@link Store#write} in
 * the write's transaction under its new revision. A write names each unit it touched; a bulk
 * write may name a whole unit (all routes of an owner, a provider's rate deck) instead of its
 * rows. A write that names nothing is logged as {@link Kind#EVERYTHING}: correct, but every
 * instance then loads its whole snapshot.
 */
public final class RoutingChanges {
  /** More entries than this in one write are logged as {@link Kind#EVERYTHING}. */
  static final int MAX_ENTRIES = 1_000;

  /** Which part of the snapshot an entry makes a reader read again; see V12's comment. */
  public enum Kind {
    /**
     * One route: id of the route, owner the customer it belongs to ("" = default routes),
     * prefix its prefix in the state named (null when not known).
     */
    ROUTE,
    /** Every route of the owner. */
    OWNER_ROUTES,
    /** The owner's routing policy ("" = the platform default). */
    POLICY,
    /** A provider's settings, id = the provider; its rate deck stays unless {@link #RATE_DECK}. */
    PROVIDER,
    /** The whole rate deck of provider id. */
    RATE_DECK,
    /** The whole sell-rate deck of customer owner. */
    SELL_RATES,
    /** Every exchange rate. */
    EXCHANGE_RATES,
    /** Anything: the reader loads its whole snapshot. */
    EVERYTHING,
    /** A kind this version does not know (a newer writer's): read as {@link #EVERYTHING}. */
    UNKNOWN;

    static Kind parse(String stored) {
      try {
        Kind kind = valueOf(stored);
        return kind == UNKNOWN ? EVERYTHING : kind;
      } catch (IllegalArgumentException e) {
        return UNKNOWN;
      }
    }
  }

  /**
   * One log entry: at {@code revision}, {@code kind} of {@code owner} / {@code id} changed;
   * {@code prefix} is a ROUTE's prefix, else null.
   */
  public record Entry(long revision, Kind kind, String owner, String id, String prefix) {}

  private record Unit(Kind kind, String owner, String id, String prefix) {}

  private final Set<Unit> units = new LinkedHashSet<>();

  /** A route of {@code owner} in a state with {@code prefix}: name it before and after a change. */
  public RoutingChanges route(String owner, String routeId, String prefix) {
    units.add(new Unit(Kind.ROUTE, owner, routeId, prefix));
    return this;
  }

  public RoutingChanges ownerRoutes(String owner) {
    return add(Kind.OWNER_ROUTES, owner, "");
  }

  public RoutingChanges policy(String owner) {
    return add(Kind.POLICY, owner, "");
  }

  public RoutingChanges provider(String providerId) {
    return add(Kind.PROVIDER, "", providerId);
  }

  public RoutingChanges rateDeck(String providerId) {
    return add(Kind.RATE_DECK, "", providerId);
  }

  public RoutingChanges sellRates(String customerId) {
    return add(Kind.SELL_RATES, customerId, "");
  }

  public RoutingChanges exchangeRates() {
    return add(Kind.EXCHANGE_RATES, "", "");
  }

  public RoutingChanges everything() {
    return add(Kind.EVERYTHING, "", "");
  }

  private RoutingChanges add(Kind kind, String owner, String id) {
    units.add(new Unit(kind, owner, id, null));
    return this;
  }

  /** The entries to store under {@code revision}: at least one, at most {@link #MAX_ENTRIES}. */
  List<Entry> entries(long revision) {
    List<Entry> out = new ArrayList<>(units.size());
    if (units.isEmpty() || units.size() > MAX_ENTRIES) {
      out.add(new Entry(revision, Kind.EVERYTHING, "", "", null));
      return out;
    }
    for (Unit u : units) {
      out.add(new Entry(revision, u.kind(), u.owner(), u.id(), u.prefix()));
    }
    return out;
  }
}
