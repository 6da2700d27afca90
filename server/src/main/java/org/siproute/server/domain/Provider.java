package org.siproute.server.domain;

import java.util.List;
import java.util.Map;

/**
 * A SIP service provider. {@code weight} 0 means "no weight of its own"; {@code
 * maxConcurrentCalls} 0 means no limit. {@code version} backs the etag. {@code numberFormat} is
 * how the called number is written for it. {@code gateways} is empty for a provider reached at
 * {@code hostname} alone (see {@link #effectiveGateways}); {@code gatewayAttempts} 0 means 1.
 */
public record Provider(
    String id,
    String name,
    String hostname,
    Transport transport,
    String techPrefix,
    String techPostfix,
    Map<String, String> techHeaders,
    boolean disabled,
    int weight,
    int maxConcurrentCalls,
    Map<String, String> labels,
    long version,
    long createMs,
    long updateMs,
    NumberFormat numberFormat,
    List<Gateway> gateways,
    int gatewayAttempts) {
  /** The most gateways a provider may have, and so the most one call may try. */
  public static final int MAX_GATEWAYS = 16;

  public Provider {
    techHeaders = Map.copyOf(techHeaders);
    labels = Map.copyOf(labels);
    gateways = List.copyOf(gateways);
  }

  /** The gateways calls go to: its own, or one at hostname (weight 1) when it has none. */
  public List<Gateway> effectiveGateways() {
    return gateways.isEmpty() ? List.of(new Gateway(hostname, transport, 1, false)) : gateways;
  }

  /** How many gateways one call may try: at least 1. */
  public int effectiveGatewayAttempts() {
    return Math.max(1, gatewayAttempts);
  }

  /** This provider as stored at {@code version}. */
  public Provider withVersion(long newVersion, long newCreateMs, long newUpdateMs) {
    return new Provider(
        id, name, hostname, transport, techPrefix, techPostfix, techHeaders, disabled, weight,
        maxConcurrentCalls, labels, newVersion, newCreateMs, newUpdateMs, numberFormat, gateways,
        gatewayAttempts);
  }
}
