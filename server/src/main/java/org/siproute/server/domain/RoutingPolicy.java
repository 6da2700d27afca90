package org.siproute.server.domain;

/**
 * Routing policy of a customer, or the platform default ({@code customerId} ""). {@code
 * maxPriceMicros} 0 = no cap. {@code inherited}: the customer has no policy of its own and
 * this is the default as it applies to them.
 */
public record RoutingPolicy(
    String customerId,
    Strategy strategy,
    FailoverCodes failoverCodes,
    int maxAttempts,
    long maxPriceMicros,
    boolean excludeDefaultRoutes,
    boolean inherited,
    long version,
    long updateMs) {

  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final int MAX_ATTEMPTS_LIMIT = 20;

  public boolean isPlatformDefault() {
    return customerId.isEmpty();
  }

  /** The platform default as it applies to a customer without a policy of its own. */
  public RoutingPolicy inheritedBy(String customer) {
    return new RoutingPolicy(
        customer,
        strategy,
        failoverCodes,
        maxAttempts,
        maxPriceMicros,
        excludeDefaultRoutes,
        true,
        version,
        updateMs);
  }
}
