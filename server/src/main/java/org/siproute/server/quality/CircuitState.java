package org.siproute.server.quality;

/** The state of a provider's circuit breaker; see {@link CircuitBreakers}. */
public enum CircuitState {
  /** Healthy: the provider keeps its place in plans. */
  CLOSED,
  /** Too many provider-side failures in a row: the provider goes last until the cool-down ends. */
  OPEN,
  /** The cool-down has ended: the provider is healthy for one trial call at a time. */
  HALF_OPEN
}
