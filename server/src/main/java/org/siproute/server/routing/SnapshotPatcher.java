package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.siproute.server.domain.ExchangeRate;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.store.ChangeLogRepository;
import org.siproute.server.store.ExchangeRateRepository;
import org.siproute.server.store.PolicyRepository;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RateRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.RoutingChanges;
import org.siproute.server.store.Store;

/**
 * Makes the snapshot of a newer revision from an older one and the change log between them
 * (issue #11): it reads again only the owners' routes and policies, the providers and the decks
 * that the log names, and shares every other part with the older snapshot. When the log cannot
 * say what changed (a revision of the range has no entries: pruned, or moved by a writer that
 * keeps no log), names {@link RoutingChanges.Kind#EVERYTHING} or a kind this version does not
 * know, or names more than {@link #MAX_ENTRIES} changes, it declines, and the caller loads
 * everything.
 *
 * <p>Like a full load, a patch may read a unit in a state newer than the revision it is labelled
 * with (a write that commits between reading the log and reading the unit); the next catch-up,
 * which the moved revision makes certain, reads that unit again. A route is looked up at the
 * prefixes the log names for it (as it was and as it is, write by write), so a route read in
 * such a newer state and changed again before the next catch-up may linger at its old prefix
 * until the catch-up after the one that reads the newer write.
 */
final class SnapshotPatcher {
  /** More log entries than this are cheaper to load in full than to patch one by one. */
  static final int MAX_ENTRIES = 5_000;

  private final Store store;
  private final String platformCurrency;

  SnapshotPatcher(Store store, String platformCurrency) {
    this.store = store;
    this.platformCurrency = platformCurrency;
  }

  /** Why a patch was declined; null fields of a {@link Result} with a snapshot. */
  record Result(Snapshot snapshot, String declined) {}

  /** The snapshot of {@code target}, patched from {@code base}; or why only a full load will do. */
  Result patch(Snapshot base, Store.Revisions target) {
    long startedNanos = System.nanoTime();
    long after = base.revision;
    long upTo = target.revision();
    List<RoutingChanges.Entry> entries =
        store.read(db -> new ChangeLogRepository(db).between(after, upTo, MAX_ENTRIES));
    if (entries.size() > MAX_ENTRIES) {
      return declined("more than " + MAX_ENTRIES + " changes");
    }
    Set<Long> revisions = new HashSet<>();
    Changed changed = new Changed();
    for (RoutingChanges.Entry e : entries) {
      revisions.add(e.revision());
      switch (e.kind()) {
        case ROUTE -> {
          changed.routes.computeIfAbsent(e.owner(), o -> new LinkedHashSet<>()).add(e.id());
          if (e.prefix() == null) {
            changed.unhinted.add(e.owner());
          } else {
            changed.hints.computeIfAbsent(e.owner(), o -> new HashSet<>()).add(e.prefix());
          }
        }
        case OWNER_ROUTES -> changed.ownerRoutes.add(e.owner());
        case POLICY -> changed.policies.add(e.owner());
        case PROVIDER -> changed.providers.add(e.id());
        case RATE_DECK -> changed.decks.add(e.id());
        case SELL_RATES -> changed.sellRates.add(e.owner());
        case EXCHANGE_RATES -> changed.exchangeRates = true;
        case EVERYTHING, UNKNOWN -> {
          return declined("r" + e.revision() + " changed " + e.kind());
        }
      }
    }
    if (revisions.size() != upTo - after) {
      return declined("the change log lacks " + (upTo - after - revisions.size()) + " of r" + (after + 1) + "..r" + upTo);
    }
    Snapshot next = apply(base, target, changed, startedNanos);
    return new Result(next, null);
  }

  private static Result declined(String why) {
    return new Result(null, why);
  }

  /** What the log names, by unit. */
  private static final class Changed {
    final Map<String, Set<String>> routes = new LinkedHashMap<>();
    /** By owner, the prefixes its changed routes had or have: where to find them. */
    final Map<String, Set<String>> hints = new HashMap<>();
    /** Owners with a changed route whose prefix the log does not say: their tables are scanned. */
    final Set<String> unhinted = new HashSet<>();
    final Set<String> ownerRoutes = new LinkedHashSet<>();
    final Set<String> policies = new LinkedHashSet<>();
    final Set<String> providers = new LinkedHashSet<>();
    final Set<String> decks = new LinkedHashSet<>();
    final Set<String> sellRates = new LinkedHashSet<>();
    boolean exchangeRates;

    Set<String> owners() {
      Set<String> owners = new LinkedHashSet<>(routes.keySet());
      owners.addAll(ownerRoutes);
      owners.addAll(policies);
      owners.addAll(sellRates);
      return owners;
    }
  }

