package org.siproute.server;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import java.time.Clock;
import org.siproute.server.config.ConfigException;
import org.siproute.server.config.ServerConfig;

/** Starts siproute: parse and check the configuration, wire, start, stop on SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    // jOOQ prints an ASCII-art logo and a "tip of the day" on first use; keep the log for
    // what siproute does.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    if (java.util.List.of(args).contains("--help") || java.util.List.of(args).contains("-h")) {
      // Asked for, so not an error: usage on stdout and a zero exit.
      System.out.print(ServerConfig.usage());
      return;
    }
    ServerConfig config;
    SiprouteServer server;
    try {
      config = ServerConfig.parse(args, System.getenv());
      server = create(config, Clock.systemUTC()).getInstance(SiprouteServer.class);
      server.start();
    } catch (ConfigException e) {
      System.err.println("siproute: " + e.getMessage());
      System.exit(2);
      return;
    } catch (com.google.inject.ProvisionException | com.google.inject.CreationException e) {
      Throwable cause = e.getCause();
      while (cause != null && !(cause instanceof ConfigException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      System.err.println("siproute: " + (cause instanceof ConfigException ? cause.getMessage() : e.getMessage()));
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("siproute: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "siproute-shutdown"));
    server.awaitTermination();
  }

  /** The production wiring; tests use it too, with their own configuration and clock. */
  public static Injector create(ServerConfig config, Clock clock) {
    // The order of the modules is the order in which their components start.
    return Guice.createInjector(
        Stage.PRODUCTION,
        new ServerModule(config, clock),
        new RoutingModule(),
        new AuthModule(),
        new MetricsModule(),
        new AdminModule(),
        new ApiModule());
  }
}
