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
}
