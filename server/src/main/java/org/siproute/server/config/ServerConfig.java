package org.siproute.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.siproute.server.config.Setting.Group;

/**
 * Typed server configuration. Each setting comes from a flag ({@code --port 50051} or {@code
 * --port=50051}) or else from its environment variable ({@code SIPROUTE_PORT}), or else its
 * default; all are declared in {@link Settings}. Every value is checked up front; a bad one
 * stops startup with a message naming its flag. The with-methods check like parsing does, so no
 * configuration exists that an operator could not have given.
 */
public final class ServerConfig {
  private final SettingValues values;
  private final Optional<String> inProcessName;
  private final SecurityConfig security;
  private final QualityConfig quality;
  private final LimitsConfig limits;

  private ServerConfig(SettingValues values, Optional<String> inProcessName) {
    this.values = values.requireConsistent();
    this.inProcessName = Objects.requireNonNull(inProcessName);
    // Built once: the routing path reads some of these per call.
    this.security = new SecurityConfig(values);
    this.quality = new QualityConfig(values);
    this.limits = new LimitsConfig(values);
  }

  public static ServerConfig defaults() {
    return new ServerConfig(SettingValues.DEFAULTS, Optional.empty());
  }

  /** Parses flags and environment; throws {@link ConfigException} naming every bad value. */
  public static ServerConfig parse(String[] args, Map<String, String> env) {
    return new ServerConfig(SettingValues.parse(args, env), Optional.empty());
  }

  public static String usage() {
    return Settings.usage();
  }

  public String host() {
    return values.get(Settings.HOST);
  }

  public int port() {
    return values.get(Settings.PORT);
  }

  public int metricsPort() {
    return values.get(Settings.METRICS_PORT);
  }

  public Path dataDir() {
    return values.get(Settings.DATA_DIR);
  }

  public Optional<String> dbUrl() {
    return values.get(Settings.DB_URL);
  }

  public String dbUser() {
    return values.get(Settings.DB_USER);
  }

  public String dbPassword() {
    return values.get(Settings.DB_PASSWORD);
  }

  public int dbPoolSize() {
    return values.get(Settings.DB_POOL_SIZE);
  }

  public Duration dbConnectTimeout() {
    return values.get(Settings.DB_CONNECT_TIMEOUT);
  }

  public Duration pollInterval() {
    return values.get(Settings.POLL_INTERVAL);
  }

  public Duration dialIdleTimeout() {
    return values.get(Settings.DIAL_IDLE_TIMEOUT);
  }

  public Duration shutdownDrain() {
    return values.get(Settings.SHUTDOWN_DRAIN);
  }

  public Duration shutdownGrace() {
    return values.get(Settings.SHUTDOWN_GRACE);
  }

  /** Select calls of the start-up warm-up; 0 = none. */
  public int warmupCalls() {
    return values.get(Settings.WARMUP_CALLS);
  }

  /** How long audit events are kept; zero keeps them all. */
  public Duration auditRetention() {
    return values.get(Settings.AUDIT_RETENTION);
  }

  /** The platform currency: what exchange rates convert into. */
  public String currency() {
    return values.get(Settings.CURRENCY);
  }

  public LogFormat logFormat() {
    return values.get(Settings.LOG_FORMAT);
  }

  public boolean demo() {
    return values.get(Settings.DEMO);
  }

  public SecurityConfig security() {
    return security;
  }

  public QualityConfig quality() {
    return quality;
  }

  public LimitsConfig limits() {
    return limits;
  }

  /** The in-process transport name to serve on instead of a TCP port; tests only, so no flag. */
  public Optional<String> inProcessName() {
    return inProcessName;
  }

  public boolean embeddedDatabase() {
    return dbUrl().isEmpty();
  }

  /**
   * The JDBC URL in use: the configured one or the embedded H2 file under the data dir.
   *
   * <p>H2 writes a commit to its file only up to half a second later by default (WRITE_DELAY
   * 500 ms), so a kill -9 lost writes that had been answered OK and let revision numbers go
   * back. WRITE_DELAY=0 writes each commit before the call is answered (the operating system
   * then holds it: it survives a killed process, not a power cut). DB_CLOSE_ON_EXIT=FALSE: H2's
   * own exit hook would close the database while the server's shutdown still flushes
   * statistics into it; the server closes it last ({@code SiprouteServer#stop}).
   */
  public String effectiveDbUrl() {
    return dbUrl().orElseGet(
        () ->
            "jdbc:h2:file:"
                + dataDir().toAbsolutePath().resolve("siproute")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
  }

  public ServerConfig withInProcessName(String name) {
    return new ServerConfig(values, Optional.of(name));
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    return with(
        values.with(Settings.DB_URL, Optional.of(url))
            .with(Settings.DB_USER, user)
            .with(Settings.DB_PASSWORD, password));
  }

  public ServerConfig withPollInterval(Duration interval) {
    return with(values.with(Settings.POLL_INTERVAL, interval));
  }

  public ServerConfig withDialIdleTimeout(Duration timeout) {
    return with(values.with(Settings.DIAL_IDLE_TIMEOUT, timeout));
  }

  public ServerConfig withShutdownGrace(Duration grace) {
    return with(values.with(Settings.SHUTDOWN_GRACE, grace));
  }

  public ServerConfig withWarmupCalls(int calls) {
    return with(values.with(Settings.WARMUP_CALLS, calls));
  }

  public ServerConfig withShutdownDrain(Duration drain) {
    return with(values.with(Settings.SHUTDOWN_DRAIN, drain));
  }

  public ServerConfig withDbConnectTimeout(Duration timeout) {
    return with(values.with(Settings.DB_CONNECT_TIMEOUT, timeout));
  }

  public ServerConfig withSecurity(SecurityConfig newSecurity) {
    return with(values.withGroup(Group.SECURITY, newSecurity.values()));
  }

  public ServerConfig withQuality(QualityConfig newQuality) {
    return with(values.withGroup(Group.QUALITY, newQuality.values()));
  }

  public ServerConfig withLimits(LimitsConfig newLimits) {
    return with(values.withGroup(Group.LIMITS, newLimits.values()));
  }

  /** Accepts {@code key} as the bootstrap ADMIN key (what tests use to call the server). */
  public ServerConfig withAdminKey(String key) {
    return withSecurity(security.withAdminKey(key));
  }

  private ServerConfig with(SettingValues newValues) {
    return new ServerConfig(newValues, inProcessName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerConfig other && values.equals(other.values) && inProcessName.equals(other.inProcessName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, inProcessName);
  }

  /** Never shows a secret (the database password, the admin key): configurations get logged. */
  @Override
  public String toString() {
    return "ServerConfig[" + values.describe(Group.SERVER)
        + ", inProcessName=" + inProcessName.orElse("none")
        + ", security=" + security + ", quality=" + quality + ", limits=" + limits + "]";
  }
}
