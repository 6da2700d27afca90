package org.siproute.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How call outcomes and probes steer traffic.
 *
 * @param window length of the sliding window of outcome statistics (answer-seizure ratio and
 *     the counts that RouteAdmin.GetProviderStatus shows); older outcomes fade out
 * @param minSamples attempts to a destination country a provider needs within the window
 *     before the QUALITY strategy trusts its answer-seizure ratio
 * @param circuitFailureThreshold provider-side failures in a row that open a circuit
 * @param circuitCoolDown how long an open circuit keeps a provider behind healthy ones before
 *     one trial call is let through
 * @param probeInterval time between two SIP OPTIONS probes of one provider
 * @param probeTimeout how long a probe waits for a final response; at most the interval
 * @param probeDownThreshold unanswered probes in a row that mark a provider down
 * @param probeUpThreshold answered probes in a row that mark a down provider up again
 * @param statsFlushInterval how often statistics are written to the database and the other
 *     instances' statistics read back
 */
public record QualityConfig(
    Duration window,
    int minSamples,
    int circuitFailureThreshold,
    Duration circuitCoolDown,
    Duration probeInterval,
    Duration probeTimeout,
    int probeDownThreshold,
    int probeUpThreshold,
    Duration statsFlushInterval) {

  /** The window is cut into this many buckets; it slides one bucket at a time. */
  public static final int WINDOW_BUCKETS = 15;

  public static final QualityConfig DEFAULTS =
      new QualityConfig(
          Duration.ofMinutes(15), 20, 5, Duration.ofSeconds(30),
          Duration.ofSeconds(15), Duration.ofSeconds(2), 3, 2, Duration.ofSeconds(10));

  public QualityConfig {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(circuitCoolDown, "circuitCoolDown");
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    Objects.requireNonNull(statsFlushInterval, "statsFlushInterval");
    if (probeTimeout.compareTo(probeInterval) > 0) {
      throw new ConfigException(
          "--probe-timeout " + probeTimeout + " must not be longer than --probe-interval " + probeInterval);
    }
  }

  /** Width of one window bucket. */
  public long bucketMillis() {
    return Math.max(1, window.toMillis() / WINDOW_BUCKETS);
  }

  public QualityConfig withWindow(Duration newWindow) {
    return new QualityConfig(newWindow, minSamples, circuitFailureThreshold, circuitCoolDown,
        probeInterval, probeTimeout, probeDownThreshold, probeUpThreshold, statsFlushInterval);
  }

  public QualityConfig withMinSamples(int samples) {
    return new QualityConfig(window, samples, circuitFailureThreshold, circuitCoolDown,
        probeInterval, probeTimeout, probeDownThreshold, probeUpThreshold, statsFlushInterval);
  }

  public QualityConfig withCircuit(int failureThreshold, Duration coolDown) {
    return new QualityConfig(window, minSamples, failureThreshold, coolDown,
        probeInterval, probeTimeout, probeDownThreshold, probeUpThreshold, statsFlushInterval);
  }

  public QualityConfig withProbing(Duration interval, Duration timeout, int downThreshold, int upThreshold) {
    return new QualityConfig(window, minSamples, circuitFailureThreshold, circuitCoolDown,
        interval, timeout, downThreshold, upThreshold, statsFlushInterval);
  }

  public QualityConfig withStatsFlushInterval(Duration interval) {
    return new QualityConfig(window, minSamples, circuitFailureThreshold, circuitCoolDown,
        probeInterval, probeTimeout, probeDownThreshold, probeUpThreshold, interval);
  }
}
