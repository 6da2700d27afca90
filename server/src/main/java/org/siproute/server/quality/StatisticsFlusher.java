package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.Provider;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.routing.RoutingSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares outcome statistics through the database. Every flush interval it writes this
 * instance's changed buckets under its own instance id, then reads back the sums of every
 * other instance id within the window; at start it reads first, so a restarted instance (which
 * gets a new id) counts what its previous life flushed, and at stop it flushes a last time.
 * While the database is unreachable, unwritten buckets wait for the next flush and the last
 * view of other instances stays in use. Also forgets the state of deleted providers.
 */
@Singleton
public final class StatisticsFlusher implements Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(StatisticsFlusher.class);

  private final ProviderStatistics statistics;
  private final CircuitBreakers circuits;
  private final CallSlots slots;
  private final StatisticsStore store;
  private final RoutingSnapshots snapshots;
  private final Clock clock;
  private final QualityConfig config;
  private final String instanceId = newInstanceId();
  /** Buckets taken from the windows and not yet written, by provider, code and bucket start. */
  private final Map<String, ProviderStatistics.ChangedBucket> unwritten = new LinkedHashMap<>();
  private ScheduledExecutorService scheduler;
  private boolean failing;

  @Inject
  StatisticsFlusher(
      ProviderStatistics statistics,
      CircuitBreakers circuits,
      CallSlots slots,
      StatisticsStore store,
      RoutingSnapshots snapshots,
      Clock clock,
      ServerConfig config) {
    this.statistics = statistics;
    this.circuits = circuits;
    this.slots = slots;
    this.store = store;
    this.snapshots = snapshots;
    this.clock = clock;
    this.config = config.quality();
  }

  /** This process's id in provider_statistics: new at every start, so lives never collide. */
  public String instanceId() {
    return instanceId;
  }

  @Override
  public void start() {
    flushNow();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "statistics-flush");
              t.setDaemon(true);
              return t;
            });
    long every = config.statsFlushInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::flushNow, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
      flushNow();
    }
  }

  /**
   * Writes what changed, deletes what is too old, reads the others' sums and prunes state of
   * deleted providers. Runs on the flush thread, or at start and stop; never on the call path.
   */
  public synchronized void flushNow() {
    long now = clock.millis();
    long bucket = config.bucketMillis();
    long windowStart = (Math.floorDiv(now, bucket) - QualityConfig.WINDOW_BUCKETS + 1) * bucket;
    for (ProviderStatistics.ChangedBucket b : statistics.takeChanged()) {
      unwritten.put(
          b.providerId() + '\u001f' + b.gateway() + '\u001f' + b.callingCode() + '\u001f' + b.bucket().startMillis(), b);
    }
    unwritten.values().removeIf(b -> b.bucket().startMillis() < windowStart);
    try {
      store.write(instanceId, List.copyOf(unwritten.values()), now);
      unwritten.clear();
      store.deleteBefore(windowStart - config.window().toMillis());
      statistics.replaceRemote(store.readOthers(instanceId, windowStart));
      if (failing) {
        failing = false;
        log.info("provider statistics are shared through the database again");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("cannot share provider statistics through the database; keeping {} buckets for later: {}",
            unwritten.size(), e.getClass().getSimpleName());
      }
    }
    prune();
  }

  private void prune() {
    Map<String, Set<String>> existing = new HashMap<>();
    for (Provider p : snapshots.providers()) {
      Set<String> gateways = new HashSet<>();
      for (Gateway g : p.effectiveGateways()) {
        gateways.add(g.address());
      }
      existing.put(p.id(), gateways);
    }
    statistics.prune(existing.keySet());
    circuits.prune(existing);
    slots.prune(existing.keySet());
  }

  private static String newInstanceId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "siproute").replaceAll("[^A-Za-z0-9._-]", "");
    if (host.isEmpty()) {
      host = "siproute";
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return (host.length() > 40 ? host.substring(0, 40) : host) + "-" + HexFormat.of().formatHex(random);
  }
}
