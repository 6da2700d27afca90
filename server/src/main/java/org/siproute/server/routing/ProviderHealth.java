package org.siproute.server.routing;

/**
 * Whether a provider can take a call now. Degraded providers (open circuit, at their call
 * limit, failing probes) are not dropped: they go after every healthy one, with the reason in
 * the explanation.
 */
public interface ProviderHealth {
  ProviderHealth ALWAYS_HEALTHY = providerId -> null;

  /** Null when healthy; otherwise a short reason, e.g. "circuit open". */
  String degradedReason(String providerId);
}
