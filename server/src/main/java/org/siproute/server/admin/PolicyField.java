package org.siproute.server.admin;

import org.siproute.server.domain.RoutingPolicy;

/** The fields of a routing policy an update may change (never its customer). */
public enum PolicyField {
  STRATEGY,
  FAILOVER_CODES,
  MAX_ATTEMPTS,
  MAX_PRICE_MICROS,
  EXCLUDE_DEFAULT_ROUTES,
  EXPECTED_CALL_SECONDS,
  CURRENCY,
  MARGIN_GUARD,
  MIN_MARGIN_MICROS,
  DEFAULT_REGION;

  /**
   * {@code current} (the customer's own policy, or the default it inherits) with the fields
   * {@code patch} names changed, as the customer's own policy at {@code version}.
   */
  static RoutingPolicy merge(RoutingPolicy current, Patch<PolicyField, RoutingPolicy> patch, long version, long nowMs) {
    RoutingPolicy v = patch.values();
    return new RoutingPolicy(
        current.customerId(),
        patch.names(STRATEGY) ? v.strategy() : current.strategy(),
        patch.names(FAILOVER_CODES) ? v.failoverCodes() : current.failoverCodes(),
        patch.names(MAX_ATTEMPTS) ? v.maxAttempts() : current.maxAttempts(),
        patch.names(MAX_PRICE_MICROS) ? v.maxPriceMicros() : current.maxPriceMicros(),
        patch.names(EXCLUDE_DEFAULT_ROUTES) ? v.excludeDefaultRoutes() : current.excludeDefaultRoutes(),
        false,
        version,
        nowMs,
        patch.names(EXPECTED_CALL_SECONDS) ? v.expectedCallSeconds() : current.expectedCallSeconds(),
        patch.names(CURRENCY) ? v.currency() : current.currency(),
        patch.names(MARGIN_GUARD) ? v.marginGuard() : current.marginGuard(),
        patch.names(MIN_MARGIN_MICROS) ? v.minMarginMicros() : current.minMarginMicros(),
        patch.names(DEFAULT_REGION) ? v.defaultRegion() : current.defaultRegion());
  }
}
