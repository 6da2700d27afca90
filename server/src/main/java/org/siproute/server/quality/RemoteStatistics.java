package org.siproute.server.quality;

import java.util.Map;

/**
 * What the other instances (and earlier lives of this one) last flushed to the database,
 * summed per provider and destination calling code over the window. Immutable: a refresh
 * builds a new one and swaps the reference, so readers on the call path take no lock.
 */
record RemoteStatistics(Map<String, Map<Integer, Counts>> byProvider) {
  static final RemoteStatistics EMPTY = new RemoteStatistics(Map.of());

  Counts counts(String providerId, int callingCode) {
    Map<Integer, Counts> destinations = byProvider.get(providerId);
    if (destinations == null) {
      return Counts.ZERO;
    }
    Counts counts = destinations.get(callingCode);
    return counts == null ? Counts.ZERO : counts;
  }

  Map<Integer, Counts> destinations(String providerId) {
    return byProvider.getOrDefault(providerId, Map.of());
  }
}
