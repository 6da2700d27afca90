package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.siproute.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per gateway of a provider (its address; a provider without gateways has
 * one, its hostname), per instance. A provider is degraded by its circuits only when every
 * gateway of it is. Keys are the provider id and the gateway address as the plan holds them:
 * two map lookups, no key built per call. Provider-side failures in a row open a
 * circuit; after the cool-down the provider is healthy for one trial at a time (half-open);
 * any outcome that is not a provider-side failure closes it, a provider-side failure opens it
 * again. Since an open circuit only moves a provider to the end of plans, calls still reach
 * it as a last resort: their failures restart the cool-down and their successes close it.
 *
 * <p>The trial is taken when a plan puts the provider among the healthy ones: that plan (a
 * Dial stream or a Select) gets it first, every other plan gets it last until the trial's
 * outcome arrives, the Dial attempt is abandoned, or the trial lapses after the dial idle
 * timeout (a plan that never dialled it, a Select caller that never reported).
 *
 * <p>Each circuit is an immutable state behind an {@link AtomicReference}: the call path reads
 * it without a lock and changes it by compare-and-set.
 */
@Singleton
public final class CircuitBreakers {
  private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);
  static final String OPEN_REASON = "circuit open";
  static final String TRIAL_REASON = "circuit half-open: trial call in progress";

  private final Clock clock;
  private final int failureThreshold;
  private final long coolDownMillis;
  private final long trialLeaseMillis;
  /** By provider id, then by gateway address. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicReference<Circuit>>> circuits =
      new ConcurrentHashMap<>();

  /**
   * The state of one circuit.
   *
   * @param changedMillis when state last changed; 0 when it never did
   * @param openedMillis when the circuit last opened (or a failure while open restarted the
   *     cool-down)
   * @param trialUntilMillis while half-open: the trial is out until then; 0 when it is free
   */
  record Circuit(
      CircuitState state, int consecutiveFailures, long changedMillis, long openedMillis, long trialUntilMillis) {
    static final Circuit CLOSED = new Circuit(CircuitState.CLOSED, 0, 0, 0, 0);
  }

  /** A circuit as status shows it, without taking the trial. */
  record View(CircuitState state, int consecutiveFailures, long changedMillis, long retryMillis, boolean trialInProgress) {}

  @Inject
  CircuitBreakers(Clock clock, ServerConfig config) {
    this.clock = clock;
    this.failureThreshold = config.quality().circuitFailureThreshold();
    this.coolDownMillis = config.quality().circuitCoolDown().toMillis();
    // A Dial attempt's outcome comes before its stream goes idle; longer means it never will.
    this.trialLeaseMillis = config.dialIdleTimeout().toMillis();
  }

  /** An outcome of an attempt: a provider-side failure or anything else. */
  void recordOutcome(String providerId, String gateway, boolean providerFailure) {
    long now = clock.millis();
    Circuit before =
        circuits
            .computeIfAbsent(providerId, p -> new ConcurrentHashMap<>())
            .computeIfAbsent(gateway, g -> new AtomicReference<>(Circuit.CLOSED))
            .getAndUpdate(c -> providerFailure ? failed(c, now) : succeeded(c, now));
    // The update is a pure function of the state it applied to: recomputing it is exact.
    Circuit after = providerFailure ? failed(before, now) : succeeded(before, now);
    if (after.state() != before.state()) {
      if (after.state() == CircuitState.OPEN) {
        log.warn("provider '{}' gateway '{}' circuit {} -> OPEN after {} provider-side failures in a row; trial in {} ms",
            providerId, gateway, before.state(), after.consecutiveFailures(), coolDownMillis);
      } else {
        log.info("provider '{}' gateway '{}' circuit {} -> {}", providerId, gateway, before.state(), after.state());
      }
    }
  }

  private Circuit failed(Circuit c, long now) {
    int failures = c.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE : c.consecutiveFailures() + 1;
    return switch (c.state()) {
      case CLOSED ->
          failures >= failureThreshold
              ? new Circuit(CircuitState.OPEN, failures, now, now, 0)
              : new Circuit(CircuitState.CLOSED, failures, c.changedMillis(), 0, 0);
      // Still failing while open: the cool-down starts again from this fresh evidence.
      case OPEN -> new Circuit(CircuitState.OPEN, failures, c.changedMillis(), now, 0);
      default -> new Circuit(CircuitState.OPEN, failures, now, now, 0);
    };
  }

  private static Circuit succeeded(Circuit c, long now) {
    if (c.state() == CircuitState.CLOSED) {
      return c.consecutiveFailures() == 0 ? c : new Circuit(CircuitState.CLOSED, 0, c.changedMillis(), 0, 0);
    }
    return new Circuit(CircuitState.CLOSED, 0, now, 0, 0);
  }

  /** A Dial attempt went unreported: if it was the trial, the next plan may take it. */
  void recordAbandoned(String providerId, String gateway) {
    AtomicReference<Circuit> ref = circuit(providerId, gateway);
    if (ref != null) {
      ref.updateAndGet(
          c -> c.state() == CircuitState.HALF_OPEN && c.trialUntilMillis() != 0
              ? new Circuit(CircuitState.HALF_OPEN, c.consecutiveFailures(), c.changedMillis(), c.openedMillis(), 0)
              : c);
    }
  }

  /**
   * For a plan: null when the provider may keep its place, which takes the trial when the
   * circuit is due one; otherwise why it goes last.
   */
  String admit(String providerId, String gateway) {
    AtomicReference<Circuit> ref = circuit(providerId, gateway);
    if (ref == null) {
      return null;
    }
    while (true) {
      Circuit c = ref.get();
      if (c.state() == CircuitState.CLOSED) {
        return null;
      }
      long now = clock.millis();
      long trialFrom = c.openedMillis() + coolDownMillis;
      if (c.state() == CircuitState.OPEN && now < trialFrom) {
        return OPEN_REASON;
      }
      if (c.state() == CircuitState.HALF_OPEN && now < c.trialUntilMillis()) {
        return TRIAL_REASON;
      }
      long changed = c.state() == CircuitState.OPEN ? trialFrom : c.changedMillis();
      Circuit trial =
          new Circuit(CircuitState.HALF_OPEN, c.consecutiveFailures(), changed, c.openedMillis(), now + trialLeaseMillis);
      if (ref.compareAndSet(c, trial)) {
        if (c.state() == CircuitState.OPEN) {
          log.info("provider '{}' gateway '{}' circuit OPEN -> HALF_OPEN: cool-down over, one trial call",
              providerId, gateway);
        }
        return null;
      }
    }
  }

  /** The circuit as it stands, without taking the trial; an elapsed cool-down shows HALF_OPEN. */
  View view(String providerId, String gateway) {
    AtomicReference<Circuit> ref = circuit(providerId, gateway);
    Circuit c = ref == null ? Circuit.CLOSED : ref.get();
    long now = clock.millis();
    return switch (c.state()) {
      case OPEN -> {
        long trialFrom = c.openedMillis() + coolDownMillis;
        yield now < trialFrom
            ? new View(CircuitState.OPEN, c.consecutiveFailures(), c.changedMillis(), trialFrom, false)
            : new View(CircuitState.HALF_OPEN, c.consecutiveFailures(), trialFrom, 0, false);
      }
      case HALF_OPEN ->
          new View(CircuitState.HALF_OPEN, c.consecutiveFailures(), c.changedMillis(), 0, now < c.trialUntilMillis());
      default -> new View(CircuitState.CLOSED, c.consecutiveFailures(), c.changedMillis(), 0, false);
    };
  }

  /** Why a plan would put the provider last now, without taking the trial; null if it would not. */
  String peekReason(String providerId, String gateway) {
    View v = view(providerId, gateway);
    if (v.state() == CircuitState.OPEN) {
      return OPEN_REASON;
    }
    return v.trialInProgress() ? TRIAL_REASON : null;
  }

  private AtomicReference<Circuit> circuit(String providerId, String gateway) {
    Map<String, AtomicReference<Circuit>> gateways = circuits.get(providerId);
    return gateways == null ? null : gateways.get(gateway);
  }

  /** Forgets providers that no longer exist, and gateways they no longer have. */
  void prune(Map<String, Set<String>> existingGateways) {
    circuits.keySet().retainAll(existingGateways.keySet());
    circuits.forEach(
        (provider, gateways) -> {
          Set<String> keep = existingGateways.get(provider);
          if (keep != null) { // null: a provider new since the caller looked
            gateways.keySet().retainAll(keep);
          }
        });
  }
}
