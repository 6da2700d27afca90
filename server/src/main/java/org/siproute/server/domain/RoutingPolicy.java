package org.siproute.server.domain;

/**
 * Routing policy of a customer, or the platform default ({@code customerId} ""). {@code
 * maxPriceMicros} 0 = no cap. {@code inherited}: the customer has no policy of its own and
 * this is the default as it applies to them. {@code expectedCallSeconds}: the call length
 * LEAST_COST prices calls at; 0 = the measured average to the destination's country, else 60.
 * {@code currency}: the ISO 4217 code costs are compared and given in; "" = the platform's.
 * {@code marginGuard}: leave out providers whose cost for the call exceeds what the customer
 * pays for it (its sell rate) less {@code minMarginMicros}.
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
    long updateMs,
    int expectedCallSeconds,
    String currency,
    boolean marginGuard,
    long minMarginMicros,
    String defaultRegion) {

  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final int MAX_ATTEMPTS_LIMIT = 20;
  /** The longest expected call duration a policy may set, in seconds (a day). */
  public static final int MAX_EXPECTED_CALL_SECONDS = 86_400;
  /** What LEAST_COST prices a call at when neither the policy nor statistics say more. */
  public static final int FALLBACK_CALL_SECONDS = 60;

  /**
   * A policy that leaves the expected call duration to statistics, in the platform currency,
   * without margin guard or default region (numbers read as E.164 only).
   */
  public RoutingPolicy(
      String customerId,
      Strategy strategy,
      FailoverCodes failoverCodes,
      int maxAttempts,
      long maxPriceMicros,
      boolean excludeDefaultRoutes,
      boolean inherited,
      long version,
      long updateMs) {
    this(customerId, strategy, failoverCodes, maxAttempts, maxPriceMicros, excludeDefaultRoutes, inherited,
        version, updateMs, 0, "", false, 0, "");
  }

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
        updateMs,
        expectedCallSeconds,
        currency,
        marginGuard,
        minMarginMicros,
        defaultRegion);
  }
}
