package org.siproute.server.api;

import io.grpc.ServerCredentials;
import io.grpc.internal.ObjectPool;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import io.grpc.netty.shaded.io.netty.util.concurrent.ScheduledFuture;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on the network connections themselves, so that clients which connect and then do
 * nothing cannot hold the server's memory and file descriptors (each HTTP/2 connection costs
 * tens of KiB and a descriptor; at the descriptor limit, accept fails for everyone):
 *
 * <ul>
 *   <li>{@code --max-connections}: a connection accepted while that many are open is closed at
 *       once, before any HTTP/2 or TLS work, and counted in {@code
 *       siproute_connections_refused_total};
 *   <li>{@code --first-request-timeout}: a connection that has not started a single call within
 *       that time of connecting (a TLS handshake that never ends included) is closed, and counted
 *       in {@code siproute_connections_timed_out_total};
 *   <li>{@code --max-connection-idle} (applied by gRPC itself, see {@code SiprouteServer}): a
 *       connection with no call in flight for that long is closed gracefully (GOAWAY).
 * </ul>
 *
 * <p>It sits in the connection's set-up: gRPC asks a protocol negotiator (plaintext or TLS) for
 * the first handler of each new connection; the negotiator here counts the connection, applies
 * the two rules, and hands over to the standard negotiator's handler, so nothing of it stays on
 * the connection's data path. Whether a call was started is read from the HTTP/2 connection
 * state when the timer fires, so calls pay nothing for the rule.
 */
public final class ConnectionLimits {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final int maxConnections;
  private final Duration firstRequestTimeout;
  private final AtomicInteger open = new AtomicInteger();
  private final CounterDataPoint refused;
  private final CounterDataPoint timedOut;
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

  @Inject
  ConnectionLimits(ServerConfig config, Metrics metrics) {
    LimitsConfig limits = config.limits();
    this.maxConnections = limits.maxConnections();
    this.firstRequestTimeout = limits.firstRequestTimeout();
    this.refused = metrics.connectionsRefused();
    this.timedOut = metrics.connectionsTimedOut();
    metrics.gauge("siproute_connections_open", "Network connections open on the gRPC port", cb -> cb.call(open.get()));
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }

  /** The credentials of the gRPC listener: TLS with {@code sslContext}, else plaintext, under these limits. */
  public ServerCredentials credentials(Optional<SslContext> sslContext) {
    return InternalNettyServerCredentials.create(
        (InternalProtocolNegotiator.ServerFactory)
            (ObjectPool<? extends Executor> offloadExecutors) ->
                new Negotiator(
                    sslContext.isPresent()
                        ? InternalProtocolNegotiators.serverTls(sslContext.get())
                        : InternalProtocolNegotiators.serverPlaintext()));
  }

  /** The standard negotiator, with this class's handler first on every new connection. */
  private final class Negotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private final InternalProtocolNegotiator.ProtocolNegotiator standard;

    Negotiator(InternalProtocolNegotiator.ProtocolNegotiator standard) {
      this.standard = standard;
    }

    @Override
    public AsciiString scheme() {
      return standard.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
      return new Admission(grpcHandler, standard.newHandler(grpcHandler));
    }

    @Override
    public void close() {
      standard.close();
    }
  }

  /** Runs once per connection as it is set up, then replaces itself with the standard handler. */
  private final class Admission extends ChannelHandlerAdapter {
    private final GrpcHttp2ConnectionHandler grpcHandler;
    private final ChannelHandler standard;

    Admission(GrpcHttp2ConnectionHandler grpcHandler, ChannelHandler standard) {
      this.grpcHandler = grpcHandler;
      this.standard = standard;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      Channel channel = ctx.channel();
      ctx.pipeline().replace(this, null, standard);
      if (open.incrementAndGet() > maxConnections) {
        open.decrementAndGet();
        refuse(channel);
        return;
      }
      // Closing through the pipeline's tail would let gRPC's HTTP/2 handler close gracefully:
      // GOAWAY, then a PING the peer is waited for (up to 10 s). A connection that never started
      // a call is owed none of that: it is closed from a context ahead of the HTTP/2 handler.
      // The handler of that context handles no event, so the connection's traffic skips it.
      ChannelHandler socketEnd = new ChannelHandlerAdapter() {};
      ctx.pipeline().addFirst(socketEnd);
      ChannelHandlerContext beforeHttp2 = ctx.pipeline().context(socketEnd);
      ScheduledFuture<?> firstRequestCheck =
          channel.eventLoop()
              .schedule(() -> closeIfUnused(beforeHttp2), firstRequestTimeout.toNanos(), TimeUnit.NANOSECONDS);
      channel.closeFuture().addListener(closed -> {
        open.decrementAndGet();
        firstRequestCheck.cancel(false);
      });
    }

    private void closeIfUnused(ChannelHandlerContext beforeHttp2) {
      // The last stream id the client opened: 0 while it has not started any call.
      if (beforeHttp2.channel().isOpen() && grpcHandler.connection().remote().lastStreamCreated() == 0) {
        timedOut.inc();
        beforeHttp2.close();
      }
    }
  }

  private void refuse(Channel channel) {
    refused.inc();
    refusedSinceLog.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLogNanos.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
      log.warn(
          "refused {} connections in the last {} s: --max-connections {} are open (latest from {}); see "
              + "siproute_connections_refused_total",
          refusedSinceLog.getAndSet(0), Math.max(1, TimeUnit.NANOSECONDS.toSeconds(now - last)), maxConnections,
          channel.remoteAddress());
    }
    channel.close();
  }
}
