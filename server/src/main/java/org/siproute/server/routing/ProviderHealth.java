package org.siproute.server.routing;

/**
 * Whether a provider, and each of its gateways, can take a call now. Degraded providers (at
 * their call limit, or with every gateway degraded) are not dropped: they go after every
 * healthy one, with the reason in the explanation. A degraded gateway (open circuit, failing
 * probes) goes after the provider's healthy gateways.
 */
public interface ProviderHealth {
  ProviderHealth ALWAYS_HEALTHY = providerId -> null;

  /** What holds for the provider as a whole: null when healthy; otherwise a short reason. */
  String degradedReason(String providerId);

  /**
   * Null when the gateway (named by its address) may take the call; otherwise a short reason,
   * e.g. "circuit open". May take the gateway circuit's one trial call, so a plan asks only
   * about gateways it means to offer.
   */
  default String gatewayDegradedReason(String providerId, String gateway) {
    return null;
  }
}
