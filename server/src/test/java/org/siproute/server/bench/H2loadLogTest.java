package org.siproute.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport benchmark reads its open-loop and soak figures from h2load's log through this. */
class H2loadLogTest {
  private static final long ORIGIN_MILLIS = 1_796_050_000_000L;
  private static final long ORIGIN_MICROS = ORIGIN_MILLIS * 1000;

  @TempDir Path dir;

  @Test
  void latencyPercentilesCountOnlyHttp200AndFailedStreamsApart() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) { // 1000/s for 1 s, latencies 1..1000 µs
      lines.add(line(ORIGIN_MICROS + i * 1000L, 200, i + 1));
    }
    lines.add(line(ORIGIN_MICROS + 500_000, -1, 5_000_000));
    lines.add("not a line h2load writes");

    H2loadLog log = H2loadLog.read(List.of(write("h2load.log", lines)), 1000, 0);

    assertThat(log.all.ok()).isEqualTo(1000);
    assertThat(log.all.failed).isEqualTo(1);
    assertThat(log.malformedLines).isEqualTo(1);
    assertThat(log.all.p(50)).isCloseTo(0.500, within(0.001));
    assertThat(log.all.p(99)).isCloseTo(0.990, within(0.001));
    assertThat(log.all.maxMillis()).isCloseTo(1.000, within(0.001));
    assertThat(log.minutes).isEmpty();
  }

  @Test
  void keepingTheRateIsNeverMoreThanOneStepBehind() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) { // 1000/s for 2 s, each request exactly when due
      lines.add(line(ORIGIN_MICROS + i * 1000L, 200, 100));
    }

    H2loadLog log = H2loadLog.read(List.of(write("h2load.log", lines)), 1000, 0);

    assertThat(log.due).isEqualTo(2000);
    assertThat(log.mostBehindMillis).isLessThanOrEqualTo(H2loadLog.STEP_MICROS / 1000.0);
  }

  @Test
  void aStallInTheSendsShowsAsRequestsDueAndNotSent() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) { // 1000/s, but nothing sent from 300 ms to 500 ms, then the backlog at 500 ms
      long due = i * 1000L;
      long sent = due >= 300_000 && due < 500_000 ? 500_000 : due;
      lines.add(line(ORIGIN_MICROS + sent, 200, 100));
    }

    H2loadLog log = H2loadLog.read(List.of(write("h2load.log", lines)), 1000, 0);

    assertThat(log.mostBehind).isBetween(200L, 200L + 10);
    assertThat(log.mostBehindMillis).isBetween(200.0, 210.0);
    assertThat(log.mostBehindAtMicros).isBetween(490_000L, 500_000L);
  }

  @Test
  void processesSideBySideKeepTheirOwnSchedulesAtTheirShareOfTheRate() throws IOException {
    List<String> early = new ArrayList<>();
    List<String> late = new ArrayList<>();
    for (int i = 0; i < 500; i++) { // 500/s each for 1 s, the second process started 300 ms after the first
      early.add(line(ORIGIN_MICROS + i * 2000L, 200, 100));
      late.add(line(ORIGIN_MICROS + 300_000 + i * 2000L, 200, 100));
    }

    H2loadLog log = H2loadLog.read(List.of(write("a.log", early), write("b.log", late)), 1000, 0);

    assertThat(log.sent()).isEqualTo(1000);
    assertThat(log.due).isEqualTo(1000);
    assertThat(log.mostBehindMillis).isLessThanOrEqualTo(H2loadLog.STEP_MICROS / 1000.0);
  }

  @Test
  void perMinuteFiguresCountFromTheOriginBySendTime() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int second = 0; second < 178; second++) { // 10/s from 2 s after the origin to its third minute's end
      for (int i = 0; i < 10; i++) {
        long send = ORIGIN_MICROS + 2_000_000 + second * 1_000_000L + i * 100_000L;
        lines.add(line(send, 200, second >= 58 && second < 118 ? 9_000 : 1_000)); // the second minute from the origin is slow
      }
    }

    H2loadLog log = H2loadLog.read(List.of(write("h2load.log", lines)), 10, ORIGIN_MILLIS);

    assertThat(log.minutes.keySet()).containsExactly(0L, 1L, 2L);
    assertThat(log.minutes.get(0L).ok()).isEqualTo(580); // the run began 2 s after the origin
    assertThat(log.minutes.get(1L).p(99)).isCloseTo(9.0, within(0.01));
    assertThat(log.minutes.get(2L).p(99)).isCloseTo(1.0, within(0.01));
    assertThat(printed(log)).contains("MINUTE 2 ok=600 failed=0").contains("RESULT h2load_log ok=1780 failed=0");
  }

  private static String line(long sendMicros, int status, long micros) {
    return sendMicros + "\t" + status + "\t" + micros;
  }

  private Path write(String name, List<String> lines) throws IOException {
    return Files.write(dir.resolve(name), lines);
  }

  private static String printed(H2loadLog log) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    log.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "h2load log");
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
