package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.ResourceType;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.routing.RoutingSnapshots;

/** ReportOutcome: the outcome of an attempt a Select caller dialled, recorded for quality. */
@Singleton
public final class OutcomeReports {
  public static final long MAX_POST_DIAL_DELAY_MS = 3_600_000L;
  public static final long MAX_DURATION_MS = 30L * 24 * 3_600_000L;

  private final QualityMonitor monitor;
  private final RoutingSnapshots snapshots;

  @Inject
  OutcomeReports(QualityMonitor monitor, RoutingSnapshots snapshots) {
    this.monitor = monitor;
    this.snapshots = snapshots;
  }

  /** Records a checked report; NOT_FOUND for a provider the routing snapshot does not have. */
  public void report(OutcomeReport r) {
    // Only providers that exist: statistics keyed by whatever callers send would grow without end.
    Provider provider = snapshots.provider(r.providerId());
    if (provider == null) {
      throw ServiceException.notFound(ResourceType.PROVIDER, r.providerId());
    }
    // Only gateways the provider has, for the same reason; "" is its first.
    List<Gateway> gateways = provider.effectiveGateways();
    String gateway = r.gateway().isEmpty() ? gateways.get(0).address() : null;
    for (int i = 0; gateway == null && i < gateways.size(); i++) {
      if (gateways.get(i).address().equals(r.gateway())) {
        gateway = r.gateway();
      }
    }
    if (gateway == null) {
      throw ServiceException.invalid("gateway", "provider '" + r.providerId() + "' has no such gateway; give an Attempt.gateway of its plan, or leave it empty");
    }
    monitor.reportOutcome(
        r.providerId(), gateway, r.callingCode(), r.sipCode(), r.failure(), r.postDialDelayMs(), r.durationMs());
  }
}
