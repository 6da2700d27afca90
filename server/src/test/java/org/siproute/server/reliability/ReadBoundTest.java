package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.ImportRoutesRequest;
import org.siproute.proto.v1.ImportRoutesResponse;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.testing.RouteImports;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.TestServer;

/**
 * --max-read-bytes at its smallest, over a real loopback port: the server reads each connection
 * 1 KiB at a time and writes answers between reads, and still serves a message spread over many
 * reads and a burst of calls pipelined on one connection, each answered correctly. That the
 * reads are bounded, once per turn, is {@code ReadAllocatorTest}'s to prove; this one proves that
 * nothing breaks when they are.
 */
class ReadBoundTest {
  private static final int SMALLEST_READ = 1024;

  @Test
  void aMessageOfManyReadsAndABurstOfPipelinedCallsAreServedWithTheSmallestReadBound() throws Exception {
    try (TestServer server =
        TestServer.builder()
            .loopback()
            .config(c -> c.withLimits(LimitsConfig.DEFAULTS.withMaxReadBytes(SMALLEST_READ)))
            .start()) {
      assertThat(server.config().limits().maxReadBytes()).isEqualTo(SMALLEST_READ);
      RoutingFixtures.provider(server.admin(), "wide");
      List<Route> routes = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        routes.add(RoutingFixtures.routeTo("wide", "", Integer.toString(100_000 + i), 10).build());
      }
      ImportRoutesRequest oneMessage = ImportRoutesRequest.newBuilder().addAllRoutes(routes).build();
      assertThat(oneMessage.getSerializedSize()).as("the import is one message of many reads").isGreaterThan(20 * SMALLEST_READ);

      ImportRoutesResponse imported = RouteImports.run(server.channel(), List.of(oneMessage));
      assertThat(imported.getCreated()).isEqualTo(2_000);

      // Sent at once on one connection: their bytes arrive faster than 1 KiB reads take them in.
      Channel channel = server.channel();
      RouteSelectGrpc.RouteSelectFutureStub select = RouteSelectGrpc.newFutureStub(channel);
      List<ListenableFuture<SelectResponse>> answers = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        answers.add(select.withDeadlineAfter(60, TimeUnit.SECONDS).select(RoutingFixtures.call("acme", "+" + (100_000 + i) + "5550100").build()));
      }
      for (int i = 0; i < answers.size(); i++) {
        SelectResponse answer = answers.get(i).get(60, TimeUnit.SECONDS);
        assertThat(answer.getAttempts(0).getMatchedPrefix()).as("call %s", i).isEqualTo(Integer.toString(100_000 + i));
      }
    }
  }
}
