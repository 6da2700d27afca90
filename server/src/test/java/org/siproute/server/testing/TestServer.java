package org.siproute.server.testing;

import com.google.inject.Injector;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.siproute.client.DialSession;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.Main;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;

/**
 * The whole server, wired by {@link Main#create} as in production, over a {@link TestDatabase},
 * for tests that talk to it through the real gRPC stack: in-process by default, or on a free
 * 127.0.0.1 port ({@link Builder#loopback}) for tests about the network or outside clients.
 *
 * <p>It accepts {@link TestKeys#ADMIN_KEY} as its bootstrap ADMIN key (unless {@link
 * Builder#noAdminKey}): {@link #channel()}, {@link #admin()}, {@link #select()} and {@link
 * #client()} send it; {@link #channel(String)} and the like send another key; {@link
 * #anonymousChannel()} none. Every call without a deadline of its own gets {@link
 * #CALL_DEADLINE}, so that a hang fails the test instead of stalling the build.
 *
 * <p>Dial streams are driven with the client-stub's own {@link DialSession} ({@link #dial}), as a
 * call service drives them; {@link #streamOf} shows how such a stream ended on the wire.
 */
public final class TestServer implements AutoCloseable {
  /** Far above any call's normal time; a call that reaches it has hung. */
  public static final Duration CALL_DEADLINE = Duration.ofSeconds(60);

  /** How long a Dial session waits for each answer of the server. */
  private static final Duration DIAL_STEP_DEADLINE = Duration.ofSeconds(10);

  /**
   * How long a test server waits for a database connection unless its test says otherwise. The
   * production default (3 s) is too short on a CI machine running several builds at once: H2
   * in memory timed out at load average 29. Outage tests set their own, shorter timeout.
   */
  private static final Duration DB_CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private final ServerConfig config;
  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final Injector injector;
  private final SiprouteServer server;
  private final ManagedChannel transport;
  private final DialStreams dialStreams = new DialStreams();
  private final SiprouteClient client;

