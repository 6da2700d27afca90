package org.siproute.server.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.siproute.client.SiprouteClient;
import org.siproute.server.Main;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;

/**
 * A real server on a free loopback port over a fresh H2 database, for tests that talk to it
 * the way outside clients do (the Java client, Node.js, the CSV tool, sipp, curl), with a
 * client that holds the test admin key.
 */
public final class LoopbackServer implements AutoCloseable {
  private final TestDatabase database = TestDatabase.h2();
  private final com.google.inject.Injector injector;
  private final SiprouteServer server;
  private final SiprouteClient client;

  /** Starts a server; {@code extraFlags} are added to the command line (e.g. --metrics-port). */
  public LoopbackServer(String... extraFlags) {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--db-url", database.url(), "--admin-key", TestKeys.ADMIN_KEY));
    args.addAll(List.of(extraFlags));
    injector = Main.create(ServerConfig.parse(args.toArray(new String[0]), Map.of()), Clock.systemUTC());
    server = injector.getInstance(SiprouteServer.class);
    server.start();
    client = SiprouteClient.forTarget(target()).apiKey(TestKeys.ADMIN_KEY).build();
  }

  /** "127.0.0.1:port" of the gRPC server. */
  public String target() {
    return "127.0.0.1:" + server.port();
  }

  /** A client with the test admin key and the client's default 2 s deadline. */
  public SiprouteClient client() {
    return client;
  }

  public <T> T instance(Class<T> type) {
    return injector.getInstance(type);
  }

  @Override
  public void close() {
    client.close();
    server.stop();
    database.close();
  }
}
