package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.select.DialSessions;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestServer;

/** --max-dial-streams: streams beyond the limit are refused at once, and freed slots are reused. */
class DialStreamLimitTest {
  private static final int LIMIT = 3;
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void aStreamBeyondTheLimitIsRefusedWithResourceExhaustedAndAFreedSlotServesTheNext() {
    try (TestServer server =
        TestServer.builder().config(c -> c.withLimits(LimitsConfig.DEFAULTS.withMaxDialStreams(LIMIT))).start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      DialSessions sessions = server.instance(DialSessions.class);

      List<DialSession> open = new ArrayList<>();
      for (int i = 0; i < LIMIT; i++) {
        DialSession call = server.dial(CALL, "call-" + i);
        assertThat(call.first()).map(Attempt::getProviderId).contains("alpha");
        open.add(call);
      }
      assertThat(sessions.openSessions()).isEqualTo(LIMIT);

      var refused = org.assertj.core.api.Assertions.catchThrowableOfType(io.grpc.StatusRuntimeException.class, () -> server.dial(CALL, "refused"));
      assertThat(refused).as("no attempt beyond the limit").isNotNull();
      Status status = refused.getStatus();
      assertThat(status.getCode()).as("no attempt beyond the limit").isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(org.siproute.server.testing.Refusals.errorInfo(refused).getReason()).isEqualTo("OVERLOADED");
      assertThat(status.getDescription()).contains("Dial streams open");
      assertThat(sessions.openSessions()).as("a refused stream holds no slot").isEqualTo(LIMIT);

      // One call ends (busy: no failover), and its slot serves the next call at once.
      DialSession busy = open.get(0);
      busy.report(486);
      assertThat(busy.end().getOutcome()).isEqualTo(DialOutcome.FAILED);
      assertThat(server.streamOf(busy).awaitClose()).isEqualTo(Status.OK);
      DialSession next = server.dial(CALL, "next");
      assertThat(next.first()).map(Attempt::getProviderId).contains("alpha");

      open.forEach(DialSession::close);
      next.close();
    }
  }
}
