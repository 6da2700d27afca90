package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestServer;

/**
 * Failed logins over a real loopback port: an address that fails more than --max-failed-logins
 * times a second gets RESOURCE_EXHAUSTED with a RetryInfo for its failing calls until the back-off
 * ends, a valid key from the very same address is served at full speed meanwhile, and the
 * failures are summarised with the peer address instead of logged one by one.
 */
class FailedLoginThrottleTest {
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();
  private static final String WRONG_KEY = "sr_" + "x".repeat(43);

  @Test
  void anAddressFailingTooOftenIsThrottledWhileAValidKeyFromItIsNotSlowed() throws Exception {
    int maxPerSecond = 5;
    Duration backOff = Duration.ofSeconds(3);
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withSecurity(c.security().withFailedLoginThrottle(maxPerSecond, backOff)))
            .start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      String routerKey = server.createKey(Role.ROUTER, "");
      FailedLogins failedLogins = server.instance(FailedLogins.class);
      // The periodic summary stops (logging what it had), so that the summaries below are the
      // test's alone.
      failedLogins.stop();

      // A burst of wrong keys from 127.0.0.1: the first ones are told the key is wrong, then the
      // address is throttled.
      List<StatusRuntimeException> refusals = new ArrayList<>();
      for (int i = 0; i < 3 * maxPerSecond; i++) {
        refusals.add(refusal(() -> server.select(WRONG_KEY).select(CALL)));
      }
      assertThat(refusals.subList(0, maxPerSecond))
          .allSatisfy(e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      StatusRuntimeException throttled = refusals.get(refusals.size() - 1);
      assertThat(throttled.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(throttled.getStatus().getDescription()).contains("too many failed logins from this address");
      Duration retry = retryDelay(throttled);
      assertThat(retry).isPositive().isLessThanOrEqualTo(backOff);

      // Meanwhile a valid key from the same address is served, and as fast as before.
      long slowestNanos = 0;
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        assertThat(server.select(routerKey).select(CALL).getAttempts(0).getProviderId()).isEqualTo("alpha");
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos)).as("a valid key waits for no back-off").isLessThan(retry.toMillis());
      assertThat(refusal(() -> server.select(WRONG_KEY).select(CALL)).getStatus().getCode())
          .as("still throttled for wrong keys")
          .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

      // One summary line names the address and the counts.
      String summary = failedLogins.summarize();
      assertThat(summary)
          .contains("failed logins: " + (3 * maxPerSecond + 1))
          .contains("from 1 addresses")
          .contains("127.0.0.1 x" + (3 * maxPerSecond + 1))
          .contains("unknown or revoked API key");
      assertThat(failedLogins.summarize()).as("nothing new, nothing logged").isNull();

      // After the back-off, a wrong key is told so again.
      Thread.sleep(backOff.toMillis() + 200);
      assertThat(refusal(() -> server.select(WRONG_KEY).select(CALL)).getStatus().getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }

  private static StatusRuntimeException refusal(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  private static Duration retryDelay(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).isNotNull();
    for (com.google.protobuf.Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        return Duration.ofMillis(Durations.toMillis(detail.unpack(RetryInfo.class).getRetryDelay()));
      }
    }
    throw new AssertionError("no RetryInfo in " + status);
  }
}
