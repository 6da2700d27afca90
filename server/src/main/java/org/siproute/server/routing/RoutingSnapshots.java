package org.siproute.server.routing;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.siproute.server.store.ChangeLogRepository;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.Provider;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.store.DatabaseState;
import org.siproute.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current routing snapshot and keeps it fresh. One thread does all rebuilds, so only
 * one runs at a time and decisions never wait for one: they read the last complete snapshot.
 * The thread polls the revision at the configured interval (other instances' writes) and
 * catches up at once when a local write asks for it (read-your-writes). Catching up patches the
 * snapshot with what the change log says changed ({@link SnapshotPatcher}), and loads it whole
 * ({@link SnapshotLoader}) only when the log cannot say (at start, after a gap, for a change of
 * everything). The polls also keep the log bounded: entries more than {@link #LOG_KEPT}
 * revisions old are deleted. While the database is unreachable, the last snapshot stays in
 * service, and each poll tells {@link DatabaseState} whether the database answered.
 */
@Singleton
public final class RoutingSnapshots implements SnapshotSource, SnapshotRefresher, Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(RoutingSnapshots.class);
  private static final Duration WRITE_WAIT_LIMIT = Duration.ofSeconds(30);
  /**
   * How many revisions of the change log are kept: an instance that falls further behind (down
   * for a while) loads its snapshot whole, which it would rather do by then anyway.
   */
  static final long LOG_KEPT = 10_000;
  /** The log is pruned when the revision has moved this far since the last pruning. */
  private static final long PRUNE_EVERY = 100;

  private final Store store;
  private final DatabaseState database;
  private final SnapshotLoader loader;
  private final SnapshotPatcher patcher;
  private final AtomicLong patches = new AtomicLong();
  private final AtomicLong fullLoads = new AtomicLong();
  private long prunedAt;
  private final Duration pollInterval;
  private volatile Snapshot current;
  private volatile boolean failing;
  /** When the snapshot was last known to match the database (a successful poll or rebuild). */
  private volatile long lastConfirmedMillis = System.currentTimeMillis();
  private ScheduledExecutorService refresher;

  @Inject
  RoutingSnapshots(Store store, ServerConfig config, DatabaseState database) {
    this.store = store;
    this.database = database;
    this.loader = new SnapshotLoader(store, config.currency());
    this.patcher = new SnapshotPatcher(store, config.currency());
    this.pollInterval = config.pollInterval();
  }

  /** The snapshot decisions use now. */
  @Override
  public Snapshot current() {
    Snapshot s = current;
    if (s == null) {
      throw new IllegalStateException("routing snapshot not loaded yet");
    }
    return s;
  }

  /** A provider of the current snapshot, or null when there is none with this id. */
  public Provider provider(String id) {
    ProviderView view = current().providers.get(id);
    return view == null ? null : view.provider;
  }

  /** Every provider of the current snapshot, in no particular order. */
  public List<Provider> providers() {
    List<ProviderView> views = current().providers.all();
    List<Provider> out = new ArrayList<>(views.size());
    for (ProviderView view : views) {
      out.add(view.provider);
    }
    return out;
  }

  public long revision() {
    return current().revision;
  }

  /** Milliseconds the last complete rebuild took. */
  public long lastBuildMillis() {
    return current().buildMillis;
  }

  public long lastConfirmedMillis() {
    return lastConfirmedMillis;
  }

  /** True while polling or rebuilding fails (e.g. the database is unreachable). */
  public boolean isStale() {
    return failing;
  }

  /** How many times the snapshot was patched from the change log since start. */
  public long patchCount() {
    return patches.get();
  }

  /** How many times the snapshot was loaded whole since start, the first load included. */
  public long fullLoadCount() {
    return fullLoads.get();
  }

  @Override
  public void start() {
    Snapshot first = loader.load(null);
    current = first;
    fullLoads.incrementAndGet();
    log.info(
        "routing snapshot r{} loaded in {} ms ({}): {} providers, {} routes, {} rate prefixes",
        first.revision, first.buildMillis, loader.lastParts(), first.providers.size(), first.routeCount,
        first.rateCount());
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "routing-snapshot");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        this::refreshIfChanged, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }

  @Override
  public void awaitRevision(long revision) {
    if (current().revision >= revision) {
      return;
    }
    // The refresher runs one task at a time, so this one starts after any rebuild in progress
    // and reads a revision at least as new as the write's. Waiting for it, rather than for the
    // revision itself, returns at once when the database has just become unreachable: the
    // write is committed all the same, and polling catches up when the database answers.
    try {
      refresher.submit(this::refreshIfChanged).get(WRITE_WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      // Logged below; the write itself has been committed.
    }
    if (current.revision < revision) {
      log.warn("routing snapshot is not at r{} yet; decisions on this instance lag the write until a poll succeeds",
          revision);
    }
  }

  /** Rebuilds now, whatever the revision says (used by tests and after recovery). */
  public void refreshNow() {
    try {
      refresher.submit(this::rebuild).get();
    } catch (Exception e) {
      throw new IllegalStateException("snapshot rebuild failed", e);
    }
  }

  private void refreshIfChanged() {
    Store.Revisions revisions;
    try {
      revisions = store.revisions();
    } catch (RuntimeException e) {
      database.answered(false);
      failed(e);
      return;
    }
    database.answered(true);
    try {
      if (revisions.revision() != current.revision) {
        catchUp(revisions);
      }
      lastConfirmedMillis = System.currentTimeMillis();
      if (failing) {
        failing = false;
        log.info("routing configuration reachable again at r{}", current.revision);
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    if (!failing) {
      failing = true;
      log.warn("cannot refresh the routing snapshot; deciding from r{} until the database answers: {}",
          current.revision, e.getClass().getSimpleName());
    }
  }

  /** Patches the snapshot up to {@code revisions}, or loads it whole when the log cannot say. */
  private void catchUp(Store.Revisions revisions) {
    SnapshotPatcher.Result patched = patcher.patch(current, revisions);
    if (patched.snapshot() != null) {
      current = patched.snapshot();
      patches.incrementAndGet();
      log.debug("routing snapshot patched to r{} in {} ms", current.revision, current.buildMillis);
    } else {
      log.info("routing snapshot r{} -> r{}: loading it whole, because {}",
          current.revision, revisions.revision(), patched.declined());
      rebuild();
    }
    prune(revisions.revision());
  }

  private void prune(long revision) {
    if (revision - prunedAt < PRUNE_EVERY || revision <= LOG_KEPT) {
      return;
    }
    prunedAt = revision;
    int deleted = store.read(db -> new ChangeLogRepository(db).pruneUpTo(revision - LOG_KEPT));
    log.debug("change log pruned up to r{}: {} entries", revision - LOG_KEPT, deleted);
  }

  private void rebuild() {
    Snapshot next = loader.load(current);
    current = next;
    fullLoads.incrementAndGet();
    log.debug("routing snapshot r{} built in {} ms ({})", next.revision, next.buildMillis, loader.lastParts());
  }
}
