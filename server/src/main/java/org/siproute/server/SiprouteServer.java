package org.siproute.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.siproute.server.admin.RouteAdminService;
import org.siproute.server.auth.AuthInterceptor;
import org.siproute.server.auth.TransportSecurity;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.demo.DemoData;
import org.siproute.server.metrics.MetricsInterceptor;
import org.siproute.server.error.MalformedRequests;
import org.siproute.server.health.ServiceHealth;
import org.siproute.server.select.RouteSelectService;
import org.siproute.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server and its lifecycle: {@link #start} binds the port (or the in-process name)
 * and reports SERVING; {@link #stop} reports NOT_SERVING, lets calls in flight finish within
 * the grace period, then closes the database.
 */
public final class SiprouteServer {
  private static final Logger log = LoggerFactory.getLogger(SiprouteServer.class);

  private final ServerConfig config;
  private final List<BindableService> services;
  private final List<Lifecycle> components;
  private final Database database;
  private final DemoData demo;
  private final AuthInterceptor auth;
  private final TransportSecurity transportSecurity;
  private final MetricsInterceptor metricsInterceptor;
  private final ServiceHealth health;
  private Server server;

  /** A component with its own threads, started before and stopped after the server. */
  public interface Lifecycle {
    void start();

    void stop();
  }

  @Inject
  SiprouteServer(
      ServerConfig config,
      RouteAdminService admin,
      RouteSelectService select,
      java.util.Set<Lifecycle> components,
      Database database,
      DemoData demo,
      AuthInterceptor auth,
      TransportSecurity transportSecurity,
      MetricsInterceptor metricsInterceptor,
      ServiceHealth health) {
    this.config = config;
    this.services = List.of(admin, select);
    this.components = List.copyOf(components);
    this.database = database;
    this.demo = demo;
    this.auth = auth;
    this.transportSecurity = transportSecurity;
    this.metricsInterceptor = metricsInterceptor;
    this.health = health;
  }

  public synchronized void start() {
    components.forEach(Lifecycle::start);
    if (config.demo()) {
      // Before the port opens, so that the first call already sees the demo data; after the
      // components, so that the routing snapshot follows the writes as it does for any admin.
      try {
        demo.loadIfEmpty();
      } catch (RuntimeException e) {
        stopComponents();
        throw e;
      }
    }
    ServerBuilder<?> builder =
        config.inProcessName().isPresent()
            ? InProcessServerBuilder.forName(config.inProcessName().get())
            : NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                // Refused with RESOURCE_EXHAUSTED before it is parsed (or buffered whole).
                .maxInboundMessageSize(config.limits().maxMessageBytes())
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                // Pings notice callers whose connection died, so their streams (and the call
                // slots they hold) are cancelled even while a connected call is silent.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .sslContext(transportSecurity.sslContext().orElse(null)); // null: plaintext
    List<BindableService> all = new ArrayList<>(services);
    all.add(ProtoReflectionServiceV1.newInstance());
    all.add(health.service());
    // Every service is registered in this one loop, so that whatever is added later is
    // protected too: authentication (health and reflection are let through by it) inside a
    // guard that refuses malformed request bytes as INVALID_ARGUMENT instead of gRPC's UNKNOWN.
    // The metrics interceptor is outermost: it also times and counts calls that auth refuses.
    for (BindableService service : all) {
      builder.addService(MalformedRequests.refusedAsInvalid(ServerInterceptors.intercept(ServerInterceptors.intercept(service, auth), metricsInterceptor)));
    }
    try {
      server = builder.build().start();
    } catch (IOException e) {
      stopComponents();
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
    }
    health.started();
    log.info(
        "siproute listening on {}",
        config.inProcessName().map(n -> "in-process:" + n).orElse(config.host() + ":" + port()));
  }

  /** The bound port (useful with --port 0), or -1 in-process. */
  public int port() {
    return server == null || config.inProcessName().isPresent() ? -1 : server.getPort();
  }

  public ServiceHealth health() {
    return health;
  }

  public synchronized void stop() {
    if (server == null) {
      return;
    }
    // Refuse new calls first, then tell watchers: whoever sees NOT_SERVING can rely on new
    // calls being turned away (open Watch streams still get the change).
    server.shutdown();
    health.stopping();
    try {
      if (!server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("calls still open after the {} grace period; cancelling them", config.shutdownGrace());
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    stopComponents();
    database.close();
    server = null;
    log.info("siproute stopped");
  }

  private void stopComponents() {
    for (int i = components.size() - 1; i >= 0; i--) {
      components.get(i).stop();
    }
  }

  public void awaitTermination() throws InterruptedException {
    Server s;
    synchronized (this) {
      s = server;
    }
    if (s != null) {
      s.awaitTermination();
    }
  }
}
