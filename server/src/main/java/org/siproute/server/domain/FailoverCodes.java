package org.siproute.server.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP final responses that fail a call over to the next provider, parsed from patterns:
 * "404", "5xx", "604-606", and exclusions "!600" applied after the inclusions.
 */
public final class FailoverCodes {
  /** The product brief's default: 404, 5xx and 6xx, but never busy-everywhere or decline. */
  public static final List<String> DEFAULT_PATTERNS = List.of("404", "5xx", "6xx", "!600", "!603");

  private static final Pattern SINGLE = Pattern.compile("([3-6][0-9][0-9])");
  private static final Pattern CLASS = Pattern.compile("([3-6])xx", Pattern.CASE_INSENSITIVE);
  private static final Pattern RANGE = Pattern.compile("([3-6][0-9][0-9])-([3-6][0-9][0-9])");

  // After the patterns: static fields initialise in order, and parse() needs them.
  public static final FailoverCodes DEFAULT = parse(DEFAULT_PATTERNS).orElseThrow();

  private final List<String> patterns;
  private final BitSet codes;

  private FailoverCodes(List<String> patterns, BitSet codes) {
    this.patterns = List.copyOf(patterns);
    this.codes = codes;
  }

  /** Parses patterns; empty when any pattern is malformed (see {@link #invalidPattern}). */
  public static Optional<FailoverCodes> parse(List<String> patterns) {
    BitSet include = new BitSet(700);
    BitSet exclude = new BitSet(700);
    List<String> normalised = new ArrayList<>();
    for (String raw : patterns) {
      String p = raw.trim();
      boolean negated = p.startsWith("!");
      String body = negated ? p.substring(1) : p;
      int[] range = rangeOf(body);
      if (range == null) {
        return Optional.empty();
      }
      (negated ? exclude : include).set(range[0], range[1] + 1);
      normalised.add(negated ? "!" + body.toLowerCase() : body.toLowerCase());
    }
    include.andNot(exclude);
    return Optional.of(new FailoverCodes(normalised, include));
  }

  /** The first malformed pattern, or empty when all parse. */
  public static Optional<String> invalidPattern(List<String> patterns) {
    for (String raw : patterns) {
      String p = raw.trim();
      if (rangeOf(p.startsWith("!") ? p.substring(1) : p) == null) {
        return Optional.of(raw);
      }
    }
    return Optional.empty();
  }

  private static int[] rangeOf(String body) {
    Matcher m = SINGLE.matcher(body);
    if (m.matches()) {
      int c = Integer.parseInt(body);
      return new int[] {c, c};
    }
    m = CLASS.matcher(body);
    if (m.matches()) {
      int c = Integer.parseInt(m.group(1)) * 100;
      return new int[] {c, c + 99};
    }
    m = RANGE.matcher(body);
    if (m.matches()) {
      int from = Integer.parseInt(m.group(1));
      int to = Integer.parseInt(m.group(2));
      return from <= to ? new int[] {from, to} : null;
    }
    return null;
  }

  public boolean failsOver(int sipCode) {
    return sipCode >= 0 && sipCode < 700 && codes.get(sipCode);
  }

  public List<String> patterns() {
    return patterns;
  }

  /** Comma-separated, as stored. */
  public String toStorage() {
    return String.join(",", patterns);
  }

  public static FailoverCodes fromStorage(String stored) {
    if (stored.isBlank()) {
      return DEFAULT;
    }
    return parse(List.of(stored.split(","))).orElse(DEFAULT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailoverCodes other && other.codes.equals(codes);
  }

  @Override
  public int hashCode() {
    return codes.hashCode();
  }

  @Override
  public String toString() {
    return toStorage();
  }
}
