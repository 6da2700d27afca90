package org.siproute.server.quality;

import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls each provider carries from this instance now: a Dial attempt holds a slot from the
 * moment it is offered until its failure is reported or it is abandoned, and an answered one
 * until the call ends. Counts are per instance; they are never shared with other instances.
 */
@Singleton
public final class CallSlots {
  private final ConcurrentHashMap<String, AtomicInteger> active = new ConcurrentHashMap<>();

  void acquire(String providerId) {
    active.computeIfAbsent(providerId, p -> new AtomicInteger()).incrementAndGet();
  }

  void release(String providerId) {
    AtomicInteger n = active.get(providerId);
    if (n != null) {
      // Never below zero, whatever order events come in.
      n.getAndUpdate(v -> v > 0 ? v - 1 : 0);
    }
  }

  int active(String providerId) {
    AtomicInteger n = active.get(providerId);
    return n == null ? 0 : n.get();
  }

  /** Drops counters of deleted providers once their last call is gone. */
  void prune(Set<String> existingProviders) {
    active.entrySet().removeIf(e -> !existingProviders.contains(e.getKey()) && e.getValue().get() == 0);
  }
}
