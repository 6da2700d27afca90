package org.siproute.server.domain;

/** Why an attempt ended without a final SIP response; NONE when it got one. */
public enum AttemptFailure {
  /** The attempt got a final SIP response (its code says how it went). */
  NONE,
  /** No final response in time. */
  TIMEOUT,
  /** The provider could not be reached (connection refused, DNS, TLS). */
  TRANSPORT_ERROR
}
