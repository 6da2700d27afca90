package org.siproute.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What an h2load {@code --rps} run saw, from its {@code --log-file}: one tab-separated line per
 * request finished in the measured duration (send time in µs since the epoch, HTTP status or
 * -1 for a failed stream, µs from the send to the end of the response).
 *
 * <p>h2load takes a request's time when it hands the HEADERS frame to the connection, so the
 * latency counts from the actual send, not from when the request was due. It falls behind its
 * schedule only when all its streams ({@code -m}, or fewer if the server allows fewer) are busy;
 * the log shows that too: requests due by a time (from the process's first send, at its share
 * of the rate) against those it sent by then, in 10 ms steps, which is h2load's own timer step
 * for {@code --rps}. Each log is one process's schedule: processes side by side start a little
 * apart, so they are not one schedule.
 *
 * <p>An HTTP 200 is not a gRPC success (a gRPC error is an HTTP 200 too): the script proves the
 * successes with the server's own counts; this class only measures.
 */
final class H2loadLog {
  static final long STEP_MICROS = 10_000;
  private static final long MINUTE_MILLIS = 60_000;
  private static final long HIGHEST_MICROS = 3_600_000_000L;

  /** HTTP 200 answers with their latency, and everything else counted. */
  static final class Window {
    final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);
    long failed;

    long ok() {
      return latencyMicros.getTotalCount();
    }

    double p(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1e3;
    }

    double maxMillis() {
      return latencyMicros.getMaxValue() / 1e3;
    }

