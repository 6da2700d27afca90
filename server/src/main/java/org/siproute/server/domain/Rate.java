package org.siproute.server.domain;

/**
 * One line of a provider's rate deck. {@code validFromMs} 0 = since always; {@code
 * validUntilMs} {@link Long#MAX_VALUE} = for ever (exclusive end). {@code connectFeeMicros} is
 * charged once per answered call; the increments say how the call's length is billed (see
 * {@link #billedSeconds}); they are stored as given, never 0 (0 on the wire means 60).
 */
public record Rate(
    String providerId,
    String prefix,
    long priceMicros,
    String currency,
    long validFromMs,
    long validUntilMs,
    long connectFeeMicros,
    int firstIncrementSeconds,
    int nextIncrementSeconds) {

  public static final long FOREVER = Long.MAX_VALUE;
  /** The increment of a deck that names none: per-minute billing. */
  public static final int DEFAULT_INCREMENT_SECONDS = 60;
  /** The longest billing increment accepted, in seconds. */
  public static final int MAX_INCREMENT_SECONDS = 3600;

  public Rate {
    if (firstIncrementSeconds <= 0 || nextIncrementSeconds <= 0) {
      throw new IllegalArgumentException("billing increments must be positive");
    }
  }

  /** A per-minute rate without a connect fee, billed 60/60. */
  public Rate(String providerId, String prefix, long priceMicros, String currency, long validFromMs, long validUntilMs) {
    this(providerId, prefix, priceMicros, currency, validFromMs, validUntilMs, 0,
        DEFAULT_INCREMENT_SECONDS, DEFAULT_INCREMENT_SECONDS);
  }

  public boolean validAt(long epochMs) {
    return epochMs >= validFromMs && epochMs < validUntilMs;
  }

  /**
   * The seconds billed for an answered call of {@code seconds}: the first increment when the
   * call is no longer, else the first plus as many whole next increments as cover the rest.
   */
  public static long billedSeconds(long seconds, int first, int next) {
    if (seconds <= first) {
      return first;
    }
    long rest = seconds - first;
    return first + (rest + next - 1) / next * next;
  }

  /**
   * What an answered call of {@code seconds} costs, in millionths of the rate's currency: the
   * connect fee plus the price per minute for the billed seconds, rounded to the nearest micro
   * (half up). Exact for every accepted value: prices up to 10^12 times billed seconds up to
   * about 10^5 stay far below 2^63.
   */
  public static long callCostMicros(long priceMicros, long connectFeeMicros, int first, int next, long seconds) {
    long billed = billedSeconds(seconds, first, next);
    return connectFeeMicros + (priceMicros * billed + 30) / 60;
  }
}
