package org.siproute.server.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.store.AuditRepository;
import org.siproute.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the audit trail to {@code --audit-retention}: without it the table grows with every
 * admin write for as long as the service runs. Every instance prunes (hourly, and once shortly
 * after start); they delete the same old rows, which is harmless. Deletes go in small batches,
 * each its own statement, so that admin writes appending to the table never wait long behind
 * them, and a database outage only postpones the pruning to the next hour.
 */
@Singleton
public final class AuditRetention implements Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
  static final int BATCH = 1_000;
  private static final Duration EVERY = Duration.ofHours(1);
  private static final Duration FIRST_AFTER = Duration.ofMinutes(1);

  private final Store store;
  private final Clock clock;
  private final Duration retention;
  private ScheduledExecutorService scheduler;

  @Inject
  AuditRetention(Store store, Clock clock, ServerConfig config) {
    this.store = store;
    this.clock = clock;
    this.retention = config.auditRetention();
  }

  @Override
  public synchronized void start() {
    if (retention.isZero() || scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "audit-retention");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(this::pruneQuietly, FIRST_AFTER.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /** Deletes every event older than the retention; returns how many. Zero retention keeps all. */
  public long pruneNow() {
    if (retention.isZero()) {
      return 0;
    }
    long before = clock.millis() - retention.toMillis();
    long deleted = 0;
    int batch;
    do {
      batch = store.read(db -> new AuditRepository(db).deleteBefore(before, BATCH));
      deleted += batch;
    } while (batch == BATCH && !Thread.currentThread().isInterrupted());
    return deleted;
  }

  private void pruneQuietly() {
    try {
      long deleted = pruneNow();
      if (deleted > 0) {
        log.info("deleted {} audit events older than {} (--audit-retention)", deleted, retention);
      }
    } catch (RuntimeException e) {
      // The database may be away; the next run catches up. Not worth a stack trace.
      log.warn("audit retention: could not delete old audit events, will retry in {}: {}", EVERY, e.getClass().getSimpleName());
    }
  }
}
