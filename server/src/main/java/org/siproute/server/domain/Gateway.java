package org.siproute.server.domain;

/**
 * One address of a provider (one of a carrier's SBCs): where an attempt is sent, how, and its
 * share of first tries. A provider without gateways of its own has one, made from its hostname.
 */
public record Gateway(String address, Transport transport, int weight, boolean disabled) {
  public static final int MAX_WEIGHT = 1_000_000;
}
