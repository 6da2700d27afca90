package org.siproute.server.select;

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
import org.siproute.server.testing.TestKeys;

/** A real server (Guice wiring, gRPC in-process, H2 in memory or a given database) for tests. */
final class RoutingTestServer implements AutoCloseable {
  final com.google.inject.Injector injector;
  final SiprouteServer server;
  final ManagedChannel channel;
  final RouteAdminGrpc.RouteAdminBlockingStub admin;
  final RouteSelectGrpc.RouteSelectBlockingStub select;
  final RouteSelectGrpc.RouteSelectStub selectAsync;

  private RoutingTestServer(ServerConfig config) {
    String name = "routing-test-" + UUID.randomUUID();
    injector = Main.create(config.withInProcessName(name).withAdminKey(TestKeys.ADMIN_KEY), Clock.systemUTC());
    server = injector.getInstance(SiprouteServer.class);
    server.start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().intercept(TestKeys.adminInterceptor()).build();
    admin = RouteAdminGrpc.newBlockingStub(channel);
    select = RouteSelectGrpc.newBlockingStub(channel);
    selectAsync = RouteSelectGrpc.newStub(channel);
  }

  /** A server on a fresh in-memory H2 database. */
  static RoutingTestServer h2() {
    return onDatabase(freshH2Url(), Duration.ofSeconds(1), Duration.ofSeconds(120));
  }

  static String freshH2Url() {
    return "jdbc:h2:mem:" + UUID.randomUUID()
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
  }

  static RoutingTestServer onDatabase(String url, Duration pollInterval, Duration dialIdleTimeout) {
    ServerConfig config =
        ServerConfig.defaults()
            .withDatabase(url, url.startsWith("jdbc:h2:") ? "sa" : "root", "")
            .withPollInterval(pollInterval)
            .withDialIdleTimeout(dialIdleTimeout);
    return new RoutingTestServer(config);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.stop();
  }
}
