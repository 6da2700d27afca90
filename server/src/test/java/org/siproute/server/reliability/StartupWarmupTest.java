package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;
import org.siproute.server.testing.ServerProcess;

/**
 * The real server process warms its transport up before it reports SERVING: a load balancer that
 * waits for health sends no caller to a server whose failure paths have never run (see
 * TransportWarmup).
 */
class StartupWarmupTest {
  @Test
  void theWarmUpRunsBeforeTheServerReportsServing() throws Exception {
    try (ServerProcess server = ServerProcess.start("--warmup-calls", "4000", "--shutdown-drain", "0s")) {
      String log = server.log();
      int warmedUp = log.indexOf("start-up warm-up: 4000 Select calls to /127.0.0.1:" + server.port() + " on 2 connections");
      int serving = log.indexOf("siproute listening on 127.0.0.1:" + server.port());

      assertThat(warmedUp).as(log).isNotNegative();
      assertThat(warmedUp).as("the warm-up is over before the server says it listens and health says SERVING").isLessThan(serving);
      assertThat(HealthGrpc.newBlockingStub(server.channel()).check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
    }
  }
}
