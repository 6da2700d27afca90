package org.siproute.server.auth;

/**
 * The ROUTER key of the start-up warm-up ({@code --warmup-calls}): made up when the warm-up
 * begins, known only to this process, and refused again once the warm-up has ended. It is
 * never stored or logged, and it can only ask for routing decisions, which change nothing.
 */
public final class WarmupKey {
  /** Actor name of the warm-up's calls. */
  public static final String ACTOR = "warm-up";

  private static final Principal PRINCIPAL = new Principal(ACTOR, Role.ROUTER, "");

  /** The hash of the current secret; null outside a warm-up. */
  private volatile KeyDigest digest;

  /** A fresh secret, accepted until {@link #close}. */
  public synchronized String open() {
    String secret = ApiKeySecrets.newSecret();
    digest = ApiKeySecrets.sha256(secret, 0, secret.length());
    return secret;
  }

  /** From now on no secret is accepted. */
  public synchronized void close() {
    digest = null;
  }

  /** Whether a secret is accepted now. */
  public boolean isOpen() {
    return digest != null;
  }

  /** The warm-up's caller when {@code secretSha256} is the open secret's hash, else null. */
  Principal find(KeyDigest secretSha256) {
    KeyDigest open = digest;
    return open != null && open.sameAs(secretSha256) ? PRINCIPAL : null;
  }
}
