package org.siproute.server.quality;

import java.util.List;

/**
 * What this instance knows of a provider's health and recent quality. Times are epoch
 * milliseconds, 0 when there is none.
 *
 * @param degradedReason why plans put the provider last now; empty when they do not
 * @param circuitRetryMs while the circuit is open: when its trial call is due
 * @param updateMs when circuit or probe state last changed
 * @param windowMs the sliding window the statistics cover
 */
public record ProviderStatus(
    String providerId,
    String degradedReason,
    CircuitState circuitState,
    int consecutiveFailures,
    boolean trialInProgress,
    long circuitChangeMs,
    long circuitRetryMs,
    int activeCalls,
    int maxConcurrentCalls,
    ProbeState probeState,
    String probeDetail,
    long probeChangeMs,
    long updateMs,
    long windowMs,
    Statistics statistics,
    List<DestinationStatistics> destinations,
    List<GatewayStatus> gateways) {

  public ProviderStatus {
    destinations = List.copyOf(destinations);
    gateways = List.copyOf(gateways);
  }

  /**
   * One gateway's own health and statistics.
   *
   * @param degradedReason why plans put it after the provider's healthy gateways; "disabled"
   *     for a disabled one; empty when healthy
   */
  public record GatewayStatus(
      String address,
      String degradedReason,
      CircuitState circuitState,
      int consecutiveFailures,
      ProbeState probeState,
      String probeDetail,
      Statistics statistics) {}

  /** Outcome statistics over the window, of every instance. */
  public record Statistics(
      long attempts,
      long answered,
      double answerSeizureRatio,
      long redirections,
      long clientFailures,
      long serverFailures,
      long globalFailures,
      long timeouts,
      long transportErrors,
      long providerFailures,
      long abandoned,
      long averagePostDialDelayMs,
      long callsEnded,
      long averageDurationMs) {

    static Statistics of(Counts c) {
      return new Statistics(
          c.get(Counter.ATTEMPTS),
          c.get(Counter.ANSWERED),
          c.answerSeizureRatio(),
          c.get(Counter.REDIRECTIONS),
          c.get(Counter.CLIENT_FAILURES),
          c.get(Counter.SERVER_FAILURES),
          c.get(Counter.GLOBAL_FAILURES),
          c.get(Counter.TIMEOUTS),
          c.get(Counter.TRANSPORT_ERRORS),
          c.get(Counter.PROVIDER_FAILURES),
          c.get(Counter.ABANDONED),
          c.mean(Counter.POST_DIAL_DELAY_SUM_MS, Counter.POST_DIAL_DELAY_COUNT),
          c.get(Counter.CALLS_ENDED),
          c.mean(Counter.DURATION_SUM_MS, Counter.CALLS_ENDED));
    }
  }

  /**
   * Statistics of calls to one destination country.
   *
   * @param qualityScored whether QUALITY trusts the answer-seizure ratio (enough samples)
   */
  public record DestinationStatistics(int callingCode, Statistics statistics, boolean qualityScored) {}
}
