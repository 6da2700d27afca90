package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.select.DialSessions;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/** --max-dial-streams: streams beyond the limit are refused at once, and freed slots are reused. */
class DialStreamLimitTest {
  private static final int LIMIT = 3;
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void aStreamBeyondTheLimitIsRefusedWithResourceExhaustedAndAFreedSlotServesTheNext() {
    ServerConfig config = ServerConfig.defaults().withLimits(LimitsConfig.DEFAULTS.withMaxDialStreams(LIMIT));
    try (TestServer server = TestServer.start(TestDatabase.h2(), config, true)) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      DialSessions sessions = server.injector().getInstance(DialSessions.class);

      List<DialStream> open = new ArrayList<>();
      for (int i = 0; i < LIMIT; i++) {
        DialStream stream = DialStream.open(server.channel());
        assertThat(stream.start(CALL).getAttempt().getProviderId()).isEqualTo("alpha");
        open.add(stream);
      }
      assertThat(sessions.openSessions()).isEqualTo(LIMIT);

      DialStream refused = DialStream.open(server.channel());
      assertThat(refused.start(CALL)).as("no attempt beyond the limit").isNull();
      Status status = refused.awaitClose();
      assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(status.getDescription()).contains("Dial streams open");
      assertThat(sessions.openSessions()).as("a refused stream holds no slot").isEqualTo(LIMIT);

      // One call ends (busy: no failover), and its slot serves the next call at once.
      DialResponse busy = open.get(0).report(0, 486);
      assertThat(busy.getEnd().getOutcome()).isEqualTo(DialOutcome.FAILED);
      assertThat(open.get(0).awaitClose()).isEqualTo(Status.OK);
      DialStream next = DialStream.open(server.channel());
      assertThat(next.start(CALL).getAttempt().getProviderId()).isEqualTo("alpha");

      open.forEach(DialStream::cancel);
      next.cancel();
    }
  }
}
