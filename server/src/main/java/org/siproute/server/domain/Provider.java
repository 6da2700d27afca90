package org.siproute.server.domain;

import java.util.Map;

/**
 * A SIP service provider. {@code weight} 0 means "no weight of its own"; {@code
 * maxConcurrentCalls} 0 means no limit. {@code version} backs the etag.
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
    long updateMs) {

  public Provider {
    techHeaders = Map.copyOf(techHeaders);
    labels = Map.copyOf(labels);
  }

  /** This provider as stored at {@code version}. */
  public Provider withVersion(long newVersion, long newCreateMs, long newUpdateMs) {
    return new Provider(
        id, name, hostname, transport, techPrefix, techPostfix, techHeaders, disabled, weight,
        maxConcurrentCalls, labels, newVersion, newCreateMs, newUpdateMs);
  }
}
