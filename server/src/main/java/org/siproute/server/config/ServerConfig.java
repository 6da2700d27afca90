package org.siproute.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed server configuration. Each setting comes from a flag ({@code --port 50051} or {@code
 * --port=50051}) or else from its environment variable ({@code SIPROUTE_PORT}), or else its
 * default. Every value is validated up front; a bad one stops startup with a message naming it.
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Duration dbConnectTimeout,
    Duration pollInterval,
    Duration dialIdleTimeout,
    Duration shutdownGrace,
    boolean demo,
    SecurityConfig security,
    QualityConfig quality,
    int metricsPort,
    LimitsConfig limits,
    Optional<String> inProcessName) {

  /** A setting: flag name, environment variable, default and a one-line help. */
  private record Setting(String flag, String defaultValue, String help) {
    String env() {
      return "SIPROUTE_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  private static final List<Setting> SETTINGS =
      List.of(
          new Setting("host", "127.0.0.1", "address to listen on (0.0.0.0 for every interface)"),
          new Setting("port", "50051", "gRPC port, 0 to 65535 (0 picks a free port)"),
          new Setting("data-dir", "./data", "folder of the embedded database"),
          new Setting("db-url", "", "JDBC URL (jdbc:mysql://...); empty: embedded H2"),
          new Setting("db-user", "", "database user"),
          new Setting("db-password", "", "database password"),
          new Setting("db-pool-size", "8", "database connections, 1 to 200"),
          new Setting("db-connect-timeout", "3s", "how long a database connection may take"),
          new Setting("poll-interval", "1s", "how often the routing revision is polled"),
          new Setting("dial-idle-timeout", "120s", "a Dial stream silent this long is closed"),
          new Setting("shutdown-grace", "10s", "how long open calls may finish at shutdown"),
          new Setting("demo", "false", "load a small example data set on first start"),
          new Setting("admin-key", "", "bootstrap ADMIN API key, 32+ characters (prefer the env variable)"),
          new Setting("insecure-no-auth", "false", "DANGER: no API keys, every caller is ADMIN"),
          new Setting("key-refresh-interval", "2s", "how often API keys are reloaded (revocation delay)"),
          new Setting("tls-cert", "", "server certificate chain (PEM); with --tls-key enables TLS"),
          new Setting("tls-key", "", "private key of --tls-cert (unencrypted PKCS#8 PEM)"),
          new Setting("tls-client-ca", "", "CA certificates (PEM) for client certificates; requires mTLS"),
          new Setting("quality-window", "15m", "sliding window of provider outcome statistics"),
          new Setting("quality-min-samples", "20", "attempts before QUALITY trusts a provider's ratio"),
          new Setting("circuit-failure-threshold", "5", "provider-side failures in a row that open a circuit"),
          new Setting("circuit-cool-down", "30s", "time an open circuit waits before a trial call"),
          new Setting("probe-interval", "15s", "time between SIP OPTIONS probes of a provider"),
          new Setting("probe-timeout", "2s", "how long a probe waits for an answer"),
          new Setting("probe-down-threshold", "3", "unanswered probes in a row that mark a provider down"),
          new Setting("probe-up-threshold", "2", "answered probes in a row that mark it up again"),
          new Setting("stats-flush-interval", "10s", "how often statistics are shared through the database"),
          new Setting("metrics-port", "0", "HTTP port of the Prometheus metrics (/metrics), 0 = off"),
          new Setting("db-query-timeout", "5s", "longest an admin statement may run or a silent database is waited for"),
          new Setting("db-bulk-timeout", "2m", "the same for statements of rate imports and routing snapshot loads"),
          new Setting("max-dial-streams", "10000", "Dial streams open at once on this instance; more are refused"),
          new Setting("max-message-size", "4MiB", "largest request message accepted (2MiB to 256MiB)"),
          new Setting("max-call-duration", "4h", "a connected call's Dial stream is closed after this long"));

  /** Flags that may stand alone, meaning true. */
  private static final java.util.Set<String> SWITCHES = java.util.Set.of("demo", "insecure-no-auth");

  public static ServerConfig defaults() {
    return parse(new String[0], Map.of());
  }

  /** Parses flags and environment; throws {@link ConfigException} naming any bad value. */
  public static ServerConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      values.put(s.flag(), env.getOrDefault(s.env(), s.defaultValue()));
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new ConfigException(usage());
      }
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument '" + arg + "'\n" + usage());
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (SWITCHES.contains(name)) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException("--" + name + " needs a value");
      }
      if (!values.containsKey(name)) {
        throw new ConfigException("unknown flag --" + name + "\n" + usage());
      }
      values.put(name, value);
    }
    List<String> errors = new ArrayList<>();
    Parser p = new Parser(values, errors);
    ServerConfig config =
        new ServerConfig(
            p.host("host"),
            p.integer("port", 0, 65535),
            Path.of(p.text("data-dir")),
            p.jdbcUrl("db-url"),
            values.get("db-user"),
            values.get("db-password"),
            p.integer("db-pool-size", 1, 200),
            p.duration("db-connect-timeout", Duration.ofMillis(250), Duration.ofMinutes(5)),
            p.duration("poll-interval", Duration.ofMillis(10), Duration.ofMinutes(10)),
            p.duration("dial-idle-timeout", Duration.ofSeconds(1), Duration.ofHours(24)),
            p.duration("shutdown-grace", Duration.ZERO, Duration.ofMinutes(10)),
            p.bool("demo"),
            p.security(),
            p.quality(),
            p.integer("metrics-port", 0, 65535),
            p.limits(),
            Optional.empty());
    if (!errors.isEmpty()) {
      throw new ConfigException("bad configuration:\n  " + String.join("\n  ", errors));
    }
    return config;
  }

  public static String usage() {
    StringBuilder b = new StringBuilder("usage: siproute-server [flags]\n");
    for (Setting s : SETTINGS) {
      b.append(String.format("  --%-20s %s (env %s, default '%s')%n", s.flag(), s.help(), s.env(), s.defaultValue()));
    }
    return b.toString();
  }

  public boolean embeddedDatabase() {
    return dbUrl.isEmpty();
  }

  /** The JDBC URL in use: the configured one or the embedded H2 file under the data dir. */
  public String effectiveDbUrl() {
    return dbUrl.orElseGet(
        () ->
            "jdbc:h2:file:"
                + dataDir.toAbsolutePath().resolve("siproute")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE");
  }

  public ServerConfig withInProcessName(String name) {
    return copy(c -> c.inProcessName = Optional.of(name));
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    return copy(c -> {
      c.dbUrl = Optional.of(url);
      c.dbUser = user;
      c.dbPassword = password;
    });
  }

  public ServerConfig withPollInterval(Duration interval) {
    return copy(c -> c.pollInterval = interval);
  }

  public ServerConfig withDialIdleTimeout(Duration timeout) {
    return copy(c -> c.dialIdleTimeout = timeout);
  }

  public ServerConfig withSecurity(SecurityConfig newSecurity) {
    return copy(c -> c.security = newSecurity);
  }

  public ServerConfig withQuality(QualityConfig newQuality) {
    return copy(c -> c.quality = newQuality);
  }

  public ServerConfig withLimits(LimitsConfig newLimits) {
    return copy(c -> c.limits = newLimits);
  }

  public ServerConfig withShutdownGrace(Duration grace) {
    return copy(c -> c.shutdownGrace = grace);
  }

  public ServerConfig withDbConnectTimeout(Duration timeout) {
    return copy(c -> c.dbConnectTimeout = timeout);
  }

  /** This configuration with the changes {@code edit} makes; the one place that lists every field. */
  private ServerConfig copy(java.util.function.Consumer<Copy> edit) {
    Copy c = new Copy(this);
    edit.accept(c);
    return new ServerConfig(c.host, c.port, c.dataDir, c.dbUrl, c.dbUser, c.dbPassword, c.dbPoolSize,
        c.dbConnectTimeout, c.pollInterval, c.dialIdleTimeout, c.shutdownGrace, c.demo, c.security,
        c.quality, c.metricsPort, c.limits, c.inProcessName);
  }

  /** The fields of a configuration being changed by {@link #copy}. */
  private static final class Copy {
    String host;
    int port;
    Path dataDir;
    Optional<String> dbUrl;
    String dbUser;
    String dbPassword;
    int dbPoolSize;
    Duration dbConnectTimeout;
    Duration pollInterval;
    Duration dialIdleTimeout;
    Duration shutdownGrace;
    boolean demo;
    SecurityConfig security;
    QualityConfig quality;
    int metricsPort;
    LimitsConfig limits;
    Optional<String> inProcessName;

    Copy(ServerConfig c) {
      host = c.host;
      port = c.port;
      dataDir = c.dataDir;
      dbUrl = c.dbUrl;
      dbUser = c.dbUser;
      dbPassword = c.dbPassword;
      dbPoolSize = c.dbPoolSize;
      dbConnectTimeout = c.dbConnectTimeout;
      pollInterval = c.pollInterval;
      dialIdleTimeout = c.dialIdleTimeout;
      shutdownGrace = c.shutdownGrace;
      demo = c.demo;
      security = c.security;
      quality = c.quality;
      metricsPort = c.metricsPort;
      limits = c.limits;
      inProcessName = c.inProcessName;
    }
  }

  /** Accepts {@code key} as the bootstrap ADMIN key (what tests use to call the server). */
  public ServerConfig withAdminKey(String key) {
    return withSecurity(security.withAdminKey(key));
  }

  private record Parser(Map<String, String> values, List<String> errors) {
    String text(String name) {
      String v = values.get(name).trim();
      if (v.isEmpty()) {
        errors.add("--" + name + " must not be empty");
      }
      return v;
    }

    String host(String name) {
      String v = text(name);
      if (!v.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
        errors.add("--" + name + " '" + v + "' is not a host name or address");
      }
      return v;
    }

    int integer(String name, int min, int max) {
      String v = values.get(name).trim();
      try {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
          errors.add("--" + name + " " + n + " is out of range " + min + " to " + max);
        }
        return n;
      } catch (NumberFormatException e) {
        errors.add("--" + name + " '" + v + "' is not a whole number");
        return min;
      }
    }

    boolean bool(String name) {
      String v = values.get(name).trim().toLowerCase(Locale.ROOT);
      switch (v) {
        case "true", "1", "yes", "on":
          return true;
        case "false", "0", "no", "off", "":
          return false;
        default:
          errors.add("--" + name + " '" + v + "' is not true or false");
          return false;
      }
    }

    Optional<String> jdbcUrl(String name) {
      String v = values.get(name).trim();
      if (v.isEmpty()) {
        return Optional.empty();
      }
      if (!v.startsWith("jdbc:mysql:") && !v.startsWith("jdbc:mariadb:") && !v.startsWith("jdbc:h2:")) {
        errors.add("--" + name + " must be a jdbc:mysql: (or jdbc:h2:) URL, not '" + v + "'");
      }
      return Optional.of(v);
    }

    Optional<Path> readableFile(String name) {
      String v = values.get(name).trim();
      if (v.isEmpty()) {
        return Optional.empty();
      }
      Path path;
      try {
        path = Path.of(v);
      } catch (java.nio.file.InvalidPathException e) {
        errors.add("--" + name + " is not a valid path");
        return Optional.empty();
      }
      if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
        errors.add("--" + name + " '" + v + "' is not a readable file");
      }
      return Optional.of(path);
    }

    /** The quality feedback settings, or the defaults after recording what is wrong with them. */
    QualityConfig quality() {
      Duration window = duration("quality-window", Duration.ofMinutes(1), Duration.ofHours(24));
      int minSamples = integer("quality-min-samples", 1, 1_000_000);
      int failureThreshold = integer("circuit-failure-threshold", 1, 1000);
      Duration coolDown = duration("circuit-cool-down", Duration.ofSeconds(1), Duration.ofHours(1));
      Duration probeInterval = duration("probe-interval", Duration.ofMillis(100), Duration.ofHours(1));
      Duration probeTimeout = duration("probe-timeout", Duration.ofMillis(50), Duration.ofMinutes(1));
      int down = integer("probe-down-threshold", 1, 100);
      int up = integer("probe-up-threshold", 1, 100);
      Duration flush = duration("stats-flush-interval", Duration.ofSeconds(1), Duration.ofMinutes(10));
      try {
        return new QualityConfig(
            window, minSamples, failureThreshold, coolDown, probeInterval, probeTimeout, down, up, flush);
      } catch (ConfigException e) {
        errors.add(e.getMessage());
        return QualityConfig.DEFAULTS;
      }
    }

    /** The security settings, or the defaults after recording what is wrong with them. */
    SecurityConfig security() {
      String adminKey = values.get("admin-key").trim();
      boolean insecure = bool("insecure-no-auth");
      Duration keyRefresh = duration("key-refresh-interval", Duration.ofMillis(100), Duration.ofMinutes(5));
      Optional<Path> cert = readableFile("tls-cert");
      Optional<Path> key = readableFile("tls-key");
      Optional<Path> clientCa = readableFile("tls-client-ca");
      try {
        return new SecurityConfig(
            adminKey.isEmpty() ? Optional.empty() : Optional.of(adminKey), insecure, keyRefresh, cert, key, clientCa);
      } catch (ConfigException e) {
        errors.add(e.getMessage());
        return SecurityConfig.DEFAULTS;
      }
    }

    /** The limits, or the defaults after recording what is wrong with them. */
    LimitsConfig limits() {
      Duration query = duration("db-query-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10));
      Duration bulk = duration("db-bulk-timeout", Duration.ofSeconds(1), Duration.ofHours(1));
      int dialStreams = integer("max-dial-streams", 1, 1_000_000);
      int messageBytes = bytes("max-message-size", LimitsConfig.MIN_MESSAGE_BYTES, LimitsConfig.MAX_MESSAGE_BYTES);
      Duration callDuration = duration("max-call-duration", Duration.ofSeconds(1), Duration.ofHours(48));
      try {
        return new LimitsConfig(query, bulk, dialStreams, messageBytes, callDuration);
      } catch (ConfigException e) {
        errors.add(e.getMessage());
        return LimitsConfig.DEFAULTS;
      }
    }

    /** "4MiB", "512KiB" or a plain number of bytes. */
    int bytes(String name, int min, int max) {
      String v = values.get(name).trim();
      String lower = v.toLowerCase(Locale.ROOT);
      long unit = 1;
      String digits = lower;
      if (lower.endsWith("mib")) {
        unit = 1024 * 1024;
        digits = lower.substring(0, lower.length() - 3);
      } else if (lower.endsWith("kib")) {
        unit = 1024;
        digits = lower.substring(0, lower.length() - 3);
      }
      long n;
      try {
        n = Long.parseLong(digits.trim()) * unit;
      } catch (NumberFormatException e) {
        errors.add("--" + name + " '" + v + "' is not a size (e.g. 4MiB, 512KiB or a number of bytes)");
        return min;
      }
      if (n < min || n > max) {
        errors.add("--" + name + " " + v + " is out of range " + min + " to " + max + " bytes");
        return min;
      }
      return (int) n;
    }

    /** "250ms", "3s", "2m", "1h" or a plain number of seconds. */
    Duration duration(String name, Duration min, Duration max) {
      String v = values.get(name).trim().toLowerCase(Locale.ROOT);
      Duration d;
      try {
        if (v.endsWith("ms")) {
          d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
          d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.endsWith("m")) {
          d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.endsWith("h")) {
          d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
        } else {
          d = Duration.ofSeconds(Long.parseLong(v));
        }
      } catch (NumberFormatException e) {
        errors.add("--" + name + " '" + v + "' is not a duration (e.g. 500ms, 3s, 2m)");
        return min;
      }
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        errors.add("--" + name + " " + v + " is out of range " + min + " to " + max);
      }
      return d;
    }
  }
}
