package org.siproute.server.domain;

import java.util.Map;

/**
 * A SIP service provider. {@code weight} 0 means "no weight of its own"; {@code
 * maxConcurrentCalls} 0 means no limit. {@code version} backs the etag. {@code numberFormat} is
 * how the called number is written for it.
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
    NumberFormat numberFormat) {

  public Provider {
    techHeaders = Map.copyOf(techHeaders);
    labels = Map.copyOf(labels);
  }

  /** A provider that takes numbers as E.164 digits (the default format). */
  public Provider(
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
    this(id, name, hostname, transport, techPrefix, techPostfix, techHeaders, disabled, weight,
        maxConcurrentCalls, labels, version, createMs, updateMs, NumberFormat.E164_DIGITS);
  }

  /** This provider as stored at {@code version}. */
  public Provider withVersion(long newVersion, long newCreateMs, long newUpdateMs) {
    return new Provider(
        id, name, hostname, transport, techPrefix, techPostfix, techHeaders, disabled, weight,
        maxConcurrentCalls, labels, newVersion, newCreateMs, newUpdateMs, numberFormat);
  }
}
