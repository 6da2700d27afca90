package org.siproute.server.config;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.siproute.server.config.Setting.Group;

/**
 * Every setting of the server, each declared exactly once. A declaration gives the name (the
 * flag; the environment variable is SIPROUTE_ and the name in capitals), the default, the
 * allowed values and the help; parsing, validation, --help and the README's configuration
 * table all come from it, in this order.
 *
 * <p>Adding a setting is one declaration here, in the group of the view that reads it, plus
 * its accessor in that view ({@link ServerConfig}, {@link LimitsConfig}, {@link SecurityConfig}
 * or {@link QualityConfig}):
 *
 * <pre>{@code
 * // here:
 * static final Setting<Duration> SHUTDOWN_GRACE =
 *     SERVER.duration("shutdown-grace", ofSeconds(10), ZERO, ofMinutes(10),
 *         "how long open calls may finish at shutdown");
 * // in ServerConfig:
 * public Duration shutdownGrace() {
 *   return values.get(Settings.SHUTDOWN_GRACE);
 * }
 * }</pre>
 *
 * Then ReadmeConfigurationTableTest fails, printing the README table with the new row to paste.
 * A rule between settings (one must not exceed another) goes into {@link #RULES}.
 */
final class Settings {
  private Settings() {}

  // Static fields initialise in textual order: this list must come before the declarations,
  // which add themselves to it, and ALL after them.
  private static final List<Setting<?>> declared = new ArrayList<>();

  private static final Declarer SERVER = new Declarer(Group.SERVER);
  private static final Declarer LIMITS = new Declarer(Group.LIMITS);
  private static final Declarer SECURITY = new Declarer(Group.SECURITY);
  private static final Declarer QUALITY = new Declarer(Group.QUALITY);

  // Numbers, durations and sizes: name, default, smallest and largest allowed, help.

  static final Setting<String> HOST =
      SERVER.host("host", "127.0.0.1", "address to listen on (`0.0.0.0` for every interface)");
  static final Setting<Integer> PORT = SERVER.integer("port", 50051, 0, 65535, "gRPC port (0 picks a free port)");
  static final Setting<Integer> METRICS_PORT =
      SERVER.integer("metrics-port", 0, 0, 65535,
          "HTTP port of the Prometheus metrics (`/metrics` on `--host`); 0 = off");
  static final Setting<Path> DATA_DIR =
      SERVER.folder("data-dir", Path.of("./data"), "folder of the embedded database (unused with `--db-url`)");
  static final Setting<Optional<String>> DB_URL =
      SERVER.jdbcUrl("db-url", "JDBC URL of MySQL / MariaDB (`jdbc:mysql://…`); empty: embedded H2");
  static final Setting<String> DB_USER = SERVER.text("db-user", "database user (may also be given in the URL)");
  static final Setting<String> DB_PASSWORD =
      SERVER.secretText("db-password", "database password (prefer the variable: flags show in `ps`)");
  static final Setting<Integer> DB_POOL_SIZE = SERVER.integer("db-pool-size", 8, 1, 200, "database connections");
  static final Setting<Duration> DB_CONNECT_TIMEOUT =
      SERVER.duration("db-connect-timeout", ofSeconds(3), ofMillis(250), ofMinutes(5),
          "how long a database connection may take");
  static final Setting<Duration> POLL_INTERVAL =
      SERVER.duration("poll-interval", ofSeconds(1), ofMillis(10), ofMinutes(10),
          "how often the routing revision is polled");
  static final Setting<Duration> DIAL_IDLE_TIMEOUT =
      SERVER.duration("dial-idle-timeout", ofSeconds(120), ofSeconds(1), ofHours(24),
          "a Dial stream silent this long is closed");
  static final Setting<Duration> SHUTDOWN_DRAIN =
      SERVER.duration("shutdown-drain", ofSeconds(5), ZERO, ofMinutes(5),
          "at shutdown, how long health reports NOT_SERVING while calls are still served (so load balancers move "
              + "away) before new calls are refused");
  static final Setting<Duration> SHUTDOWN_GRACE =
      SERVER.duration("shutdown-grace", ofSeconds(10), ZERO, ofMinutes(10),
          "after the drain, how long open calls (Dial streams) may finish before they are cancelled");
  static final Setting<Integer> WARMUP_CALLS =
      SERVER.integer("warmup-calls", 50_000, 0, 10_000_000,
          "at start, before health reports SERVING, this many `Select` calls from the server to its own port, some "
              + "cancelled, timed out or cut off with their connection (a quarter of those connections with their answers held "
              + "back by flow control), so that the JIT compiles the transport's failure "
              + "paths with the normal ones and the end of an overload does not throw compiled code away; 0 = off");
  static final Setting<LogFormat> LOG_FORMAT =
      SERVER.oneOf("log-format", LogFormat.PLAIN,
          "log lines on standard error: `plain` text or `json` (one object per line); both with an ISO-8601 UTC time in "
              + "milliseconds, level, thread and logger");
  static final Setting<Duration> AUDIT_RETENTION =
      SERVER.duration("audit-retention", ofDays(90), ZERO, ofDays(36_500),
          "audit events older than this are deleted (checked hourly, in small batches); 0 keeps every event");
  static final Setting<Boolean> DEMO =
      SERVER.flag("demo", "load the example data set into a database without providers");
  static final Setting<String> CURRENCY =
      SERVER.currency("currency", "USD",
          "platform currency: exchange rates are in it, and policies without a currency compare costs in it");

