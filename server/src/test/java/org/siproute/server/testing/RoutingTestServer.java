package org.siproute.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.Main;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;

/** A real server (Guice wiring, gRPC in-process, H2 in memory or a given database) for tests. */
public final class RoutingTestServer implements AutoCloseable {
  public final com.google.inject.Injector injector;
  public final SiprouteServer server;
  public final ManagedChannel channel;
  public final RouteAdminGrpc.RouteAdminBlockingStub admin;
  public final RouteSelectGrpc.RouteSelectBlockingStub select;
  public final RouteSelectGrpc.RouteSelectStub selectAsync;

  private RoutingTestServer(ServerConfig config, Clock clock) {
    String name = "routing-test-" + UUID.randomUUID();
    injector = Main.create(config.withInProcessName(name).withAdminKey(TestKeys.ADMIN_KEY), clock);
    server = injector.getInstance(SiprouteServer.class);
    server.start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().intercept(TestKeys.adminInterceptor()).build();
    admin = RouteAdminGrpc.newBlockingStub(channel);
    select = RouteSelectGrpc.newBlockingStub(channel);
    selectAsync = RouteSelectGrpc.newStub(channel);
  }

  /** A server on a fresh in-memory H2 database. */
  public static RoutingTestServer h2() {
    return onDatabase(freshH2Url(), Duration.ofSeconds(1), Duration.ofSeconds(120));
  }

  /** A private in-memory H2 database that outlives its connections (two server lifetimes). */
  public static String freshH2Url() {
    return "jdbc:h2:mem:" + UUID.randomUUID()
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
  }

  public static RoutingTestServer onDatabase(String url, Duration pollInterval, Duration dialIdleTimeout) {
    return start(config(url).withPollInterval(pollInterval).withDialIdleTimeout(dialIdleTimeout), Clock.systemUTC());
  }

  /** The default configuration on the database at {@code url}, to adjust before {@link #start}. */
  public static ServerConfig config(String url) {
    return ServerConfig.defaults().withDatabase(url, "", "");
  }

  /** A server with this configuration and clock (e.g. a {@link MutableClock}). */
  public static RoutingTestServer start(ServerConfig config, Clock clock) {
    return new RoutingTestServer(config, clock);
  }

  public <T> T instance(Class<T> type) {
    return injector.getInstance(type);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.stop();
  }
}
