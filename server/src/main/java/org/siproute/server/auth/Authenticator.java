package org.siproute.server.auth;

import jakarta.inject.Inject;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Turns the {@code authorization: Bearer <secret>} header of a call into a {@link Principal}.
 * Costs one map lookup, and a SHA-256 with two small allocations when the thread's previous
 * call came with another key ({@link ApiKeySecrets#sha256Memoized}); the database is never
 * asked (see {@link ApiKeyCache}). Revocation needs no flush of that memo: the lookup by
 * digest runs on every call.
 * Refusals never echo what was sent.
 */
public final class Authenticator {
  private static final String BEARER = "bearer ";

  private final BootstrapKey bootstrap;
  private final ApiKeyCache keys;
  private final WarmupKey warmup;

  @Inject
  Authenticator(BootstrapKey bootstrap, ApiKeyCache keys, WarmupKey warmup) {
    this.bootstrap = bootstrap;
    this.keys = keys;
    this.warmup = warmup;
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
    if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthenticated("malformed authorization header: expected 'Bearer <api key>'");
    }
    // The secret, trimmed as String.trim would, without copying it.
    int start = BEARER.length();
    int end = value.length();
    while (start < end && value.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && value.charAt(end - 1) <= ' ') {
      end--;
    }
    if (start == end || end - start > ApiKeySecrets.MAX_SECRET_LENGTH) {
      throw unauthenticated("malformed authorization header: expected 'Bearer <api key>'");
    }
    KeyDigest hash = ApiKeySecrets.sha256Memoized(value, start, end);
    if (bootstrap.matches(hash)) {
      return Principal.bootstrap();
    }
    Principal principal = keys.find(hash);
    if (principal == null) {
      principal = warmup.find(hash);
    }
    if (principal == null) {
      throw unauthenticated("unknown or revoked API key");
    }
    return principal;
  }

  private static ServiceException unauthenticated(String message) {
    return new ServiceException(ErrorCode.UNAUTHENTICATED, message);
  }
}