  static final Setting<Duration> DB_QUERY_TIMEOUT =
      LIMITS.duration("db-query-timeout", ofSeconds(5), ofSeconds(1), ofMinutes(10),
          "longest an admin statement may run, or a silent database is waited for");
  static final Setting<Duration> DB_BULK_TIMEOUT =
      LIMITS.duration("db-bulk-timeout", ofMinutes(2), ofSeconds(1), ofHours(1),
          "the same for rate imports and routing snapshot loads; at least `--db-query-timeout`");
  static final Setting<Integer> MAX_IMPORT_ROUTES =
      LIMITS.integer("max-import-routes", 500_000, 1, 10_000_000,
          "routes one `ImportRoutes` may carry (they are held in memory, about 0.5KiB each, until its one "
              + "transaction); more get `INVALID_ARGUMENT`");
  static final Setting<Integer> MAX_DIAL_STREAMS =
      LIMITS.integer("max-dial-streams", 10_000, 1, 1_000_000,
          "Dial streams open at once on this instance; more get `RESOURCE_EXHAUSTED`");
  static final Setting<Integer> MAX_MESSAGE_SIZE =
      LIMITS.size("max-message-size", 4 * 1024 * 1024, LimitsConfig.MIN_MESSAGE_BYTES, LimitsConfig.MAX_MESSAGE_BYTES,
          "largest request message accepted (a full `ImportRates` chunk needs up to 2MiB); larger: "
              + "`RESOURCE_EXHAUSTED`");
  static final Setting<Duration> MAX_CALL_DURATION =
      LIMITS.duration("max-call-duration", ofHours(4), ofSeconds(1), ofHours(48),
          "a connected call's Dial stream (and call slot) is closed after this long; before connecting, "
              + "`--dial-idle-timeout` applies");

  static final Setting<Integer> MAX_DECISIONS_IN_FLIGHT =
      LIMITS.integer("max-decisions-in-flight", 1_000, 1, 1_000_000,
          "`Select` and `ReportOutcome` calls whose request has arrived and that are not yet answered on "
              + "this instance; more get `RESOURCE_EXHAUSTED` with a retry delay (`RetryInfo`) at once");
  static final Setting<Integer> ADMIN_THREADS =
      LIMITS.integer("admin-threads", 16, 1, 1_000,
          "threads serving the rpcs that may wait on the database (RouteAdmin, reflection); RouteSelect "
              + "and health run on the transport threads");
  static final Setting<Integer> MAX_ADMIN_CALLS =
      LIMITS.integer("max-admin-calls", 256, 1, 100_000,
          "RouteAdmin and reflection calls admitted at once (served or waiting for an admin thread); more "
              + "get `RESOURCE_EXHAUSTED` with a retry delay (`RetryInfo`) at once");

