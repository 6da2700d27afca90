package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.testing.ServerProcess;
import org.siproute.server.testing.TestKeys;

/**
 * The real server process warms its transport up before it reports SERVING: a load balancer that
 * waits for health sends no caller to a server whose failure paths have never run (see
 * TransportWarmup).
 */
class StartupWarmupTest {
  @Test
  void theWarmUpRunsBeforeTheServerReportsServing() throws Exception {
    // Two failed logins in a second throttle an address: a warm-up call refused as one shows.
    try (ServerProcess server =
        ServerProcess.start("--warmup-calls", "4000", "--shutdown-drain", "0s", "--max-failed-logins", "1")) {
      String log = server.log();
      int warmedUp = log.indexOf("start-up warm-up: 4000 Select calls to /127.0.0.1:" + server.port() + " on 4 connections");
      int serving = log.indexOf("siproute listening on 127.0.0.1:" + server.port());

      assertThat(warmedUp).as(log).isNotNegative();
      assertThat(warmedUp).as("the warm-up is over before the server says it listens and health says SERVING").isLessThan(serving);
      assertThat(HealthGrpc.newBlockingStub(server.channel()).check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
      ManagedChannel badKey =
          Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create())
              .intercept(TestKeys.interceptor("sr_not_a_key"))
              .build();
      try {
        assertThatThrownBy(() -> RouteSelectGrpc.newBlockingStub(badKey)
                .select(SelectRequest.newBuilder().setCustomerId("acme").setDestination("+4930").build()))
            .as("the loopback address is not throttled by warm-up calls read after its key ended")
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      } finally {
        badKey.shutdownNow();
      }
    }
  }
}
