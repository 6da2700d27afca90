package org.siproute.server.admin;

import org.siproute.server.domain.Provider;

/** The fields of a provider an update may change (the id never changes). */
public enum ProviderField {
  NAME,
  HOSTNAME,
  TRANSPORT,
  TECH_PREFIX,
  TECH_POSTFIX,
  TECH_HEADERS,
  DISABLED,
  WEIGHT,
  MAX_CONCURRENT_CALLS,
  LABELS,
  NUMBER_FORMAT,
  GATEWAYS,
  GATEWAY_ATTEMPTS;

  /** {@code current} with the fields {@code patch} names changed, as stored at {@code version}. */
  static Provider merge(Provider current, Patch<ProviderField, Provider> patch, long version, long nowMs) {
    Provider v = patch.values();
    return new Provider(
        current.id(),
        patch.names(NAME) ? v.name() : current.name(),
        patch.names(HOSTNAME) ? v.hostname() : current.hostname(),
        patch.names(TRANSPORT) ? v.transport() : current.transport(),
        patch.names(TECH_PREFIX) ? v.techPrefix() : current.techPrefix(),
        patch.names(TECH_POSTFIX) ? v.techPostfix() : current.techPostfix(),
        patch.names(TECH_HEADERS) ? v.techHeaders() : current.techHeaders(),
        patch.names(DISABLED) ? v.disabled() : current.disabled(),
        patch.names(WEIGHT) ? v.weight() : current.weight(),
        patch.names(MAX_CONCURRENT_CALLS) ? v.maxConcurrentCalls() : current.maxConcurrentCalls(),
        patch.names(LABELS) ? v.labels() : current.labels(),
        version,
        current.createMs(),
        nowMs,
        patch.names(NUMBER_FORMAT) ? v.numberFormat() : current.numberFormat(),
        patch.names(GATEWAYS) ? v.gateways() : current.gateways(),
        patch.names(GATEWAY_ATTEMPTS) ? v.gatewayAttempts() : current.gatewayAttempts());
  }
}