  static final Setting<Integer> MAX_CONNECTIONS =
      LIMITS.integer("max-connections", 10_000, 1, 1_000_000,
          "network connections open at once on the gRPC port; one more is closed as soon as it is accepted "
              + "(`siproute_connections_refused_total`); keep it below the process's file descriptor limit");
  static final Setting<Integer> MAX_STREAMS_PER_CONNECTION =
      LIMITS.integer("max-streams-per-connection", 10_000, 1, 1_000_000,
          "calls open at once on one connection (HTTP/2 `SETTINGS_MAX_CONCURRENT_STREAMS`); a client opens no more "
              + "and waits, so a caller that sends faster than it reads cannot pile up work or answers here; "
              + "Dial streams stay open for a whole call, so keep it at least the calls one caller holds");
  static final Setting<Integer> MAX_READ_BYTES =
      LIMITS.integer("max-read-bytes", 65_536, 1_024, 16 * 1024 * 1024,
          "bytes read from one connection before the event loop writes the answers to what it read; "
              + "the calls of one read wait for each other, so a burst (after a pause, or from an overloaded "
              + "caller) delays answers by at most the time to decide this many bytes of calls");
  static final Setting<Duration> MAX_CONNECTION_IDLE =
      LIMITS.duration("max-connection-idle", ofMinutes(5), ofSeconds(1), ofHours(24),
          "a connection with no call in flight for this long is closed (GOAWAY; clients reconnect when needed)");
  static final Setting<Duration> FIRST_REQUEST_TIMEOUT =
      LIMITS.duration("first-request-timeout", ofSeconds(20), ofMillis(100), ofHours(1),
          "a connection that starts no call within this time of connecting (TLS handshake included) is closed");

  static final Setting<Optional<String>> ADMIN_KEY =
      SECURITY.apiKey("admin-key", SecurityConfig.MIN_ADMIN_KEY_LENGTH, SecurityConfig.MAX_ADMIN_KEY_LENGTH,
          "bootstrap ADMIN API key (prefer the variable or `--admin-key-file`)");
  static final Setting<Optional<Path>> ADMIN_KEY_FILE =
      SECURITY.file("admin-key-file",
          "file holding the bootstrap ADMIN API key (its first line; e.g. a mounted secret); instead of `--admin-key`");
  static final Setting<Boolean> INSECURE_NO_AUTH =
      SECURITY.flag("insecure-no-auth", "DANGER: no API keys, every caller is ADMIN (local experiments only)");
  static final Setting<Duration> KEY_REFRESH_INTERVAL =
      SECURITY.duration("key-refresh-interval", ofSeconds(2), ofMillis(100), ofMinutes(5),
          "how often API keys are reloaded (how long a revocation takes on other instances)");
  static final Setting<Integer> MAX_FAILED_LOGINS =
      SECURITY.integer("max-failed-logins", 10, 1, 1_000_000,
          "failed logins (bad or missing API key) per second from one address before it is throttled: its failing "
              + "calls then get `RESOURCE_EXHAUSTED` with a retry delay; valid keys are never throttled");
  static final Setting<Duration> FAILED_LOGIN_BACKOFF =
      SECURITY.duration("failed-login-backoff", ofSeconds(10), ofMillis(100), ofHours(1),
          "how long an address stays throttled after too many failed logins");
  static final Setting<Optional<Path>> TLS_CERT =
      SECURITY.file("tls-cert", "server certificate chain (PEM); with `--tls-key` enables TLS");
  static final Setting<Optional<Path>> TLS_KEY =
      SECURITY.file("tls-key", "private key of `--tls-cert` (unencrypted PKCS#8 PEM)");
  static final Setting<Optional<Path>> TLS_CLIENT_CA =
      SECURITY.file("tls-client-ca", "CA certificates (PEM) for client certificates: requires mTLS");
  static final Setting<Duration> TLS_RELOAD_INTERVAL =
      SECURITY.duration("tls-reload-interval", ofMinutes(1), ofMillis(100), ofHours(24),
          "how often the TLS files are checked for changes; changed files serve new connections (open ones keep "
              + "theirs), files that do not load are logged and the previous ones kept");

