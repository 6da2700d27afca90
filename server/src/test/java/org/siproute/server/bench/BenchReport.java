package org.siproute.server.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Appends figures to target/bench/results.md (and prints them) for the docs table. */
final class BenchReport {
  static final Path DIR = Path.of("target", "bench");
  private static final Path FILE = DIR.resolve("results.md");

  private BenchReport() {}

  static synchronized void line(String format, Object... args) {
    String text = String.format(format, args);
    System.out.println("BENCH " + text);
    try {
      Files.createDirectories(DIR);
      Files.writeString(FILE, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  static void header(String what) {
    line("%n## %s (mode %s, %s, load average %s, %d cores)", what, System.getProperty("bench.mode", "quick"),
        Instant.now(), loadAverage(), Runtime.getRuntime().availableProcessors());
  }
}
