package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.siproute.server.domain.AttemptFailure;
import org.siproute.server.domain.Provider;
import org.siproute.server.routing.CallEvents;
import org.siproute.server.routing.ProviderHealth;
import org.siproute.server.routing.RoutingSnapshots;

/**
 * Where outcomes come in and health goes out: Dial events and ReportOutcome feed the
 * statistics, circuit breakers and call slots; plans ask which providers are degraded. Every
 * method runs on the call path and reads or updates memory only, without locks.
 */
@Singleton
public final class QualityMonitor implements CallEvents, ProviderHealth {
  private final ProviderStatistics statistics;
  private final CircuitBreakers circuits;
  private final CallSlots slots;
  private final OptionsProber prober;
  private final RoutingSnapshots snapshots;

  @Inject
  QualityMonitor(
      ProviderStatistics statistics,
      CircuitBreakers circuits,
      CallSlots slots,
      OptionsProber prober,
      RoutingSnapshots snapshots) {
    this.statistics = statistics;
    this.circuits = circuits;
    this.slots = slots;
    this.prober = prober;
    this.snapshots = snapshots;
  }

  // ---- Dial streams ----

  @Override
  public void attemptStarted(String providerId) {
    slots.acquire(providerId);
  }

  @Override
  public void attemptFinished(
      String providerId, int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs) {
    recordOutcome(providerId, callingCode, sipCode, failure, postDialDelayMs);
    boolean answered = failure == AttemptFailure.NONE && sipCode < 300;
    if (!answered) {
      slots.release(providerId); // an answered call keeps its slot until it ends
    }
  }

  @Override
  public void attemptAbandoned(String providerId, int callingCode) {
    slots.release(providerId);
    statistics.recordAbandoned(providerId, callingCode);
    circuits.recordAbandoned(providerId);
  }

  @Override
  public void callEnded(String providerId, int callingCode, long durationMs) {
    slots.release(providerId);
    if (durationMs >= 0) {
      statistics.recordCallEnded(providerId, callingCode, durationMs);
    }
  }

  // ---- ReportOutcome (callers of Select: no slots) ----

  /** The outcome of an attempt dialled from a Select plan; {@code durationMs} -1 when unknown. */
  void reportOutcome(
      String providerId, int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs, long durationMs) {
    recordOutcome(providerId, callingCode, sipCode, failure, postDialDelayMs);
    if (durationMs >= 0) {
      statistics.recordCallEnded(providerId, callingCode, durationMs);
    }
  }

  private void recordOutcome(
      String providerId, int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs) {
    statistics.recordOutcome(providerId, callingCode, sipCode, failure, postDialDelayMs);
    circuits.recordOutcome(providerId, Outcome.isProviderFailure(sipCode, failure));
  }

  // ---- plans ----

  /**
   * Failing probes first, then the call limit, then the circuit: the circuit comes last because
   * asking it may take its one trial call, which a provider degraded anyway must not waste.
   */
  @Override
  public String degradedReason(String providerId) {
    String reason = prober.degradedReason(providerId);
    if (reason == null) {
      reason = callLimitReason(providerId);
    }
    return reason != null ? reason : circuits.admit(providerId);
  }

  /** Like {@link #degradedReason} without taking a circuit's trial: for status. */
  String currentDegradedReason(String providerId) {
    String reason = prober.degradedReason(providerId);
    if (reason == null) {
      reason = callLimitReason(providerId);
    }
    return reason != null ? reason : circuits.peekReason(providerId);
  }

  private String callLimitReason(String providerId) {
    Provider provider = snapshots.provider(providerId);
    int limit = provider == null ? 0 : provider.maxConcurrentCalls();
    return limit > 0 && slots.active(providerId) >= limit ? "at call limit " + limit : null;
  }
}
