package org.siproute.server.routing;

import java.util.Map;
import org.siproute.server.domain.RoutingPolicy;

/**
 * An immutable view of the routing configuration at one revision. Decisions read it without
 * locks; a rebuild makes a new one aside and swaps the reference.
 */
final class Snapshot {
  final long revision;
  final long ratesRevision;
  final Map<String, ProviderView> providers;
  final OwnerRoutes defaultRoutes;
  final Map<String, OwnerRoutes> customerRoutes;
  final Map<String, RoutingPolicy> customerPolicies;
  final RoutingPolicy defaultPolicy;
  final Map<String, RateDeck> rateDecks;
  final int routeCount;
  final long buildMillis;

  Snapshot(
      long revision,
      long ratesRevision,
      Map<String, ProviderView> providers,
      OwnerRoutes defaultRoutes,
      Map<String, OwnerRoutes> customerRoutes,
      Map<String, RoutingPolicy> customerPolicies,
      RoutingPolicy defaultPolicy,
      Map<String, RateDeck> rateDecks,
      int routeCount,
      long buildMillis) {
    this.revision = revision;
    this.ratesRevision = ratesRevision;
    this.providers = providers;
    this.defaultRoutes = defaultRoutes;
    this.customerRoutes = customerRoutes;
    this.customerPolicies = customerPolicies;
    this.defaultPolicy = defaultPolicy;
    this.rateDecks = rateDecks;
    this.routeCount = routeCount;
    this.buildMillis = buildMillis;
  }

  RoutingPolicy policyFor(String customerId) {
    RoutingPolicy own = customerPolicies.get(customerId);
    return own != null ? own : defaultPolicy;
  }

  OwnerRoutes routesOf(String customerId) {
    OwnerRoutes own = customerRoutes.get(customerId);
    return own != null ? own : OwnerRoutes.NONE;
  }

  int rateCount() {
    int n = 0;
    for (RateDeck deck : rateDecks.values()) {
      n += deck.size();
    }
    return n;
  }
}
