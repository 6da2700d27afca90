package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siproute.server.domain.ExchangeRate;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.store.RateRepository;

/**
 * Builds a {@link Snapshot} from domain objects: {@link SnapshotLoader} feeds it what it reads
 * from the store, tests feed it what a case needs. It works in the snapshot's two units: an
 * owner (a customer's routes and policy, or the default routes and the platform policy) and a
 * provider (its settings and rate deck). Feeding an owner's routes or a provider again replaces
 * it, and each unit becomes its own immutable part ({@link Owner}, a slot of {@link
 * ProviderSlots}), so a snapshot that changes a few owners or providers of another can share
 * all the other parts.
 *
 * <p>It trusts what it is fed to be valid (the store checked it); a route may name a provider
 * that it was not fed, which decisions then skip as missing.
 */
final class SnapshotBuilder {
  private static final String DEFAULTS = "";

  private final long startedNanos = System.nanoTime();
  private long revision;
  private long ratesRevision;
  private final Map<String, Provider> providers = new LinkedHashMap<>();
  private final Map<String, List<Route>> routesByOwner = new LinkedHashMap<>();
  private final Map<String, RoutingPolicy> policies = new HashMap<>();
  private final Map<String, RateDeck> keptDecks = new HashMap<>();
  private final RateDeck.Builder rates = new RateDeck.Builder();
  private final Map<String, RateDeck> keptSellDecks = new HashMap<>();
  private final RateDeck.Builder sellRates = new RateDeck.Builder();
  private String platformCurrency = ExchangeRates.NONE.platformCurrency;
  private final Map<String, Long> exchangeRates = new HashMap<>();
  /** The snapshot a full reload replaces, whose unchanged parts it keeps; null for none. */
  private Snapshot previous;
  private UnchangedRoutes unchanged = UnchangedRoutes.NONE;

  /** The revisions the snapshot is of (0 and 0 when not set). */
  SnapshotBuilder revisions(long revision, long ratesRevision) {
    this.revision = revision;
    this.ratesRevision = ratesRevision;
    return this;
  }

  /** The currency exchange rates convert into (server setting --currency); USD when not set. */
  SnapshotBuilder platformCurrency(String currency) {
    this.platformCurrency = currency;
    return this;
  }

  /** Sets what a unit of a currency is worth in the platform currency. */
  SnapshotBuilder exchangeRate(ExchangeRate rate) {
    exchangeRates.put(rate.currency(), rate.platformMicros());
    return this;
  }

  /** Adds a provider, or replaces the one with the same id. */
  SnapshotBuilder provider(Provider provider) {
    providers.put(provider.id(), provider);
    return this;
  }

  /**
   * Builds a full reload of {@code previous} (call before feeding routes): every route, route
   * entry, prefix array and rate deck that comes out equal to one of {@code previous} is that
   * object, and providers keep their slots. What the new snapshot decides is the same as without it; what
   * differs is what the collector sees. A new object lives in the young generation until the
   * snapshot is built and is copied at each young collection meanwhile, pausing decisions; a
   * kept one is already in the old generation. A reload after a gap in the change log changes
   * a few routes of hundreds of thousands.
   */
  SnapshotBuilder reloading(Snapshot previous) {
    this.previous = previous;
    this.unchanged = UnchangedRoutes.of(previous);
    rates.reloading(providerDecks(previous));
    sellRates.reloading(sellDecks(previous));
    return this;
  }

  /** The routes of the snapshot a full reload replaces (none before {@link #reloading}). */
  List<Route> previousRoutes() {
    return unchanged.routes();
  }

  /** Adds a route to its owner's routes ({@code customerId} "" = the default routes). */
  SnapshotBuilder route(Route route) {
    Route kept = unchanged.same(route);
    routesByOwner.computeIfAbsent(kept.customerId(), owner -> new ArrayList<>()).add(kept);
    return this;
  }

  /** Replaces all routes of an owner ("" = the default routes). */
  SnapshotBuilder ownerRoutes(String ownerId, Collection<Route> routes) {
    for (Route route : routes) {
      if (!route.customerId().equals(ownerId)) {
        throw new IllegalArgumentException(
            "route " + route.id() + " belongs to '" + route.customerId() + "', not '" + ownerId + "'");
      }
    }
    routesByOwner.put(ownerId, new ArrayList<>(routes));
    return this;
  }

  /** Sets an owner's policy ({@code customerId} "" = the platform default), replacing any before. */
  SnapshotBuilder policy(RoutingPolicy policy) {
    policies.put(policy.customerId(), policy);
    return this;
  }

  /**
   * Adds a line to its provider's rate deck. The rates fed for a provider make its whole deck:
   * they replace a deck kept by {@link #rateDecksOf}.
   */
  SnapshotBuilder rate(Rate rate) {
    rates.add(rate);
    return this;
  }