  static final Setting<Duration> QUALITY_WINDOW =
      QUALITY.duration("quality-window", ofMinutes(15), ofMinutes(1), ofHours(24),
          "sliding window of provider outcome statistics");
  static final Setting<Integer> QUALITY_MIN_SAMPLES =
      QUALITY.integer("quality-min-samples", 20, 1, 1_000_000,
          "attempts before QUALITY trusts a provider's answer-seizure ratio");
  static final Setting<Integer> CIRCUIT_FAILURE_THRESHOLD =
      QUALITY.integer("circuit-failure-threshold", 5, 1, 1000,
          "provider-side failures in a row (5xx, 408, timeout, transport) that open a circuit");
  static final Setting<Duration> CIRCUIT_COOL_DOWN =
      QUALITY.duration("circuit-cool-down", ofSeconds(30), ofSeconds(1), ofHours(1),
          "time an open circuit waits before one trial call");
  static final Setting<Duration> PROBE_INTERVAL =
      QUALITY.duration("probe-interval", ofSeconds(15), ofMillis(100), ofHours(1),
          "time between SIP OPTIONS probes of a provider labelled `probe=options`");
  static final Setting<Duration> PROBE_TIMEOUT =
      QUALITY.duration("probe-timeout", ofSeconds(2), ofMillis(50), ofMinutes(1),
          "how long a probe waits for an answer; at most `--probe-interval`");
  static final Setting<Integer> PROBE_DOWN_THRESHOLD =
      QUALITY.integer("probe-down-threshold", 3, 1, 100, "unanswered probes in a row that mark a provider down");
  static final Setting<Integer> PROBE_UP_THRESHOLD =
      QUALITY.integer("probe-up-threshold", 2, 1, 100, "answered probes in a row that mark it up again");
  static final Setting<Duration> STATS_FLUSH_INTERVAL =
      QUALITY.duration("stats-flush-interval", ofSeconds(10), ofSeconds(1), ofMinutes(10),
          "how often statistics are written to the database and shared with other instances");

  /** Every setting, in declaration order: the order of --help and the README table. */
  static final List<Setting<?>> ALL = List.copyOf(declared);

  /** A condition between settings; its message names the flags. */
  record Rule(List<Setting<?>> settings, Function<SettingValues, String> violation) {}

  static final List<Rule> RULES =
      List.of(
          new Rule(
              List.of(DB_QUERY_TIMEOUT, DB_BULK_TIMEOUT),
              v -> v.get(DB_BULK_TIMEOUT).compareTo(v.get(DB_QUERY_TIMEOUT)) < 0
                  ? "--db-bulk-timeout must not be shorter than --db-query-timeout"
                  : null),
          new Rule(
              List.of(PROBE_INTERVAL, PROBE_TIMEOUT),
              v -> v.get(PROBE_TIMEOUT).compareTo(v.get(PROBE_INTERVAL)) > 0
                  ? "--probe-timeout " + Kind.formatDuration(v.get(PROBE_TIMEOUT))
                      + " must not be longer than --probe-interval " + Kind.formatDuration(v.get(PROBE_INTERVAL))
                  : null),
          new Rule(
              List.of(ADMIN_KEY, ADMIN_KEY_FILE),
              v -> v.get(ADMIN_KEY).isPresent() && v.get(ADMIN_KEY_FILE).isPresent()
                  ? "--admin-key and --admin-key-file must not both be given"
                  : v.get(ADMIN_KEY_FILE).map(Settings::adminKeyFileProblem).orElse(null)),
          new Rule(
              List.of(TLS_CERT, TLS_KEY),
              v -> v.get(TLS_CERT).isPresent() != v.get(TLS_KEY).isPresent()
                  ? "--tls-cert and --tls-key must be given together"
                  : null),
          new Rule(
              List.of(TLS_CLIENT_CA, TLS_CERT),
              v -> v.get(TLS_CLIENT_CA).isPresent() && v.get(TLS_CERT).isEmpty()
                  ? "--tls-client-ca needs --tls-cert and --tls-key (mTLS runs over TLS)"
                  : null));

