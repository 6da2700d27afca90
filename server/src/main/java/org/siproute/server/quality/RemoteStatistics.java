package org.siproute.server.quality;

import java.util.HashMap;
import java.util.Map;

/**
 * What the other instances (and earlier lives of this one) last flushed to the database,
 * summed per provider and destination calling code over the window, and per calling code over
 * every provider, and per gateway. Immutable: a refresh builds a new one and swaps the reference, so readers on
 * the call path take no lock.
 */
record RemoteStatistics(
    Map<String, Map<Integer, Counts>> byProvider,
    Map<Integer, Counts> byCountry,
    Map<String, Map<String, Counts>> byGateway) {
  static final RemoteStatistics EMPTY = new RemoteStatistics(Map.of(), Map.of(), Map.of());

  /**
   * The statistics of these sums (per provider and calling code, and per provider and gateway
   * over every calling code), with the per-country totals added up once here.
   */
  static RemoteStatistics of(Map<String, Map<Integer, Counts>> byProvider, Map<String, Map<String, Counts>> byGateway) {
    Map<Integer, Counts> byCountry = new HashMap<>();
    byProvider.values().forEach(destinations -> destinations.forEach((code, counts) -> byCountry.merge(code, counts, Counts::plus)));
    return new RemoteStatistics(byProvider, Map.copyOf(byCountry), byGateway);
  }

  /** A gateway's counts over every destination. */
  Counts gateway(String providerId, String gateway) {
    Map<String, Counts> gateways = byGateway.get(providerId);
    Counts counts = gateways == null ? null : gateways.get(gateway);
    return counts == null ? Counts.ZERO : counts;
  }

  Counts counts(String providerId, int callingCode) {
    Map<Integer, Counts> destinations = byProvider.get(providerId);
    if (destinations == null) {
      return Counts.ZERO;
    }
    Counts counts = destinations.get(callingCode);
    return counts == null ? Counts.ZERO : counts;
  }

  /** Every provider's counts for a destination calling code, added up. */
  Counts country(int callingCode) {
    Counts counts = byCountry.get(callingCode);
    return counts == null ? Counts.ZERO : counts;
  }

  Map<Integer, Counts> destinations(String providerId) {
    return byProvider.getOrDefault(providerId, Map.of());
  }
}
