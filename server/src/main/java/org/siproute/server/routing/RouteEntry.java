package org.siproute.server.routing;

import org.siproute.server.domain.Route;

/**
 * A route in the snapshot with its provider resolved. {@code effectiveWeight} is the route's
 * weight, or its provider's when the route has none; 0 when neither has one.
 */
final class RouteEntry {
  final Route route;
  final ProviderView provider;
  final int effectiveWeight;
  /** A hash of the route id, mixed with a call's seed for its weighted share. */
  final long idHash;

  RouteEntry(Route route, ProviderView provider) {
    this.route = route;
    this.provider = provider;
    this.effectiveWeight =
        route.weight() > 0 ? route.weight() : provider == null ? 0 : provider.provider.weight();
    this.idHash = RoutingEngine.mix(route.id().hashCode() * 0x9E3779B97F4A7C15L + route.id().length());
  }
}
