package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.refused;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.server.api.ServiceHealth;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.DatabaseFailures;
import org.siproute.server.testing.CapturedLog;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.TcpProxy;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * A MariaDB outage under decision load, for real: the server reaches MariaDB through a {@link
 * TcpProxy} that the test breaks, while threads keep asking Select and driving Dial streams.
 * While the database is unreachable, every decision is still made (from the last snapshot),
 * admin calls fail fast with UNAVAILABLE, and health says RouteAdmin is NOT_SERVING but the
 * server and RouteSelect are SERVING. When the database returns, the instance recovers by
 * itself: health, admin writes, and its snapshot, which catches up with a write another
 * instance made during the outage. Writes fail within the connect time-out when the database
 * is down; the outage is counted (siproute_db_failures_total), and nothing logs a stack trace.
 */
class DatabaseOutageTest {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /**
   * Upper bound for an admin read to fail while the database is unreachable. The configured
   * bounds add up to about 4 s (2 s to get a connection, or a 2 s statement plus the 2 s network
   * margin); 10 s leaves room for a loaded 2-core machine and still fails on a hang, which
   * would last the bulk time-out (10 s here, 2 min by default) plus the margin, or for ever.
   */
  private static final Duration FAILS_FAST = Duration.ofSeconds(10);

  /**
   * Upper bound for a write to fail when the database is down (connections refused): the
   * connect time-out, plus the query time-out for the slack a loaded machine needs. Writes used
   * to take three connect time-outs (6 s here): the failed begin asked the pool again to roll
   * back and to restore auto-commit.
   */
  private static final Duration WRITE_FAILS_WHEN_DOWN = CONNECT_TIMEOUT.plus(QUERY_TIMEOUT);

  /** How long health, snapshot and pool get to notice a change; polls are every 200 ms. */
  private static final Duration NOTICE = Duration.ofSeconds(30);

  private static final String CUSTOMER = "acme";
  private static final String NUMBER = "+1 212 555 0100";

  enum Fault {
    /** Connections closed, new ones refused: MariaDB stopped or crashed. */
    CUT,
    /** Connections open but silent: a network partition, seen only through time-outs. */
    BLACK_HOLE
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void decisionsGoOnAdminFailsFastHealthTellsAndTheInstanceRecoversByItself(Fault fault) throws Exception {
    UnaryOperator<ServerConfig> timeouts =
        c -> c.withPollInterval(POLL_INTERVAL)
            .withDbConnectTimeout(CONNECT_TIMEOUT)
            .withLimits(LimitsConfig.DEFAULTS.withDbTimeouts(QUERY_TIMEOUT, Duration.ofSeconds(10)));
    TestDatabase database = TestDatabase.mariaDbOrSkip();
    InetSocketAddress mariaDb = database.serverAddress();
    try (database;
        TcpProxy proxy = TcpProxy.to(mariaDb.getHostString(), mariaDb.getPort());
        TestServer server = TestServer.builder().sharedDatabase(database.via(proxy.port())).config(timeouts).start();
        // Another instance on the same database, not behind the proxy: it keeps writing.
        TestServer other = TestServer.builder().sharedDatabase(database).config(timeouts).start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("beta")).build());
      Route toAlpha = Fixtures.createRoute(server.admin(), Fixtures.route("", "1", "alpha").setPriority(10));
      Fixtures.createRoute(server.admin(), Fixtures.route("", "1", "beta").setPriority(20));
      // Call services use a ROUTER key: keys are checked from memory, so they keep working too.
      String routerKey =
          server.admin()
              .createApiKey(
                  CreateApiKeyRequest.newBuilder()
                      .setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName("call service"))
                      .build())
              .getSecret();
      SiprouteClient router = server.clientBuilder().apiKey(routerKey).defaultDeadline(DecisionLoad.CALL_DEADLINE).build();
      SelectRequest call = SelectRequest.newBuilder().setCustomerId(CUSTOMER).setDestination(NUMBER).build();
      assertThat(firstProvider(router, call)).isEqualTo("alpha");

