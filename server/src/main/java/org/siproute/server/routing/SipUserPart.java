package org.siproute.server.routing;

import java.nio.charset.StandardCharsets;

/**
 * The user part of a SIP URI as RFC 3261 (section 25.1) allows it: unreserved characters
 * (letters, digits, "-_.!~*'()") and user-unreserved ones ("&=+$,;?/") stand as they are,
 * everything else (e.g. "#", which would start a fragment) is percent-encoded byte by byte.
 */
final class SipUserPart {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final String MARKS = "-_.!~*'()&=+$,;?/";

  private SipUserPart() {}

  /** {@code text} with every character a user part does not allow percent-encoded. */
  static String escape(String text) {
    int first = 0;
    while (first < text.length() && isAllowed(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text; // the usual case: digits only, nothing to copy
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isAllowed(c)) {
        out.append(c);
        continue;
      }
      int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
      for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      i = end - 1;
    }
    return out.toString();
  }

  static boolean isAllowed(char c) {
    return (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || MARKS.indexOf(c) >= 0;
  }
}
