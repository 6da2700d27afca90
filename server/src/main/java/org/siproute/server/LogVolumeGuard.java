package org.siproute.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.siproute.server.metrics.LogCounts;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps the log's volume bounded whatever clients do.
 *
 * <ul>
 *   <li>Warnings of the transport (grpc-java and Netty, bridged from java.util.logging) are
 *       about one stream or connection each: a caller that gave up, a stream reset, a request
 *       too large. A storm of cancelled callers made one stack trace per stream (185 MB in 5 s).
 *       They are counted instead ({@code siproute_transport_errors_total}), and the log gets
 *       the first of a quiet period as one line without a trace, then at most one summary line
 *       per {@link #SUMMARY_PERIOD_NANOS 10 s} while they go on.
 *   <li>Every other logger may write a burst of {@value #BURST} lines and then {@value
 *       #LINES_PER_SECOND} a second; what it writes beyond is dropped and counted ({@code
 *       siproute_log_lines_suppressed_total}), and its next line that may be written is
 *       preceded by one saying how many were dropped.
 * </ul>
 */
public final class LogVolumeGuard extends TurboFilter {
  static final long SUMMARY_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final int BURST = 200;
  static final int LINES_PER_SECOND = 50;
  /** The guard's own lines: never limited, at most one per logger and period anyway. */
  static final String OWN_LOGGER = "siproute.log";

  private final Map<String, TransportKind> transport = new ConcurrentHashMap<>();
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.levelInt < Level.INFO_INT || (format == null && t == null)) {
      return FilterReply.NEUTRAL; // debug output, or an isXEnabled() question: not a line
    }
    String name = logger.getName();
    if (name.equals(OWN_LOGGER)) {
      return FilterReply.NEUTRAL;
    }
    if (level.levelInt >= Level.WARN_INT && (name.startsWith("io.grpc.") || name.startsWith("io.netty."))) {
      String kind = transportKind(format);
      LogCounts.transportError(kind);
      transport.computeIfAbsent(kind, TransportKind::new).occurred(format, t);
      return FilterReply.DENY;
    }
    Bucket bucket = buckets.computeIfAbsent(name, n -> new Bucket());
    long dropped = bucket.take(System.nanoTime());
    if (dropped < 0) {
      LogCounts.suppressedLine();
      return FilterReply.DENY;
    }
    if (dropped > 0) {
      LoggerFactory.getLogger(OWN_LOGGER)
          .warn("{} lines of logger {} were dropped: more than {} a second", dropped, name, LINES_PER_SECOND);
    }
    return FilterReply.NEUTRAL;
  }

  /** The metric label of a transport warning, from grpc-java's messages. */
  static String transportKind(String message) {
    if (message == null) {
      return "other";
    }
    if (message.startsWith("Stream Error")) {
      return "stream_error";
    }
    if (message.startsWith("Exception processing message")) {
      return "refused_message"; // too large or not decodable; the request log has the details
    }
    if (message.startsWith("Connection Error")) {
      return "connection_error";
    }
    return "other";
  }

  /** One kind of transport warning: when it was last summarized, how many since. */
  private static final class TransportKind {
    private final String kind;
    private long periodStart = Long.MIN_VALUE;
    private long since;
    private String latest;

    TransportKind(String kind) {
      this.kind = kind;
    }

    void occurred(String message, Throwable t) {
      String line;
      long count;
      synchronized (this) {
        long now = System.nanoTime();
        latest = describe(message, t);
        if (periodStart != Long.MIN_VALUE && now - periodStart < SUMMARY_PERIOD_NANOS) {
          since++;
          return;
        }
        count = since;
        since = 0;
        boolean quiet = periodStart == Long.MIN_VALUE || count == 0;
        periodStart = now;
        line = latest;
        if (quiet) {
          count = -1;
        }
      }
      org.slf4j.Logger out = LoggerFactory.getLogger(OWN_LOGGER);
      if (count < 0) {
        out.warn("transport {}: {} (each one is counted in siproute_transport_errors_total; "
            + "further ones are summarized every 10 s)", kind, line);
      } else {
        out.warn("transport {}: {} more in the last {} s, the latest: {}", kind, count,
            TimeUnit.NANOSECONDS.toSeconds(SUMMARY_PERIOD_NANOS), line);
      }
    }

    private static String describe(String message, Throwable t) {
      String text = message == null ? "" : message;
      if (t != null) {
        String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        text = text + ": " + detail.replace('\n', ' ');
      }
      return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
  }

  /** A token bucket of log lines, and how many were dropped since the last line written. */
  private static final class Bucket {
    private double tokens = BURST;
    private long refilled = System.nanoTime();
    private long dropped;

    /** -1: drop this line; otherwise how many were dropped before it (0 mostly). */
    synchronized long take(long now) {
      tokens = Math.min(BURST, tokens + (now - refilled) * LINES_PER_SECOND / 1e9);
      refilled = now;
      if (tokens < 1) {
        dropped++;
        return -1;
      }
      tokens--;
      long before = dropped;
      dropped = 0;
      return before;
    }
  }
}
