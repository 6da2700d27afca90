package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siproute.client.DialSession;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.ServerProcess;
import org.siproute.server.testing.TestKeys;

/** SIGTERM to the real server process on the embedded H2: what its shutdown leaves behind. */
class ProcessShutdownTest {

  /**
   * The flush at the end of shutdown must find the database open. A Dial stream held open makes
   * shutdown wait out its grace period, which is when H2's own exit hook used to close the
   * database under the server's feet.
   */
  @Test
  void theLastStatisticsFlushReachesTheEmbeddedDatabaseBeforeItCloses(@TempDir Path dataDir) throws Exception {
    int reported = 7;
    try (ServerProcess server =
            ServerProcess.start(
                "--data-dir", dataDir.toString(), "--stats-flush-interval", "10m", "--shutdown-drain", "0s",
                "--shutdown-grace", "2s");
        SiprouteClient client = SiprouteClient.forTarget("127.0.0.1:" + server.port()).apiKey(TestKeys.ADMIN_KEY).build()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("flushed")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "flushed"));
      DialSession held = client.dial("acme", "+49301234567", "held-through-shutdown");
      assertThat(held.first()).isPresent();
      for (int i = 0; i < reported; i++) {
        server.select().reportOutcome(
            ReportOutcomeRequest.newBuilder().setProviderId("flushed").setCallingCode(49).setSipCode(200).build());
      }
      // Nothing flushed yet: the interval is ten minutes, so only the flush at shutdown writes these.
      server.terminate();
      assertThat(server.awaitExit(Duration.ofSeconds(60))).isNotEqualTo(-1);
      String log = server.log();
      assertThat(log).doesNotContain("cannot share provider statistics").doesNotContain("Exception");
      assertThat(log).contains("shutdown begins").contains("siproute stopped");
      assertThat(log).contains("WARN  [siproute-shutdown] org.siproute.server.SiprouteServer - shutdown: still open after the "
          + "2000 ms grace period, cancelling them: 1 siproute.v1.RouteSelect/Dial");
      assertThat(log.lines()).allMatch(line -> ServerProcess.PLAIN_LOG_LINE.matcher(line).matches(), "a plain log line");
    }
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("siproute")
                    + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "sa",
                "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT SUM(attempts) FROM provider_statistics WHERE provider_id = 'flushed'")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getLong(1)).as("attempts flushed at shutdown").isEqualTo(reported);
    }
  }
}
