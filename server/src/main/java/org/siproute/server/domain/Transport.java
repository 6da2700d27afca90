package org.siproute.server.domain;

/** SIP transport towards a provider. */
public enum Transport {
  UDP,
  TCP,
  TLS
}
