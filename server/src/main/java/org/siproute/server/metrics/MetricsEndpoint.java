package org.siproute.server.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.quality.CircuitState;
import org.siproute.server.quality.ProviderStatuses;
import org.siproute.server.routing.RoutingSnapshots;
import org.siproute.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Prometheus text format on --metrics-port (off when 0), on the server's host, and
 * wires the gauges that are read at scrape time: snapshot, calls, circuits, database pool (the
 * Dial stream count is registered by its owner).
 */
@Singleton
public final class MetricsEndpoint implements Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final ServerConfig config;
  private final Metrics metrics;
  private HTTPServer http;

  @Inject
  MetricsEndpoint(
      ServerConfig config,
      Metrics metrics,
      RoutingSnapshots snapshots,
      ProviderStatuses statuses,
      Database database,
      Clock clock) {
    this.config = config;
    this.metrics = metrics;
    metrics.gauge("siproute_snapshot_revision", "Routing revision that decisions use now",
        cb -> cb.call(snapshots.revision()));
    metrics.gauge("siproute_snapshot_age_seconds", "Time since the routing snapshot was last confirmed current",
        cb -> cb.call(Math.max(0, clock.millis() - snapshots.lastConfirmedMillis()) / 1000.0));
    metrics.gauge("siproute_snapshot_build_seconds", "How long the last snapshot rebuild took",
        cb -> cb.call(snapshots.lastBuildMillis() / 1000.0));
    metrics.gauge("siproute_snapshot_stale", "1 while the snapshot cannot be refreshed (database unreachable)",
        cb -> cb.call(snapshots.isStale() ? 1 : 0));
    metrics.gauge("siproute_provider_active_calls", "Calls holding a slot of the provider on this instance",
        cb -> statuses.providerIds().forEach(id -> cb.call(statuses.activeCalls(id), id)), "provider");
    metrics.gauge("siproute_provider_circuit_state", "Circuit of the provider: 0 closed, 1 half-open, 2 open",
        cb -> statuses.providerIds().forEach(id -> cb.call(circuitValue(statuses.circuitState(id)), id)), "provider");
    if (database.dataSource() instanceof HikariDataSource hikari) {
      metrics.gauge("siproute_db_pool_connections", "Database pool connections by state",
          cb -> {
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            if (pool != null) {
              cb.call(pool.getActiveConnections(), "active");
              cb.call(pool.getIdleConnections(), "idle");
              cb.call(pool.getThreadsAwaitingConnection(), "waiting");
            }
          },
          "state");
    }
  }

  private static double circuitValue(CircuitState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  @Override
  public void start() {
    if (config.metricsPort() == 0) {
      return;
    }
    JvmMetrics.builder().register(metrics.registry());
    try {
      http = HTTPServer.builder().hostname(config.host()).port(config.metricsPort()).registry(metrics.registry()).buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + config.host() + ":" + config.metricsPort(), e);
    }
    log.info("metrics on http://{}:{}/metrics", config.host(), http.getPort());
  }

  /** The bound metrics port, or -1 when metrics are off. */
  public int port() {
    return http == null ? -1 : http.getPort();
  }

  @Override
  public void stop() {
    if (http != null) {
      http.close();
      http = null;
    }
  }
}
