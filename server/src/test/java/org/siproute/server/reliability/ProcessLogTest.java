package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.server.testing.ServerProcess;

/**
 * The log of the real server process in JSON (--log-format json) through a flood of oversized and
 * malformed requests: every line a JSON object with an ISO-8601 UTC time in milliseconds, one
 * line per refused request naming the peer, method and size, and no stack trace anywhere (a
 * single oversized request used to write a 30-line one).
 */
class ProcessLogTest {
  private static final int OVERSIZED = 100;
  private static final int MALFORMED = 100;

  @Test
  void refusedRequestsGetOneJsonLineEachWithPeerMethodAndSizeAndNoStackTrace() throws Exception {
    List<Map<String, com.google.protobuf.Value>> lines = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start("--log-format", "json", "--max-message-size", "2MiB", "--shutdown-drain", "0s")) {
      byte[] oversized = new byte[2 * 1024 * 1024 + 1];
      Arrays.fill(oversized, (byte) 0x0a); // field 1, length-delimited: never parsed anyway
      byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
      var method = RawCalls.raw(RouteAdminGrpc.getCreateProviderMethod());
      for (int i = 0; i < OVERSIZED; i++) {
        assertThat(RawCalls.call(server.channel(), method, List.of(oversized), false).status().getCode())
            .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      }
      for (int i = 0; i < MALFORMED; i++) {
        assertThat(RawCalls.call(server.channel(), method, List.of(garbage), false).status().getCode())
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
      }
      server.terminate();
      server.awaitExit(Duration.ofSeconds(60));
      for (String line : server.log().lines().toList()) {
        Struct.Builder object = Struct.newBuilder();
        JsonFormat.parser().merge(line, object); // fails the test for a line that is not JSON
        lines.add(object.getFieldsMap());
      }
    }

    assertThat(lines).isNotEmpty().allSatisfy(line -> {
      assertThat(line.get("time").getStringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(line).containsKeys("level", "thread", "logger", "message").doesNotContainKey("error");
    });
    List<String> oversizedLines = messages(lines, "refused oversized request");
    assertThat(oversizedLines).hasSize(OVERSIZED);
    assertThat(oversizedLines.get(0))
        .matches("refused oversized request: peer=/127\\.0\\.0\\.1:\\d+ method=siproute\\.v1\\.RouteAdmin/CreateProvider "
            + "exceeds maximum size 2097152: 2097153");
    List<String> malformedLines = messages(lines, "refused malformed request");
    assertThat(malformedLines).hasSize(MALFORMED);
    assertThat(malformedLines.get(0))
        .matches("refused malformed request: peer=/127\\.0\\.0\\.1:\\d+ method=siproute\\.v1\\.RouteAdmin/CreateProvider bytes=\\d+");
    // Besides those: start, shutdown, at most a transport summary and the rpc lines of the malformed calls.
    assertThat(lines.size()).isLessThan(OVERSIZED + 2 * MALFORMED + 40);
  }

  private static List<String> messages(List<Map<String, com.google.protobuf.Value>> lines, String prefix) {
    return lines.stream().map(l -> l.get("message").getStringValue()).filter(m -> m.startsWith(prefix)).toList();
  }
}
