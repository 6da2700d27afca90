package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.routing.RoutingSnapshots;

/**
 * What this instance knows of each provider's health and recent quality (GetProviderStatus,
 * ListProviderStatus, the metrics gauges). Read from memory (the routing snapshot and the live
 * state), never the database, so it answers while the database is down.
 */
@Singleton
public final class ProviderStatuses {
  private final RoutingSnapshots snapshots;
  private final QualityMonitor monitor;
  private final ProviderStatistics statistics;
  private final CircuitBreakers circuits;
  private final CallSlots slots;
  private final OptionsProber prober;
  private final long windowMs;

  @Inject
  ProviderStatuses(
      RoutingSnapshots snapshots,
      QualityMonitor monitor,
      ProviderStatistics statistics,
      CircuitBreakers circuits,
      CallSlots slots,
      OptionsProber prober,
      ServerConfig config) {
    this.snapshots = snapshots;
    this.monitor = monitor;
    this.statistics = statistics;
    this.circuits = circuits;
    this.slots = slots;
    this.prober = prober;
    this.windowMs = config.quality().window().toMillis();
  }

  /** The status of a provider of the current snapshot; NOT_FOUND when there is none. */
  public ProviderStatus get(String providerId) {
    Provider provider = snapshots.provider(providerId);
    if (provider == null) {
      throw ServiceException.notFound(ResourceType.PROVIDER, providerId);
    }
    return status(provider);
  }

  /** Up to {@code limit} statuses of providers with ids after {@code afterId}, in id order. */
  public List<ProviderStatus> page(String afterId, int limit) {
    return snapshots.providers().stream()
        .filter(p -> p.id().compareTo(afterId) > 0)
        .sorted(Comparator.comparing(Provider::id))
        .limit(limit)
        .map(this::status)
        .toList();
  }

  /** Calls holding a slot of the provider on this instance now. */
  public int activeCalls(String providerId) {
    return slots.active(providerId);
  }

  /** The provider's circuit as status shows it (an elapsed cool-down reads HALF_OPEN). */
  public CircuitState circuitState(String providerId) {
    Provider provider = snapshots.provider(providerId);
    return provider == null ? CircuitState.CLOSED : circuit(provider).state();
  }

  /**
   * The provider's circuit: its healthiest gateway's (closed before half-open before open), as
   * a provider's circuit is open only when every gateway's is.
   */
  private CircuitBreakers.View circuit(Provider provider) {
    CircuitBreakers.View best = null;
    for (Gateway gateway : provider.effectiveGateways()) {
      CircuitBreakers.View v = circuits.view(provider.id(), gateway.address());
      if (best == null || rank(v.state()) < rank(best.state())) {
        best = v;
      }
    }
    return best;
  }

  private static int rank(CircuitState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** The probe verdict: a gateway's that is not down if there is one, else the first's. */
  private OptionsProber.Verdict probe(Provider provider) {
    OptionsProber.Verdict first = null;
    for (Gateway gateway : provider.effectiveGateways()) {
      OptionsProber.Verdict v = prober.verdict(provider.id(), gateway.address());
      if (v.state() != ProbeState.DOWN && v.state() != ProbeState.OFF) {
        return v;
      }
      if (first == null || first.state() == ProbeState.OFF) {
        first = v;
      }
    }
    return first;
  }

  /** The ids of every provider of the current snapshot, in id order. */
  public List<String> providerIds() {
    List<String> ids = new ArrayList<>();
    for (Provider p : snapshots.providers()) {
      ids.add(p.id());
    }
    ids.sort(null);
    return ids;
  }

  private ProviderStatus status(Provider provider) {
    String id = provider.id();
    CircuitBreakers.View circuit = circuit(provider);
    OptionsProber.Verdict probe = probe(provider);
    Counts total = Counts.ZERO;
    List<ProviderStatus.DestinationStatistics> destinations = new ArrayList<>();
    for (Map.Entry<Integer, Counts> d : statistics.destinations(id).entrySet()) {
      total = total.plus(d.getValue());
      destinations.add(
          new ProviderStatus.DestinationStatistics(
              d.getKey(), ProviderStatus.Statistics.of(d.getValue()), statistics.isScored(d.getValue())));
    }
    List<ProviderStatus.GatewayStatus> gateways = new ArrayList<>();
    for (Gateway gateway : provider.effectiveGateways()) {
      CircuitBreakers.View gatewayCircuit = circuits.view(id, gateway.address());
      OptionsProber.Verdict gatewayProbe = prober.verdict(id, gateway.address());
      String reason = gateway.disabled() ? "disabled" : prober.degradedReason(id, gateway.address());
      if (reason == null) {
        reason = circuits.peekReason(id, gateway.address());
      }
      gateways.add(
          new ProviderStatus.GatewayStatus(
              gateway.address(),
              reason == null ? "" : reason,
              gatewayCircuit.state(),
              gatewayCircuit.consecutiveFailures(),
              gatewayProbe.state(),
              gatewayProbe.detail(),
              ProviderStatus.Statistics.of(statistics.gateway(id, gateway.address()))));
    }
    String degraded = monitor.currentDegradedReason(id);
    return new ProviderStatus(
        id,
        degraded == null ? "" : degraded,
        circuit.state(),
        circuit.consecutiveFailures(),
        circuit.trialInProgress(),
        circuit.changedMillis(),
        circuit.retryMillis(),
        slots.active(id),
        provider.maxConcurrentCalls(),
        probe.state(),
        probe.detail(),
        probe.changedMillis(),
        Math.max(circuit.changedMillis(), probe.changedMillis()),
        windowMs,
        ProviderStatus.Statistics.of(total),
        destinations,
        gateways);
  }
}
