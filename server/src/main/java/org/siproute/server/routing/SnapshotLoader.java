package org.siproute.server.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.store.PolicyRepository;
import org.siproute.server.store.ProviderRepository;
import org.siproute.server.store.RateRepository;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.Store;

/** Reads the whole configuration from the store and builds a {@link Snapshot}. */
final class SnapshotLoader {
  private final Store store;

  SnapshotLoader(Store store) {
    this.store = store;
  }

  /**
   * Builds a snapshot of the current revision. The rate decks of {@code previous} are kept when
   * no rate changed since it was built: they are the bulk of the data.
   */
  Snapshot load(Snapshot previous) {
    long started = System.nanoTime();
    // Read the revisions first: a write that lands during the load makes the next poll rebuild
    // again, never the other way round.
    Store.Revisions revisions = store.revisions();
    List<Provider> providerList = store.read(db -> new ProviderRepository(db).all());
    List<Route> routes = store.read(db -> new RouteRepository(db).all());
    List<RoutingPolicy> policies = store.read(db -> new PolicyRepository(db).all());
    Map<String, RateDeck> decks;
    if (previous != null && previous.ratesRevision == revisions.ratesRevision()) {
      decks = previous.rateDecks;
    } else {
      RateDeck.Builder rates = new RateDeck.Builder();
      // Every deck in one statement: bulk work.
      Store.bulk(
          () ->
              store.read(
                  db -> {
                    new RateRepository(db).forEach(rates::add);
                    return null;
                  }));
      decks = rates.build();
    }

    Map<String, ProviderView> providers = new HashMap<>();
    for (Provider p : providerList) {
      providers.put(p.id(), new ProviderView(p));
    }
    OwnerRoutes.Builder defaults = new OwnerRoutes.Builder();
    Map<String, OwnerRoutes.Builder> customers = new HashMap<>();
    for (Route r : routes) {
      RouteEntry entry = new RouteEntry(r, providers.get(r.providerId()));
      (r.isDefault() ? defaults : customers.computeIfAbsent(r.customerId(), c -> new OwnerRoutes.Builder()))
          .add(entry);
    }
    Map<String, OwnerRoutes> customerRoutes = new HashMap<>(customers.size() * 2);
    customers.forEach((customer, builder) -> customerRoutes.put(customer, builder.build()));

    RoutingPolicy defaultPolicy = null;
    Map<String, RoutingPolicy> customerPolicies = new HashMap<>();
    for (RoutingPolicy p : policies) {
      if (p.isPlatformDefault()) {
        defaultPolicy = p;
      } else {
        customerPolicies.put(p.customerId(), p);
      }
    }
    if (defaultPolicy == null) {
      throw new IllegalStateException("the platform default routing policy is missing");
    }
    return new Snapshot(
        revisions.revision(),
        revisions.ratesRevision(),
        Map.copyOf(providers),
        defaults.build(),
        customerRoutes,
        customerPolicies,
        defaultPolicy,
        decks,
        routes.size(),
        (System.nanoTime() - started) / 1_000_000);
  }
}
