package org.siproute.server.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A kind of setting value: how an operator writes it, which values are allowed, and how it is
 * written back. Messages are the part after the flag's name ("'abc' is not a whole number"), so
 * that every refusal names the flag the same way whether the value came from a flag, the
 * environment or code.
 */
abstract class Kind<T> {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * 1024;
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]+");

  /** The value written as {@code text}; throws {@link IllegalArgumentException} saying why not. */
  abstract T parse(String text);

  /** Why {@code value} (written {@code shown}) is not allowed, or null when it is. */
  String problem(T value, String shown) {
    return null;
  }

  /** The value as an operator writes it; "" for none. */
  abstract String format(T value);

  /** The values allowed, for --help and the README (Markdown). */
  abstract String allowed();

  /** Whether the flag may stand alone, meaning true. */
  boolean isSwitch() {
    return false;
  }

  private static String quoted(String text) {
    return "'" + text + "'";
  }

  static Kind<Integer> integer(int min, int max) {
    return new Kind<>() {
      @Override
      Integer parse(String text) {
        try {
          return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(quoted(text.trim()) + " is not a whole number");
        }
      }

      @Override
      String problem(Integer value, String shown) {
        return value < min || value > max ? shown + " is out of range " + allowed() : null;
      }

      @Override
      String format(Integer value) {
        return Integer.toString(value);
      }

      @Override
      String allowed() {
        return min + " to " + max;
      }
    };
  }

  /** "250ms", "3s", "2m", "1h" or a plain number of seconds. */
  static Kind<Duration> duration(Duration min, Duration max) {
    return new Kind<>() {
      @Override
      Duration parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
          if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
          } else if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
          } else if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
          } else if (v.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
          } else if (v.endsWith("d")) {
            return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
          }
          return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException | ArithmeticException e) {
          // ArithmeticException: more hours than a Duration holds; not a crash at startup.
          throw new IllegalArgumentException(quoted(text.trim()) + " is not a duration (e.g. 500ms, 3s, 2m)");
        }
      }

      @Override
      String problem(Duration value, String shown) {
        return value.compareTo(min) < 0 || value.compareTo(max) > 0 ? shown + " is out of range " + allowed() : null;
      }

      @Override
      String format(Duration value) {
        return formatDuration(value);
      }

      @Override
      String allowed() {
        return formatDuration(min) + " to " + formatDuration(max);
      }
    };
  }

  /**
   * In the largest unit that writes it exactly, as an operator would ("2m", not "120s"); days
   * only beyond two of them, where hours stop being how one thinks of it ("90d", but "24h").
   */
  static String formatDuration(Duration d) {
    if (d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    } else if (ms % 86_400_000 == 0 && ms > 2 * 86_400_000L) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** A number of bytes: "4MiB", "512KiB" or a plain number. */
  static Kind<Integer> size(int min, int max) {
    return new Kind<>() {
      @Override
      Integer parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("mib")) {
          unit = MIB;
          v = v.substring(0, v.length() - 3);
        } else if (v.endsWith("kib")) {
          unit = KIB;
          v = v.substring(0, v.length() - 3);
        }
        long bytes;
        try {
          bytes = Math.multiplyExact(Long.parseLong(v.trim()), unit);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              quoted(text.trim()) + " is not a size (e.g. 4MiB, 512KiB or a number of bytes)");
        } catch (ArithmeticException e) {
          // Checked, not wrapped: a wrapped product could land inside the range.
          throw new IllegalArgumentException(quoted(text.trim()) + " is out of range " + allowed());
        }
        if (bytes < Integer.MIN_VALUE || bytes > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(quoted(text.trim()) + " is out of range " + allowed());
        }
        return (int) bytes;
      }

      @Override
      String problem(Integer value, String shown) {
        return value < min || value > max ? shown + " is out of range " + allowed() : null;
      }

      @Override
      String format(Integer value) {
        return formatSize(value);
      }

      @Override
      String allowed() {
        return formatSize(min) + " to " + formatSize(max);
      }
    };
  }

  private static String formatSize(long bytes) {
    if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    } else if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "KiB";
    }
    return Long.toString(bytes);
  }

  /** One of the constants of {@code type}, written in lower case (any case accepted). */
  static <E extends Enum<E>> Kind<E> oneOf(Class<E> type) {
    return new Kind<>() {
      @Override
      E parse(String text) {
        for (E constant : type.getEnumConstants()) {
          if (constant.name().equalsIgnoreCase(text.trim())) {
            return constant;
          }
        }
        throw new IllegalArgumentException(quoted(text.trim()) + " is not one of " + allowed().replace("`", ""));
      }

      @Override
      String format(E value) {
        return value.name().toLowerCase(Locale.ROOT);
      }

      @Override
      String allowed() {
        StringBuilder b = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
          b.append(b.length() == 0 ? "" : " or ").append('`').append(format(constant)).append('`');
        }
        return b.toString();
      }
    };
  }

  /** true/false, yes/no, on/off, 1/0; empty is false. */
  static Kind<Boolean> flag() {
    return new Kind<>() {
      @Override
      Boolean parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
          case "true", "1", "yes", "on":
            return true;
          case "false", "0", "no", "off", "":
            return false;
          default:
            throw new IllegalArgumentException(quoted(text.trim()) + " is not true or false");
        }
      }

      @Override
      String format(Boolean value) {
        return value.toString();
      }

      @Override
      String allowed() {
        return "true or false (the flag alone: true)";
      }

      @Override
      boolean isSwitch() {
        return true;
      }
    };
  }

  /** Taken as given, blanks included (a password may have them); may be empty. */
  static Kind<String> text() {
    return new Kind<>() {
      @Override
      String parse(String text) {
        return text;
      }

      @Override
      String format(String value) {
        return value;
      }

      @Override
      String allowed() {
        return "text";
      }
    };
  }

  /** An ISO 4217 currency code: three letters, written in capitals. */
  static Kind<String> currency() {
    return new Kind<>() {
      @Override
      String parse(String text) {
        return text.trim();
      }

      @Override
      String problem(String value, String shown) {
        return value.matches("[A-Z]{3}") ? null : quoted(shown) + " is not an ISO 4217 code of three capital letters";
      }

      @Override
      String format(String value) {
        return value;
      }

      @Override
      String allowed() {
        return "ISO 4217 code, e.g. `EUR`";
      }
    };
  }

  static Kind<String> host() {
    return new Kind<>() {
      @Override
      String parse(String text) {
        return text.trim();
      }

      @Override
      String problem(String value, String shown) {
        if (value.isEmpty()) {
          return "must not be empty";
        }
        return HOST.matcher(value).matches() ? null : quoted(shown) + " is not a host name or address";
      }

      @Override
      String format(String value) {
        return value;
      }

      @Override
      String allowed() {
        return "host name or IP address";
      }
    };
  }

  static Kind<Path> folder() {
    return new Kind<>() {
      @Override
      Path parse(String text) {
        String v = text.trim();
        if (v.isEmpty()) {
          throw new IllegalArgumentException("must not be empty");
        }
        return path(v);
      }

      @Override
      String format(Path value) {
        return value.toString();
      }

      @Override
      String allowed() {
        return "folder";
      }
    };
  }

  /** A file that must exist and be readable when given; empty means none. */
  static Kind<Optional<Path>> readableFile() {
    return new Kind<>() {
      @Override
      Optional<Path> parse(String text) {
        String v = text.trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(path(v));
      }

      @Override
      String problem(Optional<Path> value, String shown) {
        if (value.isEmpty() || (Files.isRegularFile(value.get()) && Files.isReadable(value.get()))) {
          return null;
        }
        return quoted(shown) + " is not a readable file";
      }

      @Override
      String format(Optional<Path> value) {
        return value.map(Path::toString).orElse("");
      }

      @Override
      String allowed() {
        return "readable file";
      }
    };
  }

  private static Path path(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("is not a valid path");
    }
  }

  /** A JDBC URL of a database siproute has a driver and a dialect for; empty means none. */
  static Kind<Optional<String>> jdbcUrl() {
    return new Kind<>() {
      @Override
      Optional<String> parse(String text) {
        String v = text.trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
      }

      @Override
      String problem(Optional<String> value, String shown) {
        if (value.isEmpty()
            || value.get().startsWith("jdbc:mysql:")
            || value.get().startsWith("jdbc:mariadb:")
            || value.get().startsWith("jdbc:h2:")) {
          return null;
        }
        return "must be a jdbc:mysql: (or jdbc:mariadb:, jdbc:h2:) URL, not " + quoted(shown);
      }

      @Override
      String format(Optional<String> value) {
        return value.orElse("");
      }

      @Override
      String allowed() {
        return "`jdbc:mysql:`, `jdbc:mariadb:` or `jdbc:h2:` URL";
      }
    };
  }

  /**
   * An API key given in configuration; empty means none. Strong enough to guess at no better
   * than random, and safe in an HTTP header. The message never repeats the key.
   */
  static Kind<Optional<String>> apiKey(int minLength, int maxLength) {
    return new Kind<>() {
      @Override
      Optional<String> parse(String text) {
        String v = text.trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
      }

      @Override
      String problem(Optional<String> value, String shown) {
        return value.map(key -> apiKeyProblem(key, minLength, maxLength)).orElse(null);
      }

      @Override
      String format(Optional<String> value) {
        return value.orElse("");
      }

      @Override
      String allowed() {
        return minLength + " to " + maxLength + " visible ASCII characters";
      }
    };
  }

  /** Why {@code key} is not a usable API key, or null; never repeats the key. */
  static String apiKeyProblem(String key, int minLength, int maxLength) {
    boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    if (key.length() >= minLength && key.length() <= maxLength && visibleAscii) {
      return null;
    }
    return "must be " + minLength + " to " + maxLength
        + " visible ASCII characters without spaces, e.g. the output of 'openssl rand -base64 33'";
  }
}
