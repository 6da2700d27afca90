package org.siproute.server.domain;

/**
 * What one unit of {@code currency} is worth in the platform currency, in millionths of it
 * ({@code platformMicros} 1260000: one unit is worth 1.26 of the platform currency). The
 * platform currency itself has none: it is always worth 1000000.
 */
public record ExchangeRate(String currency, long platformMicros, long updateMs) {
  /** One unit of the platform currency, in its own millionths. */
  public static final long ONE = 1_000_000;
  /** The most a unit may be worth: 10^6 units of the platform currency. */
  public static final long MAX_PLATFORM_MICROS = 1_000_000_000_000L;
}
