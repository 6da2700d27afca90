package org.siproute.server.routing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * A called number as E.164 digits. Normalising accepts the ways people write numbers (a leading
 * "+", spaces, dashes, dots, brackets) and nothing else.
 */
public final class Destination {
  public static final int MIN_DIGITS = 3;
  public static final int MAX_DIGITS = 15;
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
  /** Country calling codes that exist, by value (1 to 999). */
  private static final boolean[] CALLING_CODES = new boolean[1000];

  static {
    for (int code : PHONE_NUMBERS.getSupportedCallingCodes()) {
      if (code > 0 && code < 1000) {
        CALLING_CODES[code] = true;
      }
    }
  }

  private final String digits;
  private final long number;

  private Destination(String digits, long number) {
    this.digits = digits;
    this.number = number;
  }

  /** The E.164 digits, or null when {@code raw} is not a phone number (see class comment). */
  public static Destination parse(String raw) {
    int length = raw.length();
    if (length == 0 || length > 64) {
      return null;
    }
    boolean onlyDigits = true;
    boolean seenPlus = false;
    int n = 0;
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        if (n == MAX_DIGITS) {
          return null;
        }
        value = value * 10 + (c - '0');
        n++;
      } else if (c == '+' && n == 0 && !seenPlus) {
        seenPlus = true;
        onlyDigits = false;
      } else if (isSeparator(c)) {
        onlyDigits = false;
      } else {
        return null;
      }
    }
    if (n < MIN_DIGITS) {
      return null;
    }
    if (onlyDigits) {
      return new Destination(raw, value);
    }
    char[] digits = new char[n];
    for (int i = 0, k = 0; i < length; i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        digits[k++] = c;
      }
    }
    return new Destination(new String(digits), value);
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
  }

  public String digits() {
    return digits;
  }

  /** The digits as a number (at most 15 digits fit). */
  long number() {
    return number;
  }

  int length() {
    return digits.length();
  }

  /** True when {@code code} is an assigned country calling code. */
  public static boolean isCallingCode(int code) {
    return code > 0 && code < CALLING_CODES.length && CALLING_CODES[code];
  }

  /** The country calling code (1 to 3 leading digits), or 0 when none matches. */
  public int callingCode() {
    for (int len = 1; len <= 3 && len < digits.length(); len++) {
      int code = (int) (number / PrefixMap.POW10[digits.length() - len]);
      if (CALLING_CODES[code]) {
        return code;
      }
    }
    return 0;
  }

  /** The main region of the calling code ("US" for +1), cheap; "ZZ" when unknown. */
  public String mainRegion() {
    int code = callingCode();
    return code == 0 ? "ZZ" : PHONE_NUMBERS.getRegionCodeForCountryCode(code);
  }

  /** The exact region of the number ("CA" for +1 416...), using full parsing; "ZZ" if unknown. */
  public String exactRegion() {
    try {
      PhoneNumber parsed = PHONE_NUMBERS.parse("+" + digits, "ZZ");
      String region = PHONE_NUMBERS.getRegionCodeForNumber(parsed);
      return region == null ? mainRegion() : region;
    } catch (NumberParseException e) {
      return mainRegion();
    }
  }

  /**
   * The number in the national form of its own country, digits only, with the country's
   * national (trunk) prefix where it dials one ("0301234567" for +49 30 1234567, "2125550100"
   * for +1 212 555 0100). The E.164 digits for a calling code without national numbering
   * (+800, +881, ...) or one libphonenumber does not know.
   */
  public String nationalDigits() {
    int code = callingCode();
    if (code == 0 || PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(PHONE_NUMBERS.getRegionCodeForCountryCode(code))) {
      return digits;
    }
    try {
      PhoneNumber parsed = PHONE_NUMBERS.parse("+" + digits, "ZZ");
      String national = PHONE_NUMBERS.format(parsed, PhoneNumberFormat.NATIONAL);
      StringBuilder out = new StringBuilder(national.length());
      for (int i = 0; i < national.length(); i++) {
        char c = national.charAt(i);
        if (c >= '0' && c <= '9') {
          out.append(c);
        }
      }
      return out.length() == 0 ? digits : out.toString();
    } catch (NumberParseException e) {
      return digits;
    }
  }

  @Override
  public String toString() {
    return digits;
  }
}
