package org.siproute.server.domain;

/**
 * A candidate provider for an owner's calls to numbers starting with {@code prefix}. {@code
 * customerId} "" is a default route. {@code schedule} is null when the route always applies.
 * {@code stripDigits} and {@code prepend} translate the number as its provider writes it:
 * that many leading characters removed, then {@code prepend} put in front. A {@link
 * RouteAction#BLOCK} route refuses the calls instead, with {@code blockSipCode}; its {@code
 * providerId} is "" (and {@code blockSipCode} is 0 on a ROUTE route). {@code sourcePrefix} ""
 * applies to every caller, else to callers whose E.164 number starts with it.
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
    String prepend,
    RouteAction action,
    int blockSipCode,
    String sourcePrefix) {

  /** What a BLOCK route answers with unless it says otherwise: 403 Forbidden. */
  public static final int DEFAULT_BLOCK_SIP_CODE = 403;

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
        version, createMs, updateMs, 0, "", RouteAction.ROUTE, 0, "");
  }

  public boolean isBlock() {
    return action == RouteAction.BLOCK;
  }

  public boolean isDefault() {
    return customerId.isEmpty();
  }

  /** This route answering blocked calls with {@code code}. */
  public Route withBlockSipCode(int code) {
    return new Route(
        id, customerId, prefix, providerId, priority, weight, schedule, disabled, name, detail,
        version, createMs, updateMs, stripDigits, prepend, action, code, sourcePrefix);
  }

  /** This route owned by {@code owner} ("" for a default route). */
  public Route withOwner(String owner) {
    return new Route(
        id, owner, prefix, providerId, priority, weight, schedule, disabled, name, detail,
        version, createMs, updateMs, stripDigits, prepend, action, blockSipCode, sourcePrefix);
  }

    /** This route stored under {@code newId} at {@code newVersion}. */
  public Route withIdentity(String newId, long newVersion, long newCreateMs, long newUpdateMs) {
    return new Route(
        newId, customerId, prefix, providerId, priority, weight, schedule, disabled, name, detail,
        newVersion, newCreateMs, newUpdateMs, stripDigits, prepend, action, blockSipCode, sourcePrefix);
  }
}
