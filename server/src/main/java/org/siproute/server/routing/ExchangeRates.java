package org.siproute.server.routing;

import java.util.HashMap;
import java.util.Map;
import org.siproute.server.domain.ExchangeRate;

/**
 * The exchange rates of a snapshot: what a unit of each currency is worth in the platform
 * currency. Amounts are converted only through them, never compared raw across currencies.
 */
final class ExchangeRates {
  static final ExchangeRates NONE = new ExchangeRates("USD", Map.of());

  final String platformCurrency;
  /** Millionths of the platform currency per unit, by currency; never the platform's own. */
  private final Map<String, Long> platformMicros;

  ExchangeRates(String platformCurrency, Map<String, Long> platformMicros) {
    this.platformCurrency = platformCurrency;
    Map<String, Long> copy = new HashMap<>(platformMicros);
    copy.remove(platformCurrency);
    this.platformMicros = Map.copyOf(copy);
  }

  /** Millionths of the platform currency one unit of {@code currency} is worth; 0 when unknown. */
  long platformMicros(String currency) {
    if (currency.equals(platformCurrency)) {
      return ExchangeRate.ONE;
    }
    Long micros = platformMicros.get(currency);
    return micros == null ? 0 : micros;
  }

  /**
   * {@code amountMicros} of {@code from} in millionths of {@code to}, rounded to the nearest;
   * -1 when either currency has no exchange rate. Through doubles: exact to 53 bits, far more
   * than prices carry, and without the overflow a product of two large longs would risk.
   */
  long convert(long amountMicros, String from, String to) {
    if (from.equals(to)) {
      return amountMicros;
    }
    long fromMicros = platformMicros(from);
    long toMicros = platformMicros(to);
    if (fromMicros == 0 || toMicros == 0) {
      return -1;
    }
    return Math.round((double) amountMicros * fromMicros / toMicros);
  }

  int size() {
    return platformMicros.size();
  }
}