      List<String> failures;
      try (CapturedLog log = CapturedLog.start();
          DecisionLoad load = DecisionLoad.start(router, call, 2, 2)) {
        await("decisions before the outage", () -> load.dials() > 10 && load.selects() > 10);

        long refusedBefore = DatabaseFailures.refusedSoFar();
        switch (fault) {
          case CUT -> proxy.cut();
          case BLACK_HOLE -> proxy.blackHole();
        }
        long decisionsAtFault = load.decisions();

        await("RouteAdmin NOT_SERVING", () -> health(server, ServiceHealth.ADMIN) == ServingStatus.NOT_SERVING);
        assertThat(health(server, ServiceHealth.SERVER)).isEqualTo(ServingStatus.SERVING);
        assertThat(health(server, ServiceHealth.SELECT)).isEqualTo(ServingStatus.SERVING);

        Map<String, Duration> refusedAfter = new HashMap<>();
        refusedAfter.put("CreateProvider", unavailableWithin(() -> server.admin().createProvider(
            CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("gamma")).build())));
        refusedAfter.put("UpdateRoute", unavailableWithin(() -> server.admin().updateRoute(
            UpdateRouteRequest.newBuilder().setRoute(toAlpha.toBuilder().setPriority(5)).build())));
        refusedAfter.put("GetProvider", unavailableWithin(() -> server.admin().getProvider(
            GetProviderRequest.newBuilder().setId("alpha").build())));
        refusedAfter.put("ImportRates", unavailableWithin(() -> RateImports.run(server.channel(),
            ImportRatesRequest.newBuilder()
                .setProviderId("alpha")
                .addRates(Rate.newBuilder().setPrefix("1212").setPriceMicros(1000).setCurrency("USD"))
                .build())));
        assertThat(refusedAfter).allSatisfy((rpc, took) -> assertThat(took).as(rpc).isLessThan(FAILS_FAST));
        if (fault == Fault.CUT) {
          assertThat(refusedAfter).allSatisfy((rpc, took) -> assertThat(took).as(rpc).isLessThan(WRITE_FAILS_WHEN_DOWN));
        }
        assertThat(DatabaseFailures.refusedSoFar() - refusedBefore).as("siproute_db_failures_total").isGreaterThanOrEqualTo(4);

        // Meanwhile another instance, which still reaches the database, sends 1212... to beta.
        Fixtures.createRoute(other.admin(), Fixtures.route("", "1212", "beta").setPriority(0));

        long decisionsSoFar = load.decisions();
        await("decisions during the outage", () -> load.decisions() > decisionsSoFar + 50);
        assertThat(load.decisions()).isGreaterThan(decisionsAtFault);
        assertThat(firstProvider(router, call)).as("decided from the last snapshot").isEqualTo("alpha");

        proxy.restore();

        await("RouteAdmin SERVING again", () -> health(server, ServiceHealth.ADMIN) == ServingStatus.SERVING);
        await("the snapshot catching up with the other instance's write", () -> "beta".equals(firstProvider(router, call)));
        server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("gamma")).build());
        long decisionsAfterRecovery = load.decisions();
        await("decisions after the outage", () -> load.decisions() > decisionsAfterRecovery + 20);
        failures = load.failures();
        // An expected outage: counted and told in a line, never a stack trace.
        assertThat(log.events()).noneMatch(e -> e.getThrowableProxy() != null)
            .noneMatch(e -> e.getFormattedMessage().contains("autocommit"));
      }
      assertThat(failures).as("failed decisions").isEmpty();
      assertThat(DriverWaits.threadsWaitingOnTheDatabase()).as("threads still waiting on the database").isEmpty();
    }
  }

  /** Runs an admin call that must be refused with UNAVAILABLE, and says how long it took. */
  private static Duration unavailableWithin(ThrowingCallable call) {
    long started = System.nanoTime();
    refused(Status.Code.UNAVAILABLE, "DATABASE_UNAVAILABLE", call);
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private static String firstProvider(SiprouteClient client, SelectRequest call) {
    return client.select(call).getAttempts(0).getProviderId();
  }

  private static ServingStatus health(TestServer server, String service) {
    return HealthGrpc.newBlockingStub(server.channel())
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + NOTICE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("waited " + NOTICE.toSeconds() + " s for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Finds threads stuck in the database driver on behalf of siproute code. */
  static final class DriverWaits {
    private DriverWaits() {}

    /**
     * Names of threads found inside the MySQL driver under a siproute frame in every one of
     * ten samples over a second: a poll or a write passes through in milliseconds, a hung
     * thread stays.
     */
    static List<String> threadsWaitingOnTheDatabase() throws InterruptedException {
      List<String> stuck = null;
      for (int sample = 0; sample < 10; sample++) {
        List<String> now = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
          boolean inDriver = false;
          boolean forSiproute = false;
          for (StackTraceElement frame : stack) {
            inDriver |= frame.getClassName().startsWith("com.mysql.cj.");
            forSiproute |= frame.getClassName().startsWith("org.siproute.server.");
          }
          if (inDriver && forSiproute) {
            now.add(thread.getName());
          }
        });
        if (stuck == null) {
          stuck = now;
        } else {
          stuck.retainAll(now);
        }
        Thread.sleep(100);
      }
      return stuck;
    }
  }
}
