package org.siproute.server.routing;

import org.siproute.server.domain.RoutingPolicy;

/**
 * One owner's part of a snapshot: a customer's routes and policy, or (for the defaults) the
 * default routes and the platform policy. The owner is the unit a snapshot is built and
 * replaced in: a change to a customer's routes or policy makes a new {@code Owner} and shares
 * every other one. Keeping the policy beside the routes also makes a decision find both with
 * one lookup.
 */
final class Owner {
  static final Owner NONE = new Owner(null, OwnerRoutes.NONE, null);

  /** The owner's own policy; null when the platform default applies. */
  final RoutingPolicy policy;
  final OwnerRoutes routes;
  /** What the customer pays (its sell rates, for the margin guard); null when it has none. */
  final RateDeck sellRates;

  Owner(RoutingPolicy policy, OwnerRoutes routes, RateDeck sellRates) {
    this.policy = policy;
    this.routes = routes;
    this.sellRates = sellRates;
  }
}
