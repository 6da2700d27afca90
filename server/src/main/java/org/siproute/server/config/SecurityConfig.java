package org.siproute.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.siproute.server.config.Setting.Group;

/**
 * Who may call the server and how the connection is protected. A view of the settings declared
 * in {@link Settings}.
 */
public final class SecurityConfig {
  public static final int MIN_ADMIN_KEY_LENGTH = 32;
  public static final int MAX_ADMIN_KEY_LENGTH = 512;

  public static final SecurityConfig DEFAULTS = new SecurityConfig(SettingValues.DEFAULTS);

  private final SettingValues values;

  SecurityConfig(SettingValues values) {
    this.values = values.requireConsistent();
  }

  SettingValues values() {
    return values;
  }

  /**
   * The bootstrap ADMIN key (SIPROUTE_ADMIN_KEY / --admin-key, or the first line of
   * --admin-key-file): accepted as an ADMIN key without being stored anywhere, so a fresh
   * install can be administered. The file is read when this is called (at start).
   */
  public Optional<String> adminKey() {
    return values.get(Settings.ADMIN_KEY).or(() -> values.get(Settings.ADMIN_KEY_FILE).map(Settings::readAdminKeyFile));
  }

  public SecurityConfig withAdminKeyFile(Path file) {
    return new SecurityConfig(values.with(Settings.ADMIN_KEY_FILE, Optional.of(file)));
  }

  /** Every call runs as an anonymous ADMIN without any key; for local experiments only, never on by default. */
  public boolean insecureNoAuth() {
    return values.get(Settings.INSECURE_NO_AUTH);
  }

  /**
   * How often each instance polls the key table's revision; bounds how long a key revoked on
   * another instance stays usable here.
   */
  public Duration keyRefreshInterval() {
    return values.get(Settings.KEY_REFRESH_INTERVAL);
  }

  /** Server certificate chain (PEM); with {@link #tlsKey} it turns TLS on. */
  public Optional<Path> tlsCert() {
    return values.get(Settings.TLS_CERT);
  }

  /** Private key of {@link #tlsCert} (unencrypted PKCS#8 PEM). */
  public Optional<Path> tlsKey() {
    return values.get(Settings.TLS_KEY);
  }

  /** CA certificates (PEM) that client certificates must chain to; set, every client must present one (mTLS). */
  public Optional<Path> tlsClientCa() {
    return values.get(Settings.TLS_CLIENT_CA);
  }

  /** How often the TLS files are checked for changes. */
  public Duration tlsReloadInterval() {
    return values.get(Settings.TLS_RELOAD_INTERVAL);
  }

  public boolean tlsEnabled() {
    return tlsCert().isPresent();
  }

  public boolean mutualTls() {
    return tlsClientCa().isPresent();
  }

  /** Failed logins per second from one address before its failing calls are throttled. */
  public int maxFailedLogins() {
    return values.get(Settings.MAX_FAILED_LOGINS);
  }

  /** How long a throttled address stays throttled. */
  public Duration failedLoginBackoff() {
    return values.get(Settings.FAILED_LOGIN_BACKOFF);
  }

  public SecurityConfig withFailedLoginThrottle(int maxPerSecond, Duration backOff) {
    return new SecurityConfig(values.with(Settings.MAX_FAILED_LOGINS, maxPerSecond).with(Settings.FAILED_LOGIN_BACKOFF, backOff));
  }

  public SecurityConfig withAdminKey(String key) {
    return new SecurityConfig(values.with(Settings.ADMIN_KEY, Optional.of(key)));
  }

  public SecurityConfig withInsecureNoAuth(boolean insecure) {
    return new SecurityConfig(values.with(Settings.INSECURE_NO_AUTH, insecure));
  }

  public SecurityConfig withKeyRefreshInterval(Duration interval) {
    return new SecurityConfig(values.with(Settings.KEY_REFRESH_INTERVAL, interval));
  }

  public SecurityConfig withTls(Path cert, Path key) {
    return new SecurityConfig(
        values.with(Settings.TLS_CERT, Optional.of(cert)).with(Settings.TLS_KEY, Optional.of(key)));
  }

  public SecurityConfig withTlsClientCa(Path clientCa) {
    return new SecurityConfig(values.with(Settings.TLS_CLIENT_CA, Optional.of(clientCa)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecurityConfig other && values.equalIn(Group.SECURITY, other.values);
  }

  @Override
  public int hashCode() {
    return values.hashIn(Group.SECURITY);
  }

  /** Never prints the admin key: configurations get logged. */
  @Override
  public String toString() {
    return "SecurityConfig[" + values.describe(Group.SECURITY) + "]";
  }
}
