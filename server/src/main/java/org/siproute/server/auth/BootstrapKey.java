package org.siproute.server.auth;

import java.util.Optional;
import org.siproute.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ADMIN key accepted without being stored, so that a fresh install can be administered:
 * SIPROUTE_ADMIN_KEY / --admin-key, or with --demo and neither, a key made up at start and
 * logged plainly (a demo must be usable, and must not be open to anybody). Only its hash is
 * kept; the configured key is never logged.
 */
public final class BootstrapKey {
  private static final Logger log = LoggerFactory.getLogger(BootstrapKey.class);

  /** The hash of the key, null when there is none. */
  private final KeyDigest digest;
  private final Optional<String> demoSecret;

  private BootstrapKey(Optional<String> secretSha256, Optional<String> demoSecret) {
    this.digest = secretSha256.map(KeyDigest::ofHex).orElse(null);
    this.demoSecret = demoSecret;
  }

  public static BootstrapKey fromConfig(ServerConfig config) {
    if (config.security().insecureNoAuth()) {
      log.warn("*****************************************************************************");
      log.warn("INSECURE: --insecure-no-auth is set. API keys are NOT checked: every caller,");
      log.warn("from wherever it can reach this port, is an ADMIN. Never run like this on a");
      log.warn("network; unset SIPROUTE_INSECURE_NO_AUTH to turn authentication back on.");
      log.warn("*****************************************************************************");
    }
    Optional<String> configured = config.security().adminKey();
    if (configured.isPresent()) {
      log.info("bootstrap ADMIN key configured (SIPROUTE_ADMIN_KEY / --admin-key / --admin-key-file)");
      return new BootstrapKey(configured.map(ApiKeySecrets::sha256Hex), Optional.empty());
    }
    if (config.demo() && !config.security().insecureNoAuth()) {
      String secret = ApiKeySecrets.newSecret();
      // Printing a secret is deliberate here, and only here: this key lives as long as the
      // process and exists so that whoever started the demo can use it.
      log.warn("demo admin key: {}", secret);
      log.warn("  call with: grpcurl -H 'authorization: Bearer {}' ... (valid until this process stops;"
          + " set SIPROUTE_ADMIN_KEY for a fixed key)", secret);
      return new BootstrapKey(Optional.of(ApiKeySecrets.sha256Hex(secret)), Optional.of(secret));
    }
    if (!config.security().insecureNoAuth()) {
      log.info("no bootstrap ADMIN key (SIPROUTE_ADMIN_KEY / --admin-key): only stored API keys are accepted");
    }
    return new BootstrapKey(Optional.empty(), Optional.empty());
  }

  /** Whether a secret with this hash is the bootstrap key. */
  boolean matches(KeyDigest secretSha256) {
    return this.digest != null && this.digest.sameAs(secretSha256);
  }

  /** The key made up for --demo, if one was. */
  public Optional<String> demoSecret() {
    return demoSecret;
  }
}
