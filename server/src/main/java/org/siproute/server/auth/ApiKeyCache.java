package org.siproute.server.auth;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.domain.ApiKey;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.store.ApiKeyRepository;
import org.siproute.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every active API key in memory, by the SHA-256 of its secret, so that authenticating a call
 * is a hash and a map lookup, never a database round trip: RouteSelect is on the set-up path
 * of every call, and must keep answering while the database is down.
 *
 * <p>Staleness is bounded: the key revision (bumped by every key write) is polled every {@code
 * key-refresh-interval} and the table reloaded when it moved; a key write on this instance
 * reloads at once. A new key spreads to other instances, and a revocation takes effect there,
 * within one interval. While the database is unreachable the last table stays in force.
 */
public final class ApiKeyCache implements Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyCache.class);

  private record Table(long revision, Map<KeyDigest, Principal> byHash) {}

  private final Store store;
  private final Duration refreshInterval;
  private volatile Table table = new Table(Long.MIN_VALUE, Map.of());
  private ScheduledExecutorService poller;
  private boolean failing;

  @Inject
  ApiKeyCache(Store store, SecurityConfig security) {
    this.store = store;
    this.refreshInterval = security.keyRefreshInterval();
  }

  /** The principal of the active key whose secret hashes to {@code secretSha256}, or null. */
  Principal find(KeyDigest secretSha256) {
    return table.byHash().get(secretSha256);
  }

  /** Number of active keys known; for tests and diagnostics. */
  int size() {
    return table.byHash().size();
  }

  @Override
  public synchronized void start() {
    if (poller != null) {
      return;
    }
    try {
      reload();
    } catch (RuntimeException e) {
      failing = true;
      log.warn("cannot load API keys ({}); only the bootstrap key works until the database answers",
          e.getClass().getSimpleName());
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "api-key-refresh");
              t.setDaemon(true);
              return t;
            });
    long periodMs = refreshInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  /** Reloads the table now; called after a key write on this instance commits. */
  synchronized void reload() {
    // The revision is read before the keys, so the table is at least as new as the revision
    // it is filed under; a write in between is picked up by the next poll.
    long revision = store.read(db -> new ApiKeyRepository(db).revision());
    Map<KeyDigest, Principal> byHash = new HashMap<>();
    for (ApiKey key : store.read(db -> new ApiKeyRepository(db).active())) {
      Optional<Role> role = Role.fromStored(key.role());
      if (role.isEmpty()) {
        log.warn("API key {} has unknown role '{}'; refusing it", key.id(), key.role());
        continue;
      }
      byHash.put(KeyDigest.ofHex(key.secretSha256()), new Principal(key.id(), role.get(), key.customerId()));
    }
    table = new Table(revision, Map.copyOf(byHash));
  }

  private synchronized void poll() {
    try {
      if (store.read(db -> new ApiKeyRepository(db).revision()) != table.revision()) {
        reload();
      }
      if (failing) {
        failing = false;
        log.info("API keys reloaded; the database answers again");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("cannot refresh API keys ({}); the keys loaded last stay in force",
            e.getClass().getSimpleName());
      }
    }
  }
}