  private TestServer(ServerConfig config, TestDatabase database, boolean ownsDatabase, Clock clock) {
    this.config = config;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.injector = Main.create(config, clock);
    this.server = injector.getInstance(SiprouteServer.class);
    server.start();
    ManagedChannel channel = null;
    try {
      channel =
          (config.inProcessName().isPresent()
                  ? InProcessChannelBuilder.forName(config.inProcessName().get()).directExecutor()
                  : Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()))
              .intercept(dialStreams, new DefaultDeadline())
              .build();
      this.transport = channel;
      this.client =
          SiprouteClient.forChannel(transport).apiKey(TestKeys.ADMIN_KEY).defaultDeadline(DIAL_STEP_DEADLINE).build();
    } catch (RuntimeException | Error e) {
      if (channel != null) {
        channel.shutdownNow();
      }
      server.stop();
      throw e;
    }
  }

  /** A server with the test configuration on a fresh H2 database of its own. */
  public static TestServer start() {
    return builder().start();
  }

  /** A server with the test configuration on {@code database}, which it drops when closed. */
  public static TestServer start(TestDatabase database) {
    return builder().database(database).start();
  }

  /** A server to configure: by default the test configuration on a fresh H2 database of its own. */
  public static Builder builder() {
    return new Builder();
  }

  /** What a test may change before the server starts. */
  public static final class Builder {
    private List<String> flags;
    private UnaryOperator<ServerConfig> change = UnaryOperator.identity();
    private boolean adminKey = true;
    private boolean loopback;
    private TestDatabase database;
    private boolean ownsDatabase = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Runs on {@code database} and drops it when the server is closed. */
    public Builder database(TestDatabase database) {
      this.database = database;
      this.ownsDatabase = true;
      return this;
    }

    /**
     * Runs on {@code database} and leaves it when the server is closed: for several servers on
     * one database, or one after another on the same data.
     */
    public Builder sharedDatabase(TestDatabase database) {
      this.database = database;
      this.ownsDatabase = false;
      return this;
    }

    /** Starts from the configuration these command-line flags give, instead of the defaults. */
    public Builder flags(String... args) {
      this.flags = List.of(args);
      return this;
    }

    /** Changes the configuration (after the flags, before the database and transport are set). */
    public Builder config(UnaryOperator<ServerConfig> change) {
      UnaryOperator<ServerConfig> before = this.change;
      this.change = c -> change.apply(before.apply(c));
      return this;
    }

    /** The server gets no bootstrap ADMIN key from the harness: only what the flags say. */
    public Builder noAdminKey() {
      this.adminKey = false;
      return this;
    }

    /** Listens on a free port of 127.0.0.1 (Netty, as in production) instead of in-process. */
    public Builder loopback() {
      this.loopback = true;
      return this;
    }

    /** The server's clock (e.g. a {@link MutableClock}); the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public TestServer start() {
      TestDatabase db = database == null ? TestDatabase.h2() : database;
      boolean owns = database == null || ownsDatabase;
      try {
        List<String> args = new ArrayList<>();
        if (loopback) {
          args.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
        }
        if (flags != null) {
          args.addAll(flags);
        }
        ServerConfig config = args.isEmpty() ? ServerConfig.defaults() : ServerConfig.parse(args.toArray(String[]::new), Map.of());
        if (adminKey) {
          config = config.withAdminKey(TestKeys.ADMIN_KEY);
        }
        if (!args.contains("--db-connect-timeout")) {
          config = config.withDbConnectTimeout(DB_CONNECT_TIMEOUT);
        }
        if (flags == null || flags.stream().noneMatch(f -> f.startsWith("--warmup-calls"))) {
          // The warm-up is for the JIT of a long-lived server; a test's server is gone in seconds.
          config = config.withWarmupCalls(0);
        }
        if (flags == null || flags.stream().noneMatch(f -> f.startsWith("--shutdown-drain"))) {
          // No load balancer to drain in a test: closing a server should not wait 5 s.
          config = config.withShutdownDrain(Duration.ZERO);
        }
        config = change.apply(config).withDatabase(db.url(), "", "");
        if (!loopback) {
          config = config.withInProcessName("siproute-test-" + UUID.randomUUID());
        }
        return new TestServer(config, db, owns, clock);
      } catch (RuntimeException | Error e) {
        if (owns) {
          db.close();
        }
        throw e;
      }
    }
  }

  /** Calls as the bootstrap ADMIN. */
  public Channel channel() {
    return channel(TestKeys.ADMIN_KEY);
  }

  /** Calls with {@code apiKey}. */
  public Channel channel(String apiKey) {
    return ClientInterceptors.intercept(transport, TestKeys.interceptor(apiKey));
  }

  /** Calls without any key. */
  public Channel anonymousChannel() {
    return transport;
  }

  public RouteAdminGrpc.RouteAdminBlockingStub admin() {
    return RouteAdminGrpc.newBlockingStub(channel());
  }

  public RouteAdminGrpc.RouteAdminBlockingStub admin(String apiKey) {
    return RouteAdminGrpc.newBlockingStub(channel(apiKey));
  }

  public RouteSelectGrpc.RouteSelectBlockingStub select() {
    return RouteSelectGrpc.newBlockingStub(channel());
  }

  public RouteSelectGrpc.RouteSelectBlockingStub select(String apiKey) {
    return RouteSelectGrpc.newBlockingStub(channel(apiKey));
  }

  /** The Java client of the client-stub, as the bootstrap ADMIN; closed with the server. */
  public SiprouteClient client() {
    return client;
  }

  /** A Java client on this server's transport with no key yet; the caller closes it. */
  public SiprouteClient.Builder clientBuilder() {
    return SiprouteClient.forChannel(transport);
  }

  /**
   * Opens the failover loop of one call as a call service does (the client-stub's {@link
   * DialSession}, as the bootstrap ADMIN): the session already holds the first answer.
   */
  public DialSession dial(SelectRequest request, String callId) {
    return dialStreams.watch(() -> client.dial(request, callId));
  }

  /** The gRPC stream under a session {@link #dial} opened: how it ended, or cut it. */
  public DialStreams.Stream streamOf(DialSession session) {
    return dialStreams.of(session);
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

  /** "127.0.0.1:port" of a {@link Builder#loopback} server. */
  public String target() {
    if (server.port() < 0) {
      throw new IllegalStateException("an in-process server has no address; start it with loopback()");
    }
    return "127.0.0.1:" + server.port();
  }

  public <T> T instance(Class<T> type) {
    return injector.getInstance(type);
  }

  public Injector injector() {
    return injector;
  }

  public SiprouteServer server() {
    return server;
  }

  public ServerConfig config() {
    return config;
  }

  public TestDatabase database() {
    return database;
  }

  @Override
  public void close() {
    transport.shutdownNow();
    try {
      transport.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.stop();
    } finally {
      if (ownsDatabase) {
        database.close();
      }
    }
  }

  /** Gives every call without a deadline {@link #CALL_DEADLINE}. */
  private static final class DefaultDeadline implements ClientInterceptor {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return next.newCall(
          method, options.getDeadline() == null ? options.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) : options);
    }
  }
}
