package org.siproute.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the server and how the connection is protected.
 *
 * @param adminKey the bootstrap ADMIN key (SIPROUTE_ADMIN_KEY / --admin-key): accepted as an
 *     ADMIN key without being stored anywhere, so a fresh install can be administered
 * @param insecureNoAuth every call runs as an anonymous ADMIN without any key; for local
 *     experiments only, never on by default
 * @param keyRefreshInterval how often each instance polls the key table's revision; bounds
 *     how long a key revoked on another instance stays usable here
 * @param tlsCert server certificate chain (PEM); with tlsKey it turns TLS on
 * @param tlsKey private key of tlsCert (unencrypted PKCS#8 PEM)
 * @param tlsClientCa CA certificates (PEM) that client certificates must chain to; set, it
 *     requires every client to present one (mTLS)
 */
public record SecurityConfig(
    Optional<String> adminKey,
    boolean insecureNoAuth,
    Duration keyRefreshInterval,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Optional<Path> tlsClientCa) {

  public static final int MIN_ADMIN_KEY_LENGTH = 32;
  public static final int MAX_ADMIN_KEY_LENGTH = 512;

  public static final SecurityConfig DEFAULTS =
      new SecurityConfig(
          Optional.empty(), false, Duration.ofSeconds(2), Optional.empty(), Optional.empty(), Optional.empty());

  public SecurityConfig {
    Objects.requireNonNull(adminKey, "adminKey");
    Objects.requireNonNull(keyRefreshInterval, "keyRefreshInterval");
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(tlsClientCa, "tlsClientCa");
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new ConfigException("--tls-cert and --tls-key must be given together");
    }
    if (tlsClientCa.isPresent() && tlsCert.isEmpty()) {
      throw new ConfigException("--tls-client-ca needs --tls-cert and --tls-key (mTLS runs over TLS)");
    }
    adminKey.ifPresent(SecurityConfig::checkAdminKey);
  }

  /**
   * Refuses weak or header-unsafe bootstrap keys. The message never repeats the key: startup
   * errors end up in logs.
   */
  static void checkAdminKey(String key) {
    boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    if (key.length() < MIN_ADMIN_KEY_LENGTH || key.length() > MAX_ADMIN_KEY_LENGTH || !visibleAscii) {
      throw new ConfigException(
          "--admin-key (SIPROUTE_ADMIN_KEY) must be " + MIN_ADMIN_KEY_LENGTH + " to " + MAX_ADMIN_KEY_LENGTH
              + " visible ASCII characters without spaces, e.g. the output of 'openssl rand -base64 33'");
    }
  }

  public boolean tlsEnabled() {
    return tlsCert.isPresent();
  }

  public boolean mutualTls() {
    return tlsClientCa.isPresent();
  }

  public SecurityConfig withAdminKey(String key) {
    return new SecurityConfig(Optional.of(key), insecureNoAuth, keyRefreshInterval, tlsCert, tlsKey, tlsClientCa);
  }

  public SecurityConfig withInsecureNoAuth(boolean insecure) {
    return new SecurityConfig(adminKey, insecure, keyRefreshInterval, tlsCert, tlsKey, tlsClientCa);
  }

  public SecurityConfig withKeyRefreshInterval(Duration interval) {
    return new SecurityConfig(adminKey, insecureNoAuth, interval, tlsCert, tlsKey, tlsClientCa);
  }

  public SecurityConfig withTls(Path cert, Path key) {
    return new SecurityConfig(adminKey, insecureNoAuth, keyRefreshInterval, Optional.of(cert), Optional.of(key), tlsClientCa);
  }

  public SecurityConfig withTlsClientCa(Path clientCa) {
    return new SecurityConfig(adminKey, insecureNoAuth, keyRefreshInterval, tlsCert, tlsKey, Optional.of(clientCa));
  }

  /** Never prints the admin key: configurations get logged. */
  @Override
  public String toString() {
    return "SecurityConfig[adminKey=" + (adminKey.isPresent() ? "***" : "none")
        + ", insecureNoAuth=" + insecureNoAuth
        + ", keyRefreshInterval=" + keyRefreshInterval
        + ", tlsCert=" + tlsCert.map(Path::toString).orElse("none")
        + ", tlsKey=" + tlsKey.map(Path::toString).orElse("none")
        + ", tlsClientCa=" + tlsClientCa.map(Path::toString).orElse("none") + "]";
  }
}
