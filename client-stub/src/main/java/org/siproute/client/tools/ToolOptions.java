package org.siproute.client.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The command line of a CSV tool: the options every tool takes (--target, --key, --replace,
 * --request-id, --timeout), the tool's own, and one file. A bad command line is an
 * IllegalArgumentException whose message the tool prints with its usage.
 */
final class ToolOptions {
  String target = "127.0.0.1:50051";
  String key = System.getenv("SIPROUTE_KEY");
  boolean replace;
  /** A new id unless --request-id reruns an import whose outcome was unknown. */
  String requestId = UUID.randomUUID().toString();
  Duration timeout = Duration.ofMinutes(30);
  Path file;
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  private ToolOptions() {}

  /**
   * Parses {@code args} after the command ({@code args[0]}). {@code valued}: the tool's own
   * options that take a value; {@code switches}: its own options that take none.
   */
  static ToolOptions parse(String[] args, Set<String> valued, Set<String> switches) {
    ToolOptions options = new ToolOptions();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--target" -> options.target = ToolSupport.value(args, ++i);
        case "--key" -> options.key = ToolSupport.value(args, ++i);
        case "--replace" -> options.replace = true;
        case "--request-id" -> options.requestId = ToolSupport.value(args, ++i);
        case "--timeout" -> options.timeout = ToolSupport.duration(args, ++i);
        default -> {
          if (valued.contains(arg)) {
            options.values.put(arg, ToolSupport.value(args, ++i));
          } else if (switches.contains(arg)) {
            options.flags.add(arg);
          } else if (arg.startsWith("--") || options.file != null) {
            throw new IllegalArgumentException("unexpected argument " + arg);
          } else {
            options.file = Path.of(arg);
          }
        }
      }
    }
    return options;
  }

  /** The value of one of the tool's own options, or {@code otherwise} when it was not given. */
  String value(String option, String otherwise) {
    return values.getOrDefault(option, otherwise);
  }

  /** Whether one of the tool's own switches was given. */
  boolean has(String option) {
    return flags.contains(option);
  }
}
