package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.siproute.server.domain.AttemptFailure;
import org.siproute.server.domain.Gateway;
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
      String providerId, String gateway, int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs) {
    recordOutcome(providerId, gateway, callingCode, sipCode, failure, postDialDelayMs);
    boolean answered = failure == AttemptFailure.NONE && sipCode < 300;
    if (!answered) {
      slots.release(providerId); // an answered call keeps its slot until it ends
    }
  }

  @Override
  public void attemptAbandoned(String providerId, String gateway, int callingCode) {
    slots.release(providerId);
    statistics.recordAbandoned(providerId, gateway, callingCode);
    circuits.recordAbandoned(providerId, gateway);
  }

  @Override
  public void callEnded(String providerId, String gateway, int callingCode, long durationMs) {
    slots.release(providerId);
    if (durationMs >= 0) {
      statistics.recordCallEnded(providerId, gateway, callingCode, durationMs);
    }
  }

  // ---- ReportOutcome (callers of Select: no slots) ----

  /** The outcome of an attempt dialled from a Select plan; {@code durationMs} -1 when unknown. */
  void reportOutcome(
      String providerId,
      String gateway,
      int callingCode,
      int sipCode,
      AttemptFailure failure,
      long postDialDelayMs,
      long durationMs) {
    recordOutcome(providerId, gateway, callingCode, sipCode, failure, postDialDelayMs);
    if (durationMs >= 0) {
      statistics.recordCallEnded(providerId, gateway, callingCode, durationMs);
    }
  }

  private void recordOutcome(
      String providerId, String gateway, int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs) {
    statistics.recordOutcome(providerId, gateway, callingCode, sipCode, failure, postDialDelayMs);
    circuits.recordOutcome(providerId, gateway, Outcome.isProviderFailure(sipCode, failure));
  }

  // ---- plans ----

  /** The provider as a whole: its call limit. The engine asks its gateways after this. */
  @Override
  public String degradedReason(String providerId) {
    return callLimitReason(providerId);
  }

  /**
   * Failing probes first, then the circuit: the circuit comes last because asking it may take
   * its one trial call, which a gateway degraded anyway must not waste.
   */
  @Override
  public String gatewayDegradedReason(String providerId, String gateway) {
    String reason = prober.degradedReason(providerId, gateway);
    return reason != null ? reason : circuits.admit(providerId, gateway);
  }

  /**
   * Like a plan's verdict without taking a circuit's trial: for status. The call limit, else
   * the gateways' when every enabled one is degraded.
   */
  String currentDegradedReason(String providerId) {
    String reason = callLimitReason(providerId);
    if (reason != null) {
      return reason;
    }
    Provider provider = snapshots.provider(providerId);
    if (provider == null) {
      return null;
    }
    String first = null;
    int enabled = 0;
    for (Gateway gateway : provider.effectiveGateways()) {
      if (gateway.disabled()) {
        continue;
      }
      enabled++;
      String gatewayReason = prober.degradedReason(providerId, gateway.address());
      if (gatewayReason == null) {
        gatewayReason = circuits.peekReason(providerId, gateway.address());
      }
      if (gatewayReason == null) {
        return null;
      }
      if (first == null) {
        first = gatewayReason;
      }
    }
    if (first == null) {
      return null;
    }
    // As a plan says it: a provider with one enabled gateway is degraded by that gateway's reason.
    return enabled == 1 ? first : "every gateway degraded (" + first + ")";
  }

  private String callLimitReason(String providerId) {
    Provider provider = snapshots.provider(providerId);
    int limit = provider == null ? 0 : provider.maxConcurrentCalls();
    return limit > 0 && slots.active(providerId) >= limit ? "at call limit " + limit : null;
  }
}
