package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.AttemptFailure;
import org.siproute.server.routing.QualityScores;

/**
 * Outcome statistics per provider, gateway and destination country calling code over the
 * sliding window: this instance's live counts, plus what other instances last flushed to the
 * database. Scores and status add up a provider's gateways (a handful at most).
 * Recording and scoring run on the call path: they take no lock and never touch the database.
 */
@Singleton
public final class ProviderStatistics implements QualityScores {
  private final Clock clock;
  private final QualityConfig config;
  /** By provider id, gateway address and calling code. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<Integer, OutcomeWindow>>> local =
      new ConcurrentHashMap<>();
  /**
   * Answered calls of known length per destination calling code, over every provider: what
   * LEAST_COST prices a call at when its policy leaves the length to statistics. A few hundred
   * calling codes at most, so never pruned; not flushed (the per-provider windows are, and other
   * instances add those up per country).
   */
  private final ConcurrentHashMap<Integer, OutcomeWindow> endedByCountry = new ConcurrentHashMap<>();
  private volatile RemoteStatistics remote = RemoteStatistics.EMPTY;

  @Inject
  ProviderStatistics(Clock clock, ServerConfig config) {
    this.clock = clock;
    this.config = config.quality();
  }

  /** An attempt's final outcome: a SIP code (0 when {@code failure} is set). */
  void recordOutcome(
      String providerId, String gateway, int callingCode, int sipCode, AttemptFailure failure, long postDialDelayMs) {
    OutcomeWindow.Bucket bucket = window(providerId, gateway, callingCode).bucket(clock.millis());
    bucket.add(Counter.ATTEMPTS, 1);
    bucket.add(Outcome.of(sipCode, failure).counter, 1);
    if (Outcome.isProviderFailure(sipCode, failure)) {
      bucket.add(Counter.PROVIDER_FAILURES, 1);
    }
    if (postDialDelayMs > 0) {
      bucket.add(Counter.POST_DIAL_DELAY_COUNT, 1);
      bucket.add(Counter.POST_DIAL_DELAY_SUM_MS, postDialDelayMs);
    }
    bucket.touch();
  }

  /** A Dial attempt whose caller went away before reporting its outcome. */
  void recordAbandoned(String providerId, String gateway, int callingCode) {
    OutcomeWindow.Bucket bucket = window(providerId, gateway, callingCode).bucket(clock.millis());
    bucket.add(Counter.ABANDONED, 1);
    bucket.touch();
  }

  /** An answered call ended after {@code durationMs}. */
  void recordCallEnded(String providerId, String gateway, int callingCode, long durationMs) {
    OutcomeWindow.Bucket bucket = window(providerId, gateway, callingCode).bucket(clock.millis());
    bucket.add(Counter.CALLS_ENDED, 1);
    bucket.add(Counter.DURATION_SUM_MS, durationMs);
    bucket.touch();
    OutcomeWindow.Bucket country =
        endedByCountry
            .computeIfAbsent(callingCode, c -> new OutcomeWindow(config.bucketMillis(), QualityConfig.WINDOW_BUCKETS))
            .bucket(clock.millis());
    country.add(Counter.CALLS_ENDED, 1);
    country.add(Counter.DURATION_SUM_MS, durationMs);
  }

