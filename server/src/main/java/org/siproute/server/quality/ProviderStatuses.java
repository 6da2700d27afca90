package org.siproute.server.quality;

import com.google.protobuf.Duration;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.siproute.proto.v1.DestinationStatistics;
import org.siproute.proto.v1.GetProviderStatusRequest;
import org.siproute.proto.v1.ListProviderStatusRequest;
import org.siproute.proto.v1.ListProviderStatusResponse;
import org.siproute.proto.v1.OutcomeStatistics;
import org.siproute.proto.v1.ProviderStatus;
import org.siproute.server.admin.PageToken;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Provider;
import org.siproute.server.error.ServiceException;
import org.siproute.server.routing.RoutingSnapshots;

/**
 * RouteAdmin.GetProviderStatus and ListProviderStatus: what this instance knows of each
 * provider's health and recent quality. Read from memory (the routing snapshot and the live
 * state), never the database, so it answers while the database is down.
 */
@Singleton
public final class ProviderStatuses {
  private static final String LIST_QUERY = "provider-status";

  private final RoutingSnapshots snapshots;
  private final QualityMonitor monitor;
  private final ProviderStatistics statistics;
  private final CircuitBreakers circuits;
  private final CallSlots slots;
  private final OptionsProber prober;
  private final Duration window;

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
    this.window = Durations.fromMillis(config.quality().window().toMillis());
  }

  public ProviderStatus get(GetProviderStatusRequest request) {
    org.siproute.server.error.Violations v = new org.siproute.server.error.Violations();
    org.siproute.server.admin.AdminValidator.resourceId(v, "provider_id", request.getProviderId());
    v.throwIfAny();
    Provider provider = snapshots.provider(request.getProviderId());
    if (provider == null) {
      throw ServiceException.notFound("provider", request.getProviderId());
    }
    return status(provider);
  }

  public ListProviderStatusResponse list(ListProviderStatusRequest request) {
    int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
    List<String> after = PageToken.decode(request.getPageToken(), LIST_QUERY, 1);
    String afterId = after.isEmpty() ? "" : after.get(0);
    List<Provider> page =
        snapshots.providers().stream()
            .filter(p -> p.id().compareTo(afterId) > 0)
            .sorted(Comparator.comparing(Provider::id))
            .limit(size + 1L)
            .toList();
    ListProviderStatusResponse.Builder out = ListProviderStatusResponse.newBuilder();
    page.stream().limit(size).map(this::status).forEach(out::addStatuses);
    if (page.size() > size) {
      out.setNextPageToken(PageToken.encode(LIST_QUERY, List.of(page.get(size - 1).id())));
    }
    return out.build();
  }

  private ProviderStatus status(Provider provider) {
    String id = provider.id();
    CircuitBreakers.View circuit = circuits.view(id);
    OptionsProber.Verdict probe = prober.verdict(id);
    ProviderStatus.Builder out =
        ProviderStatus.newBuilder()
            .setProviderId(id)
            .setDegradedReason(nullToEmpty(monitor.currentDegradedReason(id)))
            .setCircuitState(circuit.state())
            .setConsecutiveFailures(circuit.consecutiveFailures())
            .setTrialInProgress(circuit.trialInProgress())
            .setActiveCalls(slots.active(id))
            .setMaxConcurrentCalls(provider.maxConcurrentCalls())
            .setProbeState(probe.state())
            .setProbeDetail(probe.detail())
            .setStatisticsWindow(window);
    if (circuit.changedMillis() > 0) {
      out.setCircuitChangeTime(Timestamps.fromMillis(circuit.changedMillis()));
    }
    if (circuit.retryMillis() > 0) {
      out.setCircuitRetryTime(Timestamps.fromMillis(circuit.retryMillis()));
    }
    if (probe.changedMillis() > 0) {
      out.setProbeChangeTime(Timestamps.fromMillis(probe.changedMillis()));
    }
    long updated = Math.max(circuit.changedMillis(), probe.changedMillis());
    if (updated > 0) {
      out.setUpdateTime(Timestamps.fromMillis(updated));
    }
    Counts total = Counts.ZERO;
    for (Map.Entry<Integer, Counts> d : statistics.destinations(id).entrySet()) {
      total = total.plus(d.getValue());
      out.addDestinations(
          DestinationStatistics.newBuilder()
              .setCallingCode(d.getKey())
              .setStatistics(statistics(d.getValue()))
              .setQualityScored(statistics.isScored(d.getValue())));
    }
    return out.setStatistics(statistics(total)).build();
  }

  private static OutcomeStatistics statistics(Counts c) {
    return OutcomeStatistics.newBuilder()
        .setAttempts(c.get(Counter.ATTEMPTS))
        .setAnswered(c.get(Counter.ANSWERED))
        .setAnswerSeizureRatio(c.answerSeizureRatio())
        .setRedirections(c.get(Counter.REDIRECTIONS))
        .setClientFailures(c.get(Counter.CLIENT_FAILURES))
        .setServerFailures(c.get(Counter.SERVER_FAILURES))
        .setGlobalFailures(c.get(Counter.GLOBAL_FAILURES))
        .setTimeouts(c.get(Counter.TIMEOUTS))
        .setTransportErrors(c.get(Counter.TRANSPORT_ERRORS))
        .setProviderFailures(c.get(Counter.PROVIDER_FAILURES))
        .setAbandoned(c.get(Counter.ABANDONED))
        .setAveragePostDialDelayMs(c.mean(Counter.POST_DIAL_DELAY_SUM_MS, Counter.POST_DIAL_DELAY_COUNT))
        .setCallsEnded(c.get(Counter.CALLS_ENDED))
        .setAverageDurationMs(c.mean(Counter.DURATION_SUM_MS, Counter.CALLS_ENDED))
        .build();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