  /**
   * Adds a line to a customer's sell rates. The lines fed for a customer make its whole sell
   * deck: they replace one kept by {@link #rateDecksOf}.
   */
  SnapshotBuilder sellRate(String customerId, Rate rate) {
    sellRates.add(customerId, rate);
    return this;
  }

  /** Where a full load streams the providers' rate decks, line by line, as {@link #rate} adds. */
  RateRepository.LineSink rateSink() {
    return rates::add;
  }

  /** Where a full load streams the customers' sell rates, as {@link #sellRate} adds. */
  RateRepository.LineSink sellRateSink() {
    return sellRates::add;
  }

  /**
   * Builds the rate decks from the lines fed so far; {@link #build} then only collects them. A
   * full load calls it on the thread that streamed the decks, while routes may still load.
   */
  SnapshotBuilder finishRateDecks() {
    rates.build();
    sellRates.build();
    return this;
  }

  /**
   * Keeps the rate decks of {@code previous} for the providers fed here, and its customers'
   * sell rates: decks are the bulk of the data, and change apart from routes and providers.
   */
  SnapshotBuilder rateDecksOf(Snapshot previous) {
    keptDecks.putAll(providerDecks(previous));
    keptSellDecks.putAll(sellDecks(previous));
    return this;
  }

  private static Map<String, RateDeck> providerDecks(Snapshot snapshot) {
    Map<String, RateDeck> decks = new HashMap<>();
    for (ProviderView view : snapshot.providers.views) {
      if (view != null && view.rates != null) {
        decks.put(view.id(), view.rates);
      }
    }
    return decks;
  }

  private static Map<String, RateDeck> sellDecks(Snapshot snapshot) {
    Map<String, RateDeck> decks = new HashMap<>();
    snapshot.customers.forEach(
        (customerId, owner) -> {
          if (owner.sellRates != null) {
            decks.put(customerId, owner.sellRates);
          }
        });
    return decks;
  }

  /** The snapshot; fails when the platform default policy was not fed. */
  Snapshot build() {
    Map<String, RateDeck> decks = new HashMap<>(keptDecks);
    decks.putAll(rates.build());
    ProviderSlots.Builder slots;
    if (previous == null) {
      slots = new ProviderSlots.Builder();
    } else {
      // The same slots as before, so that unchanged route entries stay valid; a provider that
      // is gone leaves its slot empty, as an id no provider has.
      slots = new ProviderSlots.Builder(previous.providers);
      for (ProviderView old : previous.providers.all()) {
        if (!providers.containsKey(old.id())) {
          slots.remove(old.id());
        }
      }
    }
    for (Provider provider : providers.values()) {
      slots.put(new ProviderView(provider, decks.get(provider.id())));
    }

    Map<String, RateDeck> sellDecks = new HashMap<>(keptSellDecks);
    sellDecks.putAll(sellRates.build());
    Owner defaults = owner(DEFAULTS, slots, null);
    Set<String> customerIds = new LinkedHashSet<>(routesByOwner.keySet());
    customerIds.addAll(policies.keySet());
    customerIds.addAll(sellDecks.keySet());
    customerIds.remove(DEFAULTS);
    Map<String, Owner> customers = new HashMap<>(customerIds.size() * 2);
    for (String customerId : customerIds) {
      customers.put(customerId, owner(customerId, slots, sellDecks.get(customerId)));
    }
    return new Snapshot(
        revision,
        ratesRevision,
        slots.build(),
        defaults,
        customers,
        new ExchangeRates(platformCurrency, exchangeRates),
        (System.nanoTime() - startedNanos) / 1_000_000);
  }

  /** The routes {@code previous} had for an owner, or null. */
  private OwnerRoutes previousRoutes(String ownerId) {
    if (previous == null) {
      return null;
    }
    Owner owner = ownerId.equals(DEFAULTS) ? previous.defaults : previous.customers.get(ownerId);
    return owner == null ? null : owner.routes;
  }

  private Owner owner(String ownerId, ProviderSlots.Builder slots, RateDeck sellRates) {
    List<Route> routes = routesByOwner.get(ownerId);
    OwnerRoutes table = OwnerRoutes.NONE;
    if (routes != null && !routes.isEmpty()) {
      OwnerRoutes.Builder builder = new OwnerRoutes.Builder(routes.size());
      for (Route route : routes) {
        // A BLOCK route has no provider, and so no slot.
        builder.add(unchanged.entry(route, route.isBlock() ? -1 : slots.slot(route.providerId())));
      }
      table = builder.build(previousRoutes(ownerId));
    }
    return new Owner(policies.get(ownerId), table, sellRates);
  }
}
