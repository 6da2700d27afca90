package org.siproute.server.quality;

/** What SIP OPTIONS probing knows of a provider; see {@link OptionsProber}. */
public enum ProbeState {
  /** Probing is not enabled for the provider. */
  OFF,
  /** Probing is enabled but has no verdict yet; the provider counts as healthy. */
  PENDING,
  /** The provider answers OPTIONS. */
  UP,
  /** The provider's probes go unanswered: plans put it last. */
  DOWN
}
