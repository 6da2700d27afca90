package org.siproute.server.auth;

import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Turns the {@code authorization: Bearer <secret>} header of a call into a {@link Principal}.
 * Costs one SHA-256 and one map lookup; the database is never asked (see {@link ApiKeyCache}).
 * Refusals never echo what was sent.
 */
public final class Authenticator {
  private static final String BEARER = "bearer ";

  private final BootstrapKey bootstrap;
  private final ApiKeyCache keys;

  @Inject
  Authenticator(BootstrapKey bootstrap, ApiKeyCache keys) {
    this.bootstrap = bootstrap;
    this.keys = keys;
  }

  /**
   * The caller whose {@code authorization} header is {@code value} (null when there is none), or
   * UNAUTHENTICATED for a missing, malformed, unknown or revoked key.
   */
  public Principal authenticate(String value) {
    if (value == null) {
      throw new ServiceException(
          ErrorCode.API_KEY_MISSING, "missing API key: send the header 'authorization: Bearer <api key>'");
    }
    if (value.length() <= BEARER.length()
        || !value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      throw unauthenticated("malformed authorization header: expected 'Bearer <api key>'");
    }
    String secret = value.substring(BEARER.length()).trim();
    if (secret.isEmpty() || secret.length() > ApiKeySecrets.MAX_SECRET_LENGTH) {
      throw unauthenticated("malformed authorization header: expected 'Bearer <api key>'");
    }
    String hash = ApiKeySecrets.sha256Hex(secret);
    if (bootstrap.matches(hash)) {
      return Principal.bootstrap();
    }
    Optional<Principal> principal = keys.find(hash);
    if (principal.isEmpty()) {
      throw unauthenticated("unknown or revoked API key");
    }
    return principal.get();
  }

  private static ServiceException unauthenticated(String message) {
    return new ServiceException(ErrorCode.UNAUTHENTICATED, message);
  }
}
