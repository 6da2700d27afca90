package org.siproute.server.testing;

import com.google.inject.Injector;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.Main;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;

/**
 * The whole server, wired by {@link Main#create}, over a fresh in-memory H2 database and an
 * in-process transport, for tests of keys and roles. It accepts {@link #ADMIN_KEY} as the bootstrap ADMIN key; {@link
 * #channel()} sends it with every call, {@link #channel(String)} another key, {@link
 * #anonymousChannel()} none.
 */
public final class AuthTestServer implements AutoCloseable {
  /** The bootstrap ADMIN key of every test server. */
  public static final String ADMIN_KEY = TestKeys.ADMIN_KEY;

  private final String name;
  private final ServerConfig config;
  private final Injector injector;
  private final SiprouteServer server;
  private final ManagedChannel channel;

  private AuthTestServer(ServerConfig config) {
    this.name = config.inProcessName().orElseThrow();
    this.config = config;
    this.injector = Main.create(config, Clock.systemUTC());
    this.server = injector.getInstance(SiprouteServer.class);
    server.start();
    this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** A fresh in-memory H2 URL; servers given the same URL share one database. */
  public static String newH2Url() {
    return "jdbc:h2:mem:" + UUID.randomUUID()
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
  }

  /** The test configuration: fresh H2, bootstrap key {@link #ADMIN_KEY}, in-process. */
  public static ServerConfig testConfig() {
    return ServerConfig.defaults()
        .withDatabase(newH2Url(), "sa", "")
        .withAdminKey(ADMIN_KEY)
        .withInProcessName("siproute-test-" + UUID.randomUUID());
  }

  public static AuthTestServer start() {
    return new AuthTestServer(testConfig());
  }

  /**
   * Starts with {@code base} as it is (e.g. parsed from flags, with or without an admin key),
   * on a fresh H2 database and in-process.
   */
  public static AuthTestServer startWith(ServerConfig base) {
    return new AuthTestServer(
        base.withDatabase(newH2Url(), "sa", "").withInProcessName("siproute-test-" + UUID.randomUUID()));
  }

  /** Starts with the test configuration changed by {@code customize}. */
  public static AuthTestServer start(UnaryOperator<ServerConfig> customize) {
    ServerConfig config = customize.apply(testConfig());
    if (config.inProcessName().isEmpty()) {
      config = config.withInProcessName("siproute-test-" + UUID.randomUUID());
    }
    return new AuthTestServer(config);
  }

  public ServerConfig config() {
    return config;
  }

  public Injector injector() {
    return injector;
  }

  public SiprouteServer server() {
    return server;
  }

  /** Calls as the bootstrap ADMIN. */
  public Channel channel() {
    return channel(ADMIN_KEY);
  }

  /** Calls with {@code apiKey}. */
  public Channel channel(String apiKey) {
    return ClientInterceptors.intercept(channel, TestKeys.interceptor(apiKey));
  }

  /** Calls without any key. */
  public Channel anonymousChannel() {
    return channel;
  }

  public RouteAdminGrpc.RouteAdminBlockingStub admin() {
    return RouteAdminGrpc.newBlockingStub(channel());
  }

  public RouteAdminGrpc.RouteAdminBlockingStub admin(String apiKey) {
    return RouteAdminGrpc.newBlockingStub(channel(apiKey));
  }

  public RouteSelectGrpc.RouteSelectBlockingStub select(String apiKey) {
    return RouteSelectGrpc.newBlockingStub(channel(apiKey));
  }

  /** Creates a key through the API (as the bootstrap ADMIN) and returns its secret. */
  public String createKey(Role role, String customerId) {
    return admin()
        .createApiKey(
            CreateApiKeyRequest.newBuilder()
                .setApiKey(ApiKey.newBuilder().setRole(role).setCustomerId(customerId).setName(role + " key for tests"))
                .build())
        .getSecret();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
  }
}
