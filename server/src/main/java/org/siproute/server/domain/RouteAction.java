package org.siproute.server.domain;

/** What a route does with the calls it matches. */
public enum RouteAction {
  /** Offer the route's provider. */
  ROUTE,
  /** Refuse the call with the route's SIP code; the route has no provider. */
  BLOCK
}
