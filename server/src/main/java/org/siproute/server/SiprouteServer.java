package org.siproute.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.RecvByteBufAllocator;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.siproute.server.api.ConnectionLimits;
import org.siproute.server.api.GrpcServices;
import org.siproute.server.api.OpenStreams;
import org.siproute.server.api.RefusedRequests;
import org.siproute.server.api.ServiceHealth;
import org.siproute.server.api.TransportSecurity;
import org.siproute.server.api.TransportWarmup;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.demo.DemoData;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server and its lifecycle: {@link #start} starts the components ({@link Lifecycle}),
 * binds the port (or the in-process name), warms the transport up ({@link TransportWarmup}) and
 * reports SERVING; {@link #stop} drains and shuts
 * down in order (see there).
 */
public final class SiprouteServer {
  private static final Logger log = LoggerFactory.getLogger(SiprouteServer.class);

  private final ServerConfig config;
  private final GrpcServices services;
  private final List<Lifecycle> components;
  private final Database database;
  private final DemoData demo;
  private final TransportSecurity transportSecurity;
  private final ServiceHealth health;
  private final ConnectionLimits connectionLimits;
  private final OpenStreams openStreams;
  private final RefusedRequests refusedRequests;
  private final TransportWarmup warmup;
  private Server server;

  @Inject
  SiprouteServer(
      ServerConfig config,
      GrpcServices services,
      Set<Lifecycle> components,
      Database database,
      DemoData demo,
      TransportSecurity transportSecurity,
      ServiceHealth health,
      ConnectionLimits connectionLimits,
      OpenStreams openStreams,
      RefusedRequests refusedRequests,
      TransportWarmup warmup) {
    this.config = config;
    this.services = services;
    this.components = List.copyOf(components);
    this.database = database;
    this.demo = demo;
    this.transportSecurity = transportSecurity;
    this.health = health;
    this.connectionLimits = connectionLimits;
    this.openStreams = openStreams;
    this.refusedRequests = refusedRequests;
    this.warmup = warmup;
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
            : NettyServerBuilder.forAddress(
                    new InetSocketAddress(config.host(), config.port()),
                    // TLS or plaintext, with --max-connections and --first-request-timeout.
                    connectionLimits.credentials(transportSecurity.sslContext()))
                // Bounds what one connection can make this instance hold: a client that sends
                // faster than it reads its answers waits with its next calls on its own side.
                .maxConcurrentCallsPerConnection(config.limits().maxStreamsPerConnection())
                // One read per connection per turn of the event loop, of at most --max-read-bytes:
                // the answers to a read are flushed before the next read, instead of after up to
                // 16 reads of 64 KiB (Netty's default), thousands of calls later.
                .withChildOption(ChannelOption.RCVBUF_ALLOCATOR, readAllocator(config.limits().maxReadBytes()))
                .maxConnectionIdle(config.limits().maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS)
                // Refused with RESOURCE_EXHAUSTED before it is parsed (or buffered whole).
                .maxInboundMessageSize(config.limits().maxMessageBytes())
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                // Pings notice callers whose connection died, so their streams (and the call
                // slots they hold) are cancelled even while a connected call is silent.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS);
    // RouteSelect and health are answered on the transport threads; the admin rpcs, which may
    // block, are moved to the admin pool by RpcExecution: no executor hand-off on the decision
    // path, and gRPC's direct path for every call (no per-call executor choice, see RpcExecution).
    builder.directExecutor();
    builder.addStreamTracerFactory(refusedRequests);
    for (ServerServiceDefinition service : services.definitions()) {
      builder.addService(service);
    }
    try {
      server = builder.build().start();
    } catch (IOException e) {
      stopComponents();
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
    }
    if (config.inProcessName().isEmpty()) {
      // Calls that arrive meanwhile are served; health says SERVING only after it.
      warmup.run((InetSocketAddress) server.getListenSockets().get(0));
    }
    health.started();
    log.info(
        "siproute listening on {}",
        config.inProcessName().map(n -> "in-process:" + n).orElse(config.host() + ":" + port()));
  }

  /** Reads of at most {@code maxBytes}, one per connection per turn of the event loop. */
  static RecvByteBufAllocator readAllocator(int maxBytes) {
    AdaptiveRecvByteBufAllocator allocator =
        new AdaptiveRecvByteBufAllocator(64, Math.min(2048, maxBytes), maxBytes);
    allocator.maxMessagesPerRead(1);
    return allocator;
  }

  /** The bound port (useful with --port 0), or -1 in-process. */
  public int port() {
    return server == null || config.inProcessName().isPresent() ? -1 : server.getPort();
  }

  public ServiceHealth health() {
    return health;
  }

  /**
   * Shuts down in the order load balancers and callers need:
   *
   * <ol>
   *   <li>health turns NOT_SERVING (checks and Watch streams), while calls are still served for
   *       {@code --shutdown-drain}, so that load balancers move away without a refused call;
   *   <li>new calls are refused (UNAVAILABLE); health Watch streams, having said NOT_SERVING,
   *       are closed, as a watcher never ends its stream itself;
   *   <li>open calls (Dial streams) may finish within {@code --shutdown-grace}; whatever is
   *       still open then is named in the log and cancelled;
   *   <li>background work stops (the statistics flush a last time), and the database closes
   *       last.
   * </ol>
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long began = System.nanoTime();
    log.info("shutdown begins: health is NOT_SERVING; calls are still served for {} ms (--shutdown-drain), then refused, "
        + "and open calls get {} ms (--shutdown-grace)", config.shutdownDrain().toMillis(), config.shutdownGrace().toMillis());
    health.stopping();
    try {
      Thread.sleep(config.shutdownDrain().toMillis());
      server.shutdown();
      int watches = openStreams.closeHealthWatches();
      log.info("shutdown: new calls are refused; closed {} health Watch streams; open: {}", watches, openStreams.describe());
      if (!server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("shutdown: still open after the {} ms grace period, cancelling them: {}",
            config.shutdownGrace().toMillis(), openStreams.describe());
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    stopComponents();
    database.close();
    server = null;
    log.info("siproute stopped; shutdown took {} ms", (System.nanoTime() - began) / 1_000_000);
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
