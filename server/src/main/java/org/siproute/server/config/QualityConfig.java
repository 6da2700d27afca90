package org.siproute.server.config;

import java.time.Duration;
import org.siproute.server.config.Setting.Group;

/** How call outcomes and probes steer traffic. A view of the settings declared in {@link Settings}. */
public final class QualityConfig {
  /** The window is cut into this many buckets; it slides one bucket at a time. */
  public static final int WINDOW_BUCKETS = 15;

  public static final QualityConfig DEFAULTS = new QualityConfig(SettingValues.DEFAULTS);

  private final SettingValues values;

  QualityConfig(SettingValues values) {
    this.values = values.requireConsistent();
  }

  SettingValues values() {
    return values;
  }

  /**
   * Length of the sliding window of outcome statistics (answer-seizure ratio and the counts
   * that RouteAdmin.GetProviderStatus shows); older outcomes fade out.
   */
  public Duration window() {
    return values.get(Settings.QUALITY_WINDOW);
  }

  /**
   * Attempts to a destination country a provider needs within the window before the QUALITY
   * strategy trusts its answer-seizure ratio.
   */
  public int minSamples() {
    return values.get(Settings.QUALITY_MIN_SAMPLES);
  }

  /** Provider-side failures in a row that open a circuit. */
  public int circuitFailureThreshold() {
    return values.get(Settings.CIRCUIT_FAILURE_THRESHOLD);
  }

  /** How long an open circuit keeps a provider behind healthy ones before one trial call is let through. */
  public Duration circuitCoolDown() {
    return values.get(Settings.CIRCUIT_COOL_DOWN);
  }

  /** Time between two SIP OPTIONS probes of one provider. */
  public Duration probeInterval() {
    return values.get(Settings.PROBE_INTERVAL);
  }

  /** How long a probe waits for a final response; at most the interval. */
  public Duration probeTimeout() {
    return values.get(Settings.PROBE_TIMEOUT);
  }

  /** Unanswered probes in a row that mark a provider down. */
  public int probeDownThreshold() {
    return values.get(Settings.PROBE_DOWN_THRESHOLD);
  }

  /** Answered probes in a row that mark a down provider up again. */
  public int probeUpThreshold() {
    return values.get(Settings.PROBE_UP_THRESHOLD);
  }

  /** How often statistics are written to the database and the other instances' statistics read back. */
  public Duration statsFlushInterval() {
    return values.get(Settings.STATS_FLUSH_INTERVAL);
  }

  /** Width of one window bucket. */
  public long bucketMillis() {
    return Math.max(1, window().toMillis() / WINDOW_BUCKETS);
  }

  public QualityConfig withWindow(Duration newWindow) {
    return new QualityConfig(values.with(Settings.QUALITY_WINDOW, newWindow));
  }

  public QualityConfig withMinSamples(int samples) {
    return new QualityConfig(values.with(Settings.QUALITY_MIN_SAMPLES, samples));
  }

  public QualityConfig withCircuit(int failureThreshold, Duration coolDown) {
    return new QualityConfig(
        values.with(Settings.CIRCUIT_FAILURE_THRESHOLD, failureThreshold).with(Settings.CIRCUIT_COOL_DOWN, coolDown));
  }

  public QualityConfig withProbing(Duration interval, Duration timeout, int downThreshold, int upThreshold) {
    return new QualityConfig(
        values
            .with(Settings.PROBE_INTERVAL, interval)
            .with(Settings.PROBE_TIMEOUT, timeout)
            .with(Settings.PROBE_DOWN_THRESHOLD, downThreshold)
            .with(Settings.PROBE_UP_THRESHOLD, upThreshold));
  }

  public QualityConfig withStatsFlushInterval(Duration interval) {
    return new QualityConfig(values.with(Settings.STATS_FLUSH_INTERVAL, interval));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QualityConfig other && values.equalIn(Group.QUALITY, other.values);
  }

  @Override
  public int hashCode() {
    return values.hashIn(Group.QUALITY);
  }

  @Override
  public String toString() {
    return "QualityConfig[" + values.describe(Group.QUALITY) + "]";
  }
}
