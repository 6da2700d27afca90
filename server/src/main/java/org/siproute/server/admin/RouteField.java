package org.siproute.server.admin;

import org.siproute.server.domain.Route;

/** The fields of a route an update may change (never its id or its owner). */
public enum RouteField {
  PREFIX,
  PROVIDER_ID,
  PRIORITY,
  WEIGHT,
  SCHEDULE,
  DISABLED,
  NAME,
  DETAIL,
  STRIP_DIGITS,
  PREPEND,
  ACTION,
  BLOCK_SIP_CODE,
  SOURCE_PREFIX;

  /** {@code current} with the fields {@code patch} names changed, as stored at {@code version}. */
  static Route merge(Route current, Patch<RouteField, Route> patch, long version, long nowMs) {
    Route v = patch.values();
    return new Route(
        current.id(),
        current.customerId(),
        patch.names(PREFIX) ? v.prefix() : current.prefix(),
        patch.names(PROVIDER_ID) ? v.providerId() : current.providerId(),
        patch.names(PRIORITY) ? v.priority() : current.priority(),
        patch.names(WEIGHT) ? v.weight() : current.weight(),
        patch.names(SCHEDULE) ? v.schedule() : current.schedule(),
        patch.names(DISABLED) ? v.disabled() : current.disabled(),
        patch.names(NAME) ? v.name() : current.name(),
        patch.names(DETAIL) ? v.detail() : current.detail(),
        version,
        current.createMs(),
        nowMs,
        patch.names(STRIP_DIGITS) ? v.stripDigits() : current.stripDigits(),
        patch.names(PREPEND) ? v.prepend() : current.prepend(),
        patch.names(ACTION) ? v.action() : current.action(),
        patch.names(BLOCK_SIP_CODE) ? v.blockSipCode() : current.blockSipCode(),
        patch.names(SOURCE_PREFIX) ? v.sourcePrefix() : current.sourcePrefix());
  }
}
