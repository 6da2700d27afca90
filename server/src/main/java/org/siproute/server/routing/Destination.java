package org.siproute.server.routing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Arrays;
import java.util.Set;

/**
 * A called number as E.164 digits. Normalising accepts the ways people write numbers (a leading
 * "+", spaces, dashes, dots, brackets) and nothing else; in a default region, also the ways
 * people there dial (national numbers, the region's international access code).
 */
public final class Destination {
  public static final int MIN_DIGITS = 3;
  public static final int MAX_DIGITS = 15;
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
  /** Country calling codes that exist, by value (1 to 999). */
  private static final boolean[] CALLING_CODES = new boolean[1000];
  /**
   * The main region of each calling code ("ZZ" for none), by value: every Select answers with
   * it, and libphonenumber's own lookup boxes the code and walks a map.
   */
  private static final String[] MAIN_REGIONS = new String[1000];

  static {
    Arrays.fill(MAIN_REGIONS, "ZZ");
    for (int code : PHONE_NUMBERS.getSupportedCallingCodes()) {
      if (code > 0 && code < 1000) {
        CALLING_CODES[code] = true;
        MAIN_REGIONS[code] = PHONE_NUMBERS.getRegionCodeForCountryCode(code);
      }
    }
  }

  private static final Set<String> REGIONS = PHONE_NUMBERS.getSupportedRegions();

  private final String digits;
  private final long number;
  /** How the number was read in a default region; null when it was read as E.164 without one. */
  private final String reading;

  private Destination(String digits, long number) {
    this(digits, number, null);
  }

  private Destination(String digits, long number, String reading) {
    this.digits = digits;
    this.number = number;
    this.reading = reading;
  }

  /** True for "" (no region) and for the ISO 3166-1 alpha-2 codes libphonenumber has numbers of. */
  public static boolean isRegion(String region) {
    return region.isEmpty() || REGIONS.contains(region);
  }

  /**
   * The E.164 digits of {@code raw} as dialled in {@code region} ("" = none: {@link
   * #parse(String)}), or null when it is not a phone number. A number with "+" is E.164. One
   * without is read in the region when it is a valid number there (national, with the region's
   * international access code, or E.164 digits of the region's own calling code) unless it is
   * a national number without trunk prefix whose digits are also valid E.164; else as E.164
   * digits when those make a valid number, else in the region when it is a possible number
   * there, else as the digits given.
   */
  public static Destination parse(String raw, String region) {
    Destination asGiven = parse(raw);
    if (region.isEmpty() || raw.indexOf('+') >= 0 || (asGiven == null && !looksDialled(raw))) {
      return asGiven;
    }
    PhoneNumber inRegion = null;
    try {
      inRegion = PHONE_NUMBERS.parseAndKeepRawInput(raw, region); // keeps how the code was found
    } catch (NumberParseException e) {
      // not a number in the region: only the digits as given are left
    }
    boolean validInRegion = inRegion != null && PHONE_NUMBERS.isValidNumber(inRegion);
    boolean validAsGiven = asGiven != null && isValidE164(asGiven.digits);
    // A national number without the region's trunk prefix ("442071234567" in DE) may as well
    // be E.164 digits without "+": when those are valid, they win.
    boolean bareNational =
        validInRegion
            && inRegion.getCountryCodeSource() == PhoneNumber.CountryCodeSource.FROM_DEFAULT_COUNTRY
            && !trunkPrefixed(raw, inRegion);
    if (validInRegion && !(bareNational && validAsGiven)) {
      return read(inRegion, region);
    }
    if (validAsGiven) {
      return asGiven.readAs("E.164 without '+'");
    }
    if (inRegion != null && PHONE_NUMBERS.isPossibleNumber(inRegion)) {
      Destination possible = read(inRegion, region);
      return possible == null ? null : possible.readAs(possible.reading + ", not a valid number there");
    }
    return asGiven == null ? null : asGiven.readAs("the digits as given (neither valid in " + region + " nor as E.164)");
  }

  /**
   * Only the characters {@link #parse(String)} accepts, within its length, and at least its
   * fewest digits: worth a parse in a region.
   */
  private static boolean looksDialled(String raw) {
    if (raw.isEmpty() || raw.length() > 64) {
      return false;
    }
    int digits = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!isSeparator(c)) {
        return false;
      }
    }
    return digits >= MIN_DIGITS;
  }

  private static Destination read(PhoneNumber parsed, String region) {
    String e164 = PHONE_NUMBERS.format(parsed, PhoneNumberFormat.E164); // "+49301234567"
    Destination d = parse(e164);
    if (d == null) {
      return null;
    }
    String how =
        switch (parsed.getCountryCodeSource()) {
          case FROM_NUMBER_WITH_IDD -> "international access code of " + region;
          case FROM_NUMBER_WITHOUT_PLUS_SIGN -> "E.164 without '+'";
          case FROM_DEFAULT_COUNTRY -> "national number in " + region;
          default -> "E.164";
        };
    return d.readAs(how + " (default_region " + region + ")");
  }

  /** True when {@code raw} has more digits than the number's national part: a trunk prefix. */
  private static boolean trunkPrefixed(String raw, PhoneNumber parsed) {
    int digits = 0;
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) >= '0' && raw.charAt(i) <= '9') {
        digits++;
      }
    }
    return digits > PHONE_NUMBERS.getNationalSignificantNumber(parsed).length();
  }

  private static boolean isValidE164(String digits) {
    try {
      return PHONE_NUMBERS.isValidNumber(PHONE_NUMBERS.parse("+" + digits, "ZZ"));
    } catch (NumberParseException e) {
      return false;
    }
  }

  private Destination readAs(String how) {
    return new Destination(digits, number, how);
  }

  /** How the number was read in a default region, for explain; null without one. */
  public String reading() {
    return reading;
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
    return regionOf(callingCode());
  }

  /** The main region of a calling code that {@link #callingCode} found (0 for none gives "ZZ"). */
  private static String regionOf(int callingCode) {
    return MAIN_REGIONS[callingCode];
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
    if (code == 0 || PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(regionOf(code))) {
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
