package org.siproute.server.domain;

/**
 * One line of a provider's rate deck. {@code validFromMs} 0 = since always; {@code
 * validUntilMs} {@link Long#MAX_VALUE} = for ever (exclusive end).
 */
public record Rate(
    String providerId,
    String prefix,
    long priceMicros,
    String currency,
    long validFromMs,
    long validUntilMs) {

  public static final long FOREVER = Long.MAX_VALUE;

  public boolean validAt(long epochMs) {
    return epochMs >= validFromMs && epochMs < validUntilMs;
  }
}