  private OutcomeWindow window(String providerId, String gateway, int callingCode) {
    return local
        .computeIfAbsent(providerId, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(gateway, g -> new ConcurrentHashMap<>())
        .computeIfAbsent(callingCode, c -> new OutcomeWindow(config.bucketMillis(), QualityConfig.WINDOW_BUCKETS));
  }

  /**
   * The answer-seizure ratio of a provider for a destination country over the window, or NaN
   * below the minimum sample size. Reads atomics and immutable maps only.
   */
  @Override
  public double answerSeizureRatio(String providerId, int callingCode) {
    Counts other = remote.counts(providerId, callingCode);
    long attempts = other.get(Counter.ATTEMPTS);
    long answered = other.get(Counter.ANSWERED);
    Map<String, ConcurrentHashMap<Integer, OutcomeWindow>> gateways = local.get(providerId);
    if (gateways != null) {
      long now = clock.millis();
      for (Map<Integer, OutcomeWindow> destinations : gateways.values()) {
        OutcomeWindow window = destinations.get(callingCode);
        if (window != null) {
          attempts += window.sum(now, Counter.ATTEMPTS);
          answered += window.sum(now, Counter.ANSWERED);
        }
      }
    }
    return attempts >= config.minSamples() && attempts > 0 ? (double) answered / attempts : Double.NaN;
  }

  /**
   * The average length in seconds of answered calls to a destination country over the window
   * (every provider, every instance), or NaN while fewer than the minimum sample size of them
   * are known. Reads atomics and immutable maps only.
   */
  @Override
  public double averageCallSeconds(int callingCode) {
    Counts other = remote.country(callingCode);
    long calls = other.get(Counter.CALLS_ENDED);
    long durationMs = other.get(Counter.DURATION_SUM_MS);
    OutcomeWindow window = endedByCountry.get(callingCode);
    if (window != null) {
      long now = clock.millis();
      calls += window.sum(now, Counter.CALLS_ENDED);
      durationMs += window.sum(now, Counter.DURATION_SUM_MS);
    }
    return calls >= config.minSamples() && calls > 0 ? durationMs / 1000.0 / calls : Double.NaN;
  }

  /** True when {@code counts} are enough for the QUALITY strategy to trust their ratio. */
  boolean isScored(Counts counts) {
    return counts.get(Counter.ATTEMPTS) >= config.minSamples();
  }

  /** Counts over the window per destination calling code (local and remote), ascending. */
  Map<Integer, Counts> destinations(String providerId) {
    Map<Integer, Counts> out = new TreeMap<>(remote.destinations(providerId));
    Map<String, ConcurrentHashMap<Integer, OutcomeWindow>> gateways = local.get(providerId);
    if (gateways != null) {
      long now = clock.millis();
      gateways.values().forEach(
          destinations -> destinations.forEach((code, window) -> out.merge(code, window.sum(now), Counts::plus)));
    }
    out.values().removeIf(Counts::isZero);
    return out;
  }

  /** A gateway's counts over the window, every destination together (local and remote). */
  Counts gateway(String providerId, String gateway) {
    Counts out = remote.gateway(providerId, gateway);
    Map<String, ConcurrentHashMap<Integer, OutcomeWindow>> gateways = local.get(providerId);
    Map<Integer, OutcomeWindow> destinations = gateways == null ? null : gateways.get(gateway);
    if (destinations != null) {
      long now = clock.millis();
      for (OutcomeWindow window : destinations.values()) {
        out = out.plus(window.sum(now));
      }
    }
    return out;
  }

  // ---- persistence (StatisticsFlusher) ----

  /** A changed bucket of this instance, to be written. */
  record ChangedBucket(String providerId, String gateway, int callingCode, OutcomeWindow.BucketCounts bucket) {}

  /** The buckets changed since the last call; see {@link OutcomeWindow#takeChanged}. */
  List<ChangedBucket> takeChanged() {
    List<ChangedBucket> out = new ArrayList<>();
    local.forEach(
        (provider, gateways) ->
            gateways.forEach(
                (gateway, destinations) ->
                    destinations.forEach(
                        (code, window) -> {
                          for (OutcomeWindow.BucketCounts b : window.takeChanged()) {
                            out.add(new ChangedBucket(provider, gateway, code, b));
                          }
                        })));
    return out;
  }

  void replaceRemote(RemoteStatistics statistics) {
    remote = statistics;
  }

  /**
   * Forgets providers that no longer exist and windows with nothing left in them, so memory
   * follows the providers and countries in use rather than all ever seen. Lock-free like the
   * rest: an add racing with the removal of its idle window (one with no outcome for a whole
   * window) can be lost, which costs one count of a provider nobody had called for that long.
   */
  void prune(Set<String> existingProviders) {
    long now = clock.millis();
    local.keySet().retainAll(existingProviders);
    local.values().forEach(
        gateways -> gateways.values().forEach(destinations -> destinations.values().removeIf(w -> w.isIdle(now))));
  }

  long windowStartMillis(long nowMillis) {
    return nowMillis - config.window().toMillis();
  }
}
