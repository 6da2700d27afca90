package org.siproute.server.domain;

/**
 * A candidate provider for an owner's calls to numbers starting with {@code prefix}. {@code
 * customerId} "" is a default route. {@code schedule} is null when the route always applies.
 * {@code stripDigits} and {@code prepend} translate the number as its provider writes it:
 * that many leading characters removed, then {@code prepend} put in front.
 */
public record Route(
    String id,
    String customerId,
    String prefix,
    String providerId,
    int priority,
    int weight,
    Schedule schedule,
    boolean disabled,
    String name,
    String detail,
    long version,
    long createMs,
    long updateMs,
    int stripDigits,
    String prepend) {

  /** A route that leaves the number as its provider writes it. */
  public Route(
      String id,
      String customerId,
      String prefix,
      String providerId,
      int priority,
      int weight,
      Schedule schedule,
      boolean disabled,
      String name,
      String detail,
      long version,
      long createMs,
      long updateMs) {
    this(id, customerId, prefix, providerId, priority, weight, schedule, disabled, name, detail,
        version, createMs, updateMs, 0, "");
  }

  public boolean isDefault() {
    return customerId.isEmpty();
  }

  /** This route stored under {@code newId} at {@code newVersion}. */
  public Route withIdentity(String newId, long newVersion, long newCreateMs, long newUpdateMs) {
    return new Route(
        newId, customerId, prefix, providerId, priority, weight, schedule, disabled, name, detail,
        newVersion, newCreateMs, newUpdateMs, stripDigits, prepend);
  }
}
