package org.siproute.server.domain;

/**
 * A candidate provider for an owner's calls to numbers starting with {@code prefix}. {@code
 * customerId} "" is a default route. {@code schedule} is null when the route always applies.
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
    long updateMs) {

  public boolean isDefault() {
    return customerId.isEmpty();
  }

  /** This route stored under {@code newId} at {@code newVersion}. */
  public Route withIdentity(String newId, long newVersion, long newCreateMs, long newUpdateMs) {
    return new Route(
        newId, customerId, prefix, providerId, priority, weight, schedule, disabled, name, detail,
        newVersion, newCreateMs, newUpdateMs);
  }
}