  private Snapshot apply(Snapshot base, Store.Revisions target, Changed changed, long startedNanos) {
    ProviderSlots.Builder slots = new ProviderSlots.Builder(base.providers);

    // Providers first: routes read below may name a provider created in the same range.
    Map<String, RateDeck> decks = new HashMap<>();
    for (String providerId : changed.decks) {
      decks.put(providerId, readDeck(providerId, false));
    }
    for (String providerId : changed.providers) {
      Optional<Provider> provider = store.read(db -> new ProviderRepository(db).find(providerId));
      if (provider.isEmpty()) {
        slots.remove(providerId);
        continue;
      }
      ProviderView old = slots.get(providerId);
      RateDeck deck = decks.containsKey(providerId) ? decks.get(providerId) : old == null ? null : old.rates;
      slots.put(new ProviderView(provider.get(), deck));
    }
    for (String providerId : changed.decks) {
      ProviderView view = slots.get(providerId);
      if (view != null && !changed.providers.contains(providerId)) {
        slots.put(new ProviderView(view.provider, decks.get(providerId)));
      }
    }

    Set<String> routeIds = new LinkedHashSet<>();
    changed.routes.forEach(
        (owner, ids) -> {
          if (!changed.ownerRoutes.contains(owner)) {
            routeIds.addAll(ids);
          }
        });
    Map<String, List<Route>> readByOwner = new HashMap<>();
    if (!routeIds.isEmpty()) {
      for (Route route : store.read(db -> new RouteRepository(db).byIds(routeIds))) {
        readByOwner.computeIfAbsent(route.customerId(), o -> new ArrayList<>()).add(route);
      }
    }

    Owner defaults = base.defaults;
    Map<String, Owner> customers = new HashMap<>(base.customers);
    for (String ownerId : changed.owners()) {
      Owner old = ownerId.isEmpty() ? base.defaults : base.customer(ownerId);
      OwnerRoutes routes = old.routes;
      if (changed.ownerRoutes.contains(ownerId)) {
        OwnerRoutes.Builder table = new OwnerRoutes.Builder();
        for (Route route : store.read(db -> new RouteRepository(db).owned(ownerId))) {
          table.add(entry(route, slots));
        }
        routes = table.routeCount() == 0 ? OwnerRoutes.NONE : table.build();
      } else if (changed.routes.containsKey(ownerId)) {
        List<RouteEntry> added = new ArrayList<>();
        for (Route route : readByOwner.getOrDefault(ownerId, List.of())) {
          added.add(entry(route, slots));
        }
        Set<String> where = changed.unhinted.contains(ownerId) ? null : changed.hints.get(ownerId);
        routes = old.routes.patched(changed.routes.get(ownerId), where, added);
        if (routes.routeCount == 0) {
          routes = OwnerRoutes.NONE;
        }
      }
      RoutingPolicy policy =
          changed.policies.contains(ownerId)
              ? store.read(db -> new PolicyRepository(db).find(ownerId)).orElse(null)
              : old.policy;
      RateDeck sellRates = changed.sellRates.contains(ownerId) ? readDeck(ownerId, true) : old.sellRates;
      if (ownerId.isEmpty()) {
        defaults = new Owner(policy, routes, null);
      } else if (routes.routeCount == 0 && policy == null && sellRates == null) {
        customers.remove(ownerId);
      } else {
        customers.put(ownerId, new Owner(policy, routes, sellRates));
      }
    }

    ExchangeRates exchangeRates = base.exchangeRates;
    if (changed.exchangeRates) {
      Map<String, Long> micros = new HashMap<>();
      for (ExchangeRate rate : store.read(db -> new ExchangeRateRepository(db).all(false))) {
        micros.put(rate.currency(), rate.platformMicros());
      }
      exchangeRates = new ExchangeRates(platformCurrency, micros);
    }
    return new Snapshot(
        target.revision(),
        target.ratesRevision(),
        slots.build(),
        defaults,
        customers,
        exchangeRates,
        (System.nanoTime() - startedNanos) / 1_000_000);
  }

  private static RouteEntry entry(Route route, ProviderSlots.Builder slots) {
    // A BLOCK route has no provider, and so no slot.
    return new RouteEntry(route, route.isBlock() ? -1 : slots.slot(route.providerId()));
  }

  /** A provider's rate deck or a customer's sell rates as stored now; null when empty. */
  private RateDeck readDeck(String owner, boolean sell) {
    RateDeck.Builder builder = new RateDeck.Builder();
    Store.bulk(
        () ->
            store.read(
                db -> {
                  (sell ? RateRepository.sellRates(db) : new RateRepository(db)).forEachOf(owner, builder::add);
                  return null;
                }));
    return builder.build().get(owner);
  }
}