  /** The key in an --admin-key-file, read as {@link SecurityConfig#adminKey} reads it. */
  static String readAdminKeyFile(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException("--admin-key-file '" + file + "' cannot be read: " + e.getMessage());
    }
  }

  private static String adminKeyFileProblem(Path file) {
    String problem =
        Kind.apiKeyProblem(readAdminKeyFile(file), SecurityConfig.MIN_ADMIN_KEY_LENGTH, SecurityConfig.MAX_ADMIN_KEY_LENGTH);
    return problem == null ? null : "--admin-key-file '" + file + "': the key on its first line " + problem;
  }

  /** --help: every setting with its variable, default, allowed values and help. */
  static String usage() {
    StringBuilder b =
        new StringBuilder(
            "usage: siproute-server [flags]\n\n"
                + "Each flag (--name value or --name=value) may instead be set by its environment variable;\n"
                + "a flag wins over the variable, the variable over the default. Durations: 500ms, 3s, 2m,\n"
                + "1h, 90d or plain seconds. Sizes: 4MiB, 512KiB or plain bytes.\n");
    for (Setting<?> s : ALL) {
      String defaultText = s.defaultText();
      b.append(String.format(
          "%n  %s (%s)  default %s; %s%n      %s%n",
          s.flag(), s.env(), defaultText.isEmpty() ? "empty" : defaultText, plain(s.kind.allowed()), plain(s.help)));
    }
    return b.toString();
  }

  /** Markdown code spans read as plain text on a terminal. */
  private static String plain(String markdown) {
    return markdown.replace("`", "");
  }

  static final String TABLE_HEADER = "| flag | environment | default | values | meaning |";

  /** The README's configuration table, one row per setting. */
  static List<String> markdownTable() {
    List<String> rows = new ArrayList<>();
    rows.add(TABLE_HEADER);
    rows.add("|---|---|---|---|---|");
    for (Setting<?> s : ALL) {
      String defaultText = s.defaultText();
      rows.add("| `" + s.flag() + "` | `" + s.env() + "` | "
          + (defaultText.isEmpty() ? "empty" : "`" + defaultText + "`") + " | "
          + s.kind.allowed() + " | " + s.help + " |");
    }
    return rows;
  }

  /** Declares the settings of one typed view, in order. */
  private static final class Declarer {
    private final Group group;

    Declarer(Group group) {
      this.group = group;
    }

    private <T> Setting<T> add(String name, Kind<T> kind, T defaultValue, String help, boolean secret) {
      for (Setting<?> s : declared) {
        if (s.name.equals(name)) {
          throw new IllegalStateException("setting --" + name + " is declared twice");
        }
      }
      Setting<T> setting = new Setting<>(declared.size(), group, name, kind, defaultValue, help, secret);
      declared.add(setting);
      return setting;
    }

    Setting<Integer> integer(String name, int defaultValue, int min, int max, String help) {
      return add(name, Kind.integer(min, max), defaultValue, help, false);
    }

    Setting<Duration> duration(String name, Duration defaultValue, Duration min, Duration max, String help) {
      return add(name, Kind.duration(min, max), defaultValue, help, false);
    }

    Setting<Integer> size(String name, int defaultBytes, int minBytes, int maxBytes, String help) {
      return add(name, Kind.size(minBytes, maxBytes), defaultBytes, help, false);
    }

    <E extends Enum<E>> Setting<E> oneOf(String name, E defaultValue, String help) {
      return add(name, Kind.oneOf(defaultValue.getDeclaringClass()), defaultValue, help, false);
    }

    /** Off by default; the flag alone turns it on. */
    Setting<Boolean> flag(String name, String help) {
      return add(name, Kind.flag(), false, help, false);
    }

    Setting<String> host(String name, String defaultValue, String help) {
      return add(name, Kind.host(), defaultValue, help, false);
    }

    Setting<String> currency(String name, String defaultValue, String help) {
      return add(name, Kind.currency(), defaultValue, help, false);
    }

    Setting<Path> folder(String name, Path defaultValue, String help) {
      return add(name, Kind.folder(), defaultValue, help, false);
    }

    /** Empty by default. */
    Setting<String> text(String name, String help) {
      return add(name, Kind.text(), "", help, false);
    }

    /** Empty by default; never shown. */
    Setting<String> secretText(String name, String help) {
      return add(name, Kind.text(), "", help, true);
    }

    /** None by default. */
    Setting<Optional<String>> jdbcUrl(String name, String help) {
      return add(name, Kind.jdbcUrl(), Optional.empty(), help, false);
    }

    /** None by default. */
    Setting<Optional<Path>> file(String name, String help) {
      return add(name, Kind.readableFile(), Optional.empty(), help, false);
    }

    /** None by default; never shown. */
    Setting<Optional<String>> apiKey(String name, int minLength, int maxLength, String help) {
      return add(name, Kind.apiKey(minLength, maxLength), Optional.empty(), help, true);
    }
  }
}
