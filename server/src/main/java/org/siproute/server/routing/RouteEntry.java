package org.siproute.server.routing;

import org.siproute.server.domain.Route;

/**
 * A route in the snapshot with its provider's slot in {@link ProviderSlots}: by slot, not by
 * reference, so a changed provider does not make every route table that names it stale.
 */
final class RouteEntry {
  final Route route;
  final int providerSlot;
  /** A hash of the route id, mixed with a call's seed for its weighted share. */
  final long idHash;

  RouteEntry(Route route, int providerSlot) {
    this.route = route;
    this.providerSlot = providerSlot;
    this.idHash = RoutingEngine.mix(route.id().hashCode() * 0x9E3779B97F4A7C15L + route.id().length());
  }

  /** The route's weight, or its provider's when the route has none; 0 when neither has one. */
  static int effectiveWeight(Route route, ProviderView provider) {
    return route.weight() > 0 ? route.weight() : provider.provider.weight();
  }
}
