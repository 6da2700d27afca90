package org.siproute.server.routing;

import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Route;

/**
 * The number as a provider is sent it: the destination written in the provider's number format,
 * then the route's translation (its strip_digits leading characters removed, its prepend put in
 * front). Without percent-encoding and without the provider's tech prefix and postfix.
 */
final class DialedNumber {
  private DialedNumber() {}

  /** The destination written in {@code format}. */
  static String written(Destination destination, NumberFormat format) {
    return switch (format) {
      case E164_DIGITS -> destination.digits();
      case E164_PLUS -> "+" + destination.digits();
      case NATIONAL -> destination.nationalDigits();
      case INTERNATIONAL_00 -> "00" + destination.digits();
      case INTERNATIONAL_011 -> "011" + destination.digits();
    };
  }

  /** {@code written} translated by {@code route}; null when the route would strip all of it. */
  static String translated(String written, Route route) {
    int strip = route.stripDigits();
    if (strip == 0 && route.prepend().isEmpty()) {
      return written;
    }
    if (strip >= written.length()) {
      return null;
    }
    return route.prepend().concat(written.substring(strip));
  }

  /** True when {@code route} changes the number its provider's format writes. */
  static boolean translates(Route route) {
    return route.stripDigits() > 0 || !route.prepend().isEmpty();
  }
}
