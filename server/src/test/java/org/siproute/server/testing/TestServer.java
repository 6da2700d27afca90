package org.siproute.server.testing;

import com.google.inject.Injector;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.server.Main;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;

/**
 * A siproute server wired exactly as {@link Main} wires it, serving in-process on a private
 * name, over a {@link TestDatabase}, with a channel to it. Closing it stops the server (and
 * drops the database it owns).
 */
public final class TestServer implements AutoCloseable {
  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final Injector injector;
  private final SiprouteServer server;
  private final ManagedChannel channel;
  private final String name;
  private final java.util.List<ManagedChannel> keyChannels = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TestServer(
      String name, TestDatabase database, boolean ownsDatabase, Injector injector, SiprouteServer server, ManagedChannel channel) {
    this.name = name;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.injector = injector;
    this.server = server;
    this.channel = channel;
  }

  /** Starts a server on {@code database} with the default configuration; owns the database. */
  public static TestServer start(TestDatabase database) {
    return start(database, ServerConfig.defaults(), true);
  }

  /**
   * Starts a server on {@code database} with {@code base} (e.g. parsed from {@code --demo}).
   * When {@code ownsDatabase}, closing the server drops the database; otherwise the database
   * outlives the server, so that a test can start another server on the same data.
   */
  public static TestServer start(TestDatabase database, ServerConfig base, boolean ownsDatabase) {
    String name = "siproute-test-" + UUID.randomUUID();
    try {
      ServerConfig config = base.withDatabase(database.url(), "", "").withInProcessName(name).withAdminKey(TestKeys.ADMIN_KEY);
      Injector injector = Main.create(config, Clock.systemUTC());
      SiprouteServer server = injector.getInstance(SiprouteServer.class);
      server.start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().intercept(TestKeys.adminInterceptor()).build();
      return new TestServer(name, database, ownsDatabase, injector, server, channel);
    } catch (RuntimeException | Error e) {
      if (ownsDatabase) {
        database.close();
      }
      throw e;
    }
  }

  public RouteAdminGrpc.RouteAdminBlockingStub admin() {
    return RouteAdminGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** A channel to this server that sends {@code key} with every call; closed with the server. */
  public ManagedChannel channelWithKey(String key) {
    ManagedChannel keyed = InProcessChannelBuilder.forName(name).directExecutor().intercept(TestKeys.interceptor(key)).build();
    keyChannels.add(keyed);
    return keyed;
  }

  public SiprouteServer server() {
    return server;
  }

  public Injector injector() {
    return injector;
  }

  public TestDatabase database() {
    return database;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    keyChannels.forEach(ManagedChannel::shutdownNow);
    try {
      server.stop();
    } finally {
      if (ownsDatabase) {
        database.close();
      }
    }
  }
}
