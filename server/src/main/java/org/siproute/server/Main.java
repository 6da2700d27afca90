package org.siproute.server;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.siproute.server.config.ConfigException;
import org.siproute.server.config.ServerConfig;

/** Starts siproute: parse and check the configuration, wire, start, stop on SIGTERM. */
public final class Main {
  /** The leak-detection property of grpc-java's shaded Netty (io.netty.leakDetection.level, relocated). */
  static final String NETTY_LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

  private Main() {}

  /**
   * Turns Netty's leak sampling off in {@code systemProperties} unless the operator chose a
   * level. Must run before any Netty class is loaded: Netty reads the level once.
   */
  static void withoutNettyLeakSampling(Properties systemProperties) {
    if (systemProperties.getProperty(NETTY_LEAK_DETECTION) == null) {
      systemProperties.setProperty(NETTY_LEAK_DETECTION, "disabled");
    }
  }

  public static void main(String[] args) throws InterruptedException {
    // jOOQ prints an ASCII-art logo and a "tip of the day" on first use; keep the log for
    // what siproute does.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    // Netty samples one buffer in 128 for leak tracking, and each sample records a stack trace:
    // 5-7 % of the CPU of a Select or a bare health check (server/docs/benchmarks.md). siproute
    // touches no Netty buffer itself, so the tracking would only watch grpc-java. An operator who
    // wants it back sets the property (-D...=simple) and that wins.
    withoutNettyLeakSampling(System.getProperties());
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      // Asked for, so not an error: usage on stdout and a zero exit.
      System.out.print(ServerConfig.usage());
      return;
    }
    ServerConfig config;
    SiprouteServer server;
    try {
      config = ServerConfig.parse(args, System.getenv());
      Logging.configure(config.logFormat());
      server = create(config, Clock.systemUTC()).getInstance(SiprouteServer.class);
      server.start();
    } catch (ConfigException e) {
      System.err.println("siproute: " + e.getMessage());
      System.exit(2);
      return;
    } catch (ProvisionException e) {
      System.err.println("siproute: " + configProblem(e, e.getErrorMessages()).orElse(e.getMessage()));
      System.exit(2);
      return;
    } catch (CreationException e) {
      System.err.println("siproute: " + configProblem(e, e.getErrorMessages()).orElse(e.getMessage()));
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

  /**
   * The message of the configuration problem that stopped the wiring. A component that cannot
   * be built (the database, a TLS file) fails every component that needs it too, so Guice may
   * report it several times, as the cause of each.
   */
  private static Optional<String> configProblem(Throwable failure, Collection<Message> errors) {
    List<Throwable> causes = new ArrayList<>();
    causes.add(failure.getCause());
    errors.forEach(error -> causes.add(error.getCause()));
    for (Throwable cause : causes) {
      for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ConfigException) {
          return Optional.of(t.getMessage());
        }
      }
    }
    return Optional.empty();
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
