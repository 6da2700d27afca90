package org.siproute.server.config;

/** How log lines are written: one per line either way, each with time, level, thread, logger. */
public enum LogFormat {
  /** {@code 2026-01-31T12:00:00.123Z INFO  [main] org.siproute... - message}. */
  PLAIN,
  /** One JSON object per line: {@code time}, {@code level}, {@code thread}, {@code logger}, {@code message}, {@code error}. */
  JSON
}
