package org.siproute.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.siproute.server.config.LogFormat;

/**
 * One log line per event, plain or JSON ({@code --log-format}): the time (ISO-8601, UTC,
 * milliseconds), the level, the thread, the logger and the message; an exception's trace
 * follows a plain line, or is the {@code error} field of a JSON one.
 */
public final class LogLayout extends LayoutBase<ILoggingEvent> {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private LogFormat format = LogFormat.PLAIN;

  /** For logback.xml: {@code <format>json</format>}. */
  public void setFormat(String name) {
    this.format = LogFormat.valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  void setFormat(LogFormat format) {
    this.format = format;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    String time = TIME.format(Instant.ofEpochMilli(event.getTimeStamp()));
    IThrowableProxy thrown = event.getThrowableProxy();
    StringBuilder b = new StringBuilder(128);
    if (format == LogFormat.JSON) {
      b.append("{\"time\":\"").append(time).append("\",\"level\":\"").append(event.getLevel()).append("\",\"thread\":");
      json(b, event.getThreadName());
      b.append(",\"logger\":");
      json(b, event.getLoggerName());
      b.append(",\"message\":");
      json(b, event.getFormattedMessage());
      if (thrown != null) {
        b.append(",\"error\":");
        json(b, ThrowableProxyUtil.asString(thrown));
      }
      return b.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }
    b.append(time).append(' ').append(event.getLevel());
    for (int pad = event.getLevel().toString().length(); pad < 5; pad++) {
      b.append(' ');
    }
    b.append(" [").append(event.getThreadName()).append("] ").append(event.getLoggerName()).append(" - ")
        .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    if (thrown != null) {
      b.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
    }
    return b.toString();
  }

  private static void json(StringBuilder b, String text) {
    b.append('"');
    if (text != null) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> {
            if (c < 0x20) {
              b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
    }
    b.append('"');
  }
}
