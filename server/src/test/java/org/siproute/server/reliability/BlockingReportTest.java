package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.ReportOutcomeResponse;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * A ReportOutcome with a request_id waits on the database (its id is claimed there). It must
 * wait on a thread of its own, not on the transport thread that serves the caller's connection:
 * otherwise every Select on that connection waits with it.
 */
@OnEachDatabase
class BlockingReportTest {
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void aReportWaitingOnTheDatabaseDoesNotHoldUpSelectsOnTheSameConnection() throws Exception {
    try (TestServer server = TestServer.builder().database(TestDatabase.underTest()).loopback().start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      String requestId = UUID.randomUUID().toString();

      try (Connection other = DriverManager.getConnection(server.database().url())) {
        // Another transaction holds the request_id's row, uncommitted: the report's claim of the
        // same id waits for it.
        other.setAutoCommit(false);
        try (PreparedStatement insert =
            other.prepareStatement(
                "INSERT INTO request_answer (request_id, fingerprint, answer, create_ms) VALUES (?, ?, ?, ?)")) {
          insert.setString(1, requestId);
          insert.setString(2, "0".repeat(64));
          insert.setBytes(3, new byte[0]);
          insert.setLong(4, System.currentTimeMillis());
          insert.executeUpdate();
        }

        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        RouteSelectGrpc.newStub(server.channel())
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .reportOutcome(
                ReportOutcomeRequest.newBuilder()
                    .setProviderId("alpha")
                    .setDestination("+4930123456")
                    .setSipCode(503)
                    .setRequestId(requestId)
                    .build(),
                new StreamObserver<ReportOutcomeResponse>() {
                  @Override
                  public void onNext(ReportOutcomeResponse value) {}

                  @Override
                  public void onError(Throwable t) {
                    reported.complete(t);
                  }

                  @Override
                  public void onCompleted() {
                    reported.complete(null);
                  }
                });

        // Selects over the same channel (one connection, one transport thread) are answered
        // while the report waits.
        for (int i = 0; i < 20; i++) {
          assertThat(server.select().withDeadlineAfter(5, TimeUnit.SECONDS).select(CALL).getAttempts(0).getProviderId())
              .isEqualTo("alpha");
        }
        assertThat(reported).as("the report still waits on the database").isNotDone();
        other.rollback();
        // The row was never committed: the report claims the id and is counted.
        assertThat(reported.get(30, TimeUnit.SECONDS)).isNull();
      }
    }
  }
}
