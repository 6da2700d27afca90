package org.siproute.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the log left out, counted for the metrics instead: per-stream transport errors (by kind)
 * and lines dropped because a logger wrote too many. Process-wide, as logging is.
 */
public final class LogCounts {
  private static final Map<String, LongAdder> transportErrors = new ConcurrentHashMap<>();
  private static final LongAdder suppressedLines = new LongAdder();

  private LogCounts() {}

  /** One transport error of {@code kind} (e.g. {@code stream_error}). */
  public static void transportError(String kind) {
    transportErrors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  public static long transportErrors(String kind) {
    LongAdder count = transportErrors.get(kind);
    return count == null ? 0 : count.sum();
  }

  /** Counts by kind, for the metrics endpoint. */
  public static Map<String, Long> transportErrorsByKind() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    transportErrors.forEach((kind, count) -> counts.put(kind, count.sum()));
    return counts;
  }

  public static void suppressedLine() {
    suppressedLines.increment();
  }

  public static long suppressedLines() {
    return suppressedLines.sum();
  }
}
