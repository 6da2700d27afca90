package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.refused;

import io.grpc.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * --db-query-timeout: an admin statement that cannot finish in time (here: it waits for a row
 * another writer holds) is cancelled, and the call fails with UNAVAILABLE, not INTERNAL and
 * not after the database's own lock wait time-out (50 s on MariaDB).
 *
 * <p>MariaDB only: embedded H2 enforces a statement timeout only when the statement runs,
 * not while it waits for a row lock; there its own lock timeout (2 s by default) bounds the
 * wait. {@link DeadlineTest} shows that on H2 too, a statement past its time never commits.
 */
class QueryTimeoutTest {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void aStatementThatOutlastsTheQueryTimeoutIsCancelledWithUnavailable() throws Exception {
    TestDatabase database = TestDatabase.mariaDbOrSkip();
    try (TestServer server =
        TestServer.builder()
            .database(database)
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withDbTimeouts(QUERY_TIMEOUT, Duration.ofMinutes(1))))
            .start()) {
      Provider stored =
          server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("busy").setWeight(1)).build());

      Duration took;
      try (Connection other = DriverManager.getConnection(database.url())) {
        other.setAutoCommit(false);
        try (PreparedStatement lock = other.prepareStatement("SELECT id FROM provider WHERE id = ? FOR UPDATE")) {
          lock.setString(1, "busy");
          lock.executeQuery().close();
        }
        long started = System.nanoTime();
        Status status =
            refused(
                    Status.Code.UNAVAILABLE,
                    () -> server.admin().updateProvider(
                        UpdateProviderRequest.newBuilder().setProvider(stored.toBuilder().setWeight(7)).build()))
                .getStatus();
        took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(status.getDescription()).contains("did not answer in time");
        other.rollback();
      }

      // 1 s configured; 10 s leaves room for a loaded machine and is far below the 50 s (or
      // for ever) a statement without a timeout would wait.
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(server.admin().getProvider(GetProviderRequest.newBuilder().setId("busy").build()).getWeight()).isEqualTo(1);
    }
  }
}
