package org.siproute.server.api;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import jakarta.inject.Inject;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.store.DatabaseState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the standard gRPC health service reports, kept honest by the parts that know (the
 * server's start and stop, and the core's {@link DatabaseState}):
 *
 * <ul>
 *   <li>"" (the server) and {@code siproute.v1.RouteSelect}: SERVING from start until
 *       shutdown. Decisions come from the in-memory snapshot and keep working while the
 *       database is unreachable, so a load balancer must keep sending calls.
 *   <li>{@code siproute.v1.RouteAdmin}: SERVING while the database answers; NOT_SERVING while
 *       it does not (admin calls then fail with UNAVAILABLE), from the first failed revision
 *       poll to the first successful one.
 *   <li>Everything NOT_SERVING once shutdown begins, so that load balancers drain the instance
 *       during the grace period.
 * </ul>
 */
public final class ServiceHealth {
  private static final Logger log = LoggerFactory.getLogger(ServiceHealth.class);

  public static final String SERVER = "";
  public static final String ADMIN = RouteAdminGrpc.SERVICE_NAME;
  public static final String SELECT = RouteSelectGrpc.SERVICE_NAME;

  private final HealthStatusManager manager = new HealthStatusManager();
  private boolean started;
  private boolean stopping;
  private boolean databaseAnswers;

  @Inject
  ServiceHealth(DatabaseState database) {
    databaseAnswers = database.answers();
    database.onChange(this::databaseAnswers);
  }

  /** The grpc.health.v1.Health service. */
  public BindableService service() {
    return manager.getHealthService();
  }

  /** The server accepts calls: report every service. */
  public synchronized void started() {
    started = true;
    manager.setStatus(SERVER, ServingStatus.SERVING);
    manager.setStatus(SELECT, ServingStatus.SERVING);
    manager.setStatus(ADMIN, adminStatus());
  }

  /** Whether the database answered the latest attempt to reach it; called on every change. */
  private synchronized void databaseAnswers(boolean answers) {
    if (answers == databaseAnswers) {
      return;
    }
    databaseAnswers = answers;
    if (started && !stopping) {
      manager.setStatus(ADMIN, adminStatus());
      log.info("health: {} is {}", ADMIN, adminStatus());
    }
  }

  /** Shutdown began: NOT_SERVING everywhere, for good. */
  public synchronized void stopping() {
    stopping = true;
    manager.enterTerminalState();
  }

  private ServingStatus adminStatus() {
    return databaseAnswers ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }
}