    void record(int status, long micros) {
      if (status == 200) {
        latencyMicros.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
      } else {
        failed++;
      }
    }
  }

  final Window all = new Window();
  /** By minute since the origin (0 = the first minute); empty without an origin. */
  final TreeMap<Long, Window> minutes = new TreeMap<>();
  private final double rate;
  private final long originMillis;
  long firstSendMicros = Long.MAX_VALUE;
  long lastSendMicros = Long.MIN_VALUE;
  long malformedLines;
  /** Requests due from each process's first send to its last, summed. */
  long due;

  /**
   * The schedule's worst moment, of the process that was most behind: requests due and not yet
   * sent, as many ms of its schedule, and when (µs after its first send).
   */
  long mostBehind;
  double mostBehindMillis;
  long mostBehindAtMicros;

  /** One h2load process: its sends by 10 ms step. */
  private static final class Sender {
    final Map<Long, long[]> sentByStep = new HashMap<>();
    long firstSendMicros = Long.MAX_VALUE;
    long lastSendMicros = Long.MIN_VALUE;

    void sent(long sendMicros) {
      sentByStep.computeIfAbsent(Math.floorDiv(sendMicros, STEP_MICROS), s -> new long[1])[0]++;
      firstSendMicros = Math.min(firstSendMicros, sendMicros);
      lastSendMicros = Math.max(lastSendMicros, sendMicros);
    }
  }

  private H2loadLog(double rate, long originMillis) {
    this.rate = rate;
    this.originMillis = originMillis;
  }

  /**
   * Reads the logs of h2load processes that ran side by side at {@code rate} requests/s in all;
   * with {@code originMillis} > 0 (epoch ms, e.g. when the run began) also per minute from then.
   */
  static H2loadLog read(List<Path> files, double rate, long originMillis) throws IOException {
    H2loadLog log = new H2loadLog(rate, originMillis);
    for (Path file : files) {
      Sender sender = new Sender();
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
        String line;
        while ((line = in.readLine()) != null) {
          log.add(line, sender);
        }
      }
      log.schedule(sender, rate / files.size());
    }
    return log;
  }

  /**
   * One line of a process's log; a line that is not three numbers is counted, not fatal (h2load
   * may be stopped in the middle of writing one).
   */
  void add(String line, Sender sender) {
    int tab1 = line.indexOf('\t');
    int tab2 = tab1 < 0 ? -1 : line.indexOf('\t', tab1 + 1);
    long sendMicros;
    int status;
    long micros;
    try {
      if (tab2 < 0) {
        throw new NumberFormatException(line);
      }
      sendMicros = Long.parseLong(line, 0, tab1, 10);
      status = Integer.parseInt(line, tab1 + 1, tab2, 10);
      int end = line.indexOf('\t', tab2 + 1); // h2load may add columns later
      micros = Long.parseLong(line, tab2 + 1, end < 0 ? line.length() : end, 10);
    } catch (NumberFormatException e) {
      malformedLines++;
      return;
    }
    all.record(status, micros);
    if (originMillis > 0) {
      long minute = Math.max(0, Math.floorDiv(sendMicros / 1000 - originMillis, MINUTE_MILLIS));
      minutes.computeIfAbsent(minute, m -> new Window()).record(status, micros);
    }
    sender.sent(sendMicros);
    firstSendMicros = Math.min(firstSendMicros, sendMicros);
    lastSendMicros = Math.max(lastSendMicros, sendMicros);
  }

  /** Walks one process's sends in 10 ms steps from its first: how far they ever were behind its rate. */
  private void schedule(Sender sender, double senderRate) {
    if (sender.sentByStep.isEmpty()) {
      return;
    }
    TreeMap<Long, long[]> steps = new TreeMap<>(sender.sentByStep);
    long sent = 0;
    for (long step = steps.firstKey(); step <= steps.lastKey(); step++) {
      long[] n = steps.get(step);
      sent += n == null ? 0 : n[0];
      long stepEndMicros = (step + 1) * STEP_MICROS;
      long dueByStepEnd = 1 + (long) Math.floor(
          senderRate * (Math.min(stepEndMicros, sender.lastSendMicros + 1) - sender.firstSendMicros) / 1e6);
      double behindMillis = (dueByStepEnd - sent) * 1e3 / senderRate;
      if (behindMillis > mostBehindMillis) {
        mostBehind = dueByStepEnd - sent;
        mostBehindMillis = behindMillis;
        mostBehindAtMicros = stepEndMicros - sender.firstSendMicros;
      }
    }
    due += 1 + (long) Math.floor(senderRate * (sender.lastSendMicros - sender.firstSendMicros) / 1e6);
  }

  long sent() {
    return all.ok() + all.failed;
  }


  static String describe(Window w) {
    return String.format(Locale.ROOT, "%,d HTTP 200 (p50 %.3f, p90 %.3f, p99 %.3f, p99.9 %.3f, max %.3f ms), %,d failed streams",
        w.ok(), w.p(50), w.p(90), w.p(99), w.p(99.9), w.maxMillis(), w.failed);
  }

  void print(PrintStream out, String what) {
    out.printf(Locale.ROOT, "%s: %,d requests finished in the measured duration%s%n", what, sent(),
        malformedLines == 0 ? "" : String.format(Locale.ROOT, " (%,d lines unreadable)", malformedLines));
    out.printf(Locale.ROOT, "  latency from the actual send: %s%n", describe(all));
    if (sent() > 0) {
      out.printf(Locale.ROOT, "  schedule at %,.0f/s: %,d sent, %,d due from each process's first send to its last;"
              + " at worst a process had %,d due and not yet sent (%.1f ms of its schedule, %.1f s in; h2load --rps sends"
              + " what is due every 10 ms, so up to about 10 ms is its normal step)%n",
          rate, sent(), due, mostBehind, mostBehindMillis, mostBehindAtMicros / 1e6);
    }
    for (Map.Entry<Long, Window> m : minutes.entrySet()) {
      Window w = m.getValue();
      out.printf(Locale.ROOT, "MINUTE %d ok=%d failed=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
          m.getKey() + 1, w.ok(), w.failed, w.p(50), w.p(90), w.p(99), w.p(99.9), w.maxMillis());
    }
    out.printf(Locale.ROOT, "RESULT h2load_log ok=%d failed=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f"
            + " behind_max_ms=%.1f behind_max=%d first_send_epoch_ms=%d last_send_epoch_ms=%d%n",
        all.ok(), all.failed, all.p(50), all.p(90), all.p(99), all.p(99.9), all.maxMillis(), mostBehindMillis, mostBehind,
        sent() == 0 ? 0 : firstSendMicros / 1000, sent() == 0 ? 0 : lastSendMicros / 1000);
  }
}
