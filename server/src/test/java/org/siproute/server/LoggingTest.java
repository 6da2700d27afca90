package org.siproute.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siproute.server.config.LogFormat;
import org.siproute.server.metrics.LogCounts;
import org.slf4j.LoggerFactory;

/**
 * The log as {@link Logging} sets it up in this JVM, written to a buffer: the line formats, the
 * bridge from java.util.logging (where grpc-java and Netty log), and the bounds on volume.
 */
class LoggingTest {
  /** ISO-8601 in UTC with milliseconds, the level, the thread in brackets, the logger. */
  static final Pattern PLAIN_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO|WARN|ERROR) +\\[[^\\]]+\\] \\S+ - .*");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void restoreTheLog() {
    Logging.configure(LogFormat.PLAIN, System.err);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** The lines these tests wrote (background threads of other tests' servers may log too). */
  private List<String> lines(String... loggers) {
    return lines().stream().filter(line -> List.of(loggers).stream().anyMatch(line::contains)).toList();
  }

  @Test
  void plainLinesCarryTheUtcTimeInMillisecondsLevelThreadAndLoggerAlsoForJavaUtilLogging() {
    Logging.configure(LogFormat.PLAIN, out);

    LoggerFactory.getLogger("siproute.test").info("through slf4j");
    java.util.logging.Logger.getLogger("some.jul.library").warning("through java.util.logging");

    assertThat(lines()).allMatch(line -> PLAIN_LINE.matcher(line).matches(), "a plain log line");
    List<String> ours = lines("siproute.test", "some.jul.library");
    assertThat(ours).hasSize(2);
    assertThat(ours.get(0)).contains(" INFO  [" + Thread.currentThread().getName() + "] siproute.test - through slf4j");
    assertThat(ours.get(1)).contains(" WARN  [").contains("] some.jul.library - through java.util.logging");
  }

  @Test
  void jsonLinesAreOneObjectEachWithTheSameFields() throws Exception {
    Logging.configure(LogFormat.JSON, out);

    LoggerFactory.getLogger("siproute.test").warn("a \"quoted\"\nmessage", new IllegalStateException("why"));
    LoggerFactory.getLogger("siproute.test").info("second");

    List<String> ours = lines("\"siproute.test\"");
    assertThat(ours).hasSize(2);
    Struct.Builder first = Struct.newBuilder();
    JsonFormat.parser().merge(ours.get(0), first);
    assertThat(first.getFieldsMap().get("time").getStringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(first.getFieldsMap().get("level").getStringValue()).isEqualTo("WARN");
    assertThat(first.getFieldsMap().get("thread").getStringValue()).isEqualTo(Thread.currentThread().getName());
    assertThat(first.getFieldsMap().get("logger").getStringValue()).isEqualTo("siproute.test");
    assertThat(first.getFieldsMap().get("message").getStringValue()).isEqualTo("a \"quoted\"\nmessage");
    assertThat(first.getFieldsMap().get("error").getStringValue()).contains("IllegalStateException: why");
    Struct.Builder second = Struct.newBuilder();
    JsonFormat.parser().merge(ours.get(1), second);
    assertThat(second.getFieldsMap().get("message").getStringValue()).isEqualTo("second");
  }

  @Test
  void aFloodOfPerStreamTransportErrorsIsCountedAndSummarizedWithoutStackTraces() {
    Logging.configure(LogFormat.PLAIN, out);
    long before = LogCounts.transportErrors("stream_error");
    // Where and how grpc-netty logs a stream its caller cancelled under a write.
    java.util.logging.Logger netty = java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");
    Exception streamClosed = new IllegalStateException("Stream closed before write could take place");

    for (int i = 0; i < 100_000; i++) {
      netty.log(java.util.logging.Level.WARNING, "Stream Error", streamClosed);
    }

    assertThat(LogCounts.transportErrors("stream_error") - before).isEqualTo(100_000);
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ").doesNotContain("NettyServerHandler");
    List<String> summary = lines("transport stream_error");
    assertThat(summary).hasSize(1); // the first, and the rest summarized 10 s later, if they go on
    assertThat(summary.get(0)).contains("transport stream_error: Stream Error: Stream closed before write could take place");
  }

  @Test
  void aLoggerWritingTooFastIsCutToItsRateAndTheDropIsReported() throws Exception {
    Logging.configure(LogFormat.PLAIN, out);
    long before = LogCounts.suppressedLines();
    org.slf4j.Logger chatty = LoggerFactory.getLogger("siproute.chatty");

    long started = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      chatty.info("rpc=siproute.v1.RouteSelect/Select code=INVALID_ARGUMENT caller=- line {}", i);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int written = lines("] siproute.chatty - ").size();
    Thread.sleep(100); // the bucket refills at 50 lines a second
    chatty.info("after the flood");

    // The burst, and what the bucket refilled while the loop ran.
    assertThat(written).isBetween(LogVolumeGuard.BURST, LogVolumeGuard.BURST + (int) (seconds * LogVolumeGuard.LINES_PER_SECOND) + 1);
    assertThat(LogCounts.suppressedLines() - before).isGreaterThan(9_000);
    List<String> all = lines("siproute.chatty");
    List<String> last = all.subList(all.size() - 3, all.size());
    assertThat(last).hasSize(3);
    assertThat(last.get(1)).matches(".* WARN  \\[.*\\] siproute.log - \\d+ lines of logger siproute.chatty were dropped: more than 50 a second");
    assertThat(last.get(2)).endsWith("siproute.chatty - after the flood");
  }
}
