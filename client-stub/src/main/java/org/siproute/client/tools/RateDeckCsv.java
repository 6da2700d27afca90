package org.siproute.client.tools;

import com.google.protobuf.Timestamp;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siproute.proto.v1.Rate;

/**
 * The CSV form of a rate deck, as carriers send them:
 *
 * <pre>
 * prefix,price,currency,valid_from,valid_until,connect_fee,first_increment,next_increment
 * 4930,0.0125,EUR,,,0.01,30,6
 * 1212,0.004,USD,2026-01-01T00:00:00Z,,,,
 * </pre>
 *
 * The header row is optional; price is per minute and connect_fee per answered call, both in
 * currency units (up to 6 decimals); the validity columns are optional ISO-8601 instants; the
 * increments are whole seconds (empty or 0: 60). Files of the older five-column form (without
 * the last three columns) are read as decks without connect fees, billed 60/60. A leading "+"
 * on the prefix is accepted.
 */
final class RateDeckCsv {
  static final String HEADER =
      "prefix,price,currency,valid_from,valid_until,connect_fee,first_increment,next_increment";

  private RateDeckCsv() {}

  /** A line that could not be read, with its 1-based line number in the file. */
  static final class BadLine extends Exception {
    final long lineNumber;

    BadLine(long lineNumber, String message) {
      super("line " + lineNumber + ": " + message);
      this.lineNumber = lineNumber;
    }
  }

  static boolean isHeader(String line) {
    return line.toLowerCase(Locale.ROOT).startsWith("prefix");
  }

  /** Parses one data line; null for a blank line or a comment (#). */
  static Rate parse(String line, long lineNumber) throws BadLine {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    List<String> cells = split(trimmed);
    if (cells.size() < 3 || cells.size() > 8) {
      throw new BadLine(lineNumber, "expected 3 to 8 columns (" + HEADER + "), got " + cells.size());
    }
    String prefix = cells.get(0);
    if (prefix.startsWith("+")) {
      prefix = prefix.substring(1);
    }
    if (!prefix.matches("[0-9]{1,15}")) {
      throw new BadLine(lineNumber, "prefix '" + cells.get(0) + "' must be 1 to 15 digits");
    }
    long micros = micros(cells.get(1), lineNumber, "price");
    String currency = cells.get(2).toUpperCase(Locale.ROOT);
    if (!currency.matches("[A-Z]{3}")) {
      throw new BadLine(lineNumber, "currency '" + cells.get(2) + "' must be a three-letter ISO 4217 code");
    }
    Rate.Builder rate = Rate.newBuilder().setPrefix(prefix).setPriceMicros(micros).setCurrency(currency);
    if (cells.size() > 3 && !cells.get(3).isEmpty()) {
      rate.setValidFrom(instant(cells.get(3), lineNumber, "valid_from"));
    }
    if (cells.size() > 4 && !cells.get(4).isEmpty()) {
      rate.setValidUntil(instant(cells.get(4), lineNumber, "valid_until"));
    }
    if (cells.size() > 5 && !cells.get(5).isEmpty()) {
      rate.setConnectFeeMicros(micros(cells.get(5), lineNumber, "connect_fee"));
    }
    if (cells.size() > 6 && !cells.get(6).isEmpty()) {
      rate.setFirstIncrementSeconds(seconds(cells.get(6), lineNumber, "first_increment"));
    }
    if (cells.size() > 7 && !cells.get(7).isEmpty()) {
      rate.setNextIncrementSeconds(seconds(cells.get(7), lineNumber, "next_increment"));
    }
    return rate.build();
  }

  /** An amount in currency units, up to 6 decimals, as millionths. */
  private static long micros(String text, long lineNumber, String column) throws BadLine {
    try {
      BigDecimal amount = new BigDecimal(text);
      if (amount.signum() < 0 || amount.scale() > 6) {
        throw new BadLine(lineNumber, column + " '" + text + "' must be positive with at most 6 decimals");
      }
      return amount.movePointRight(6).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadLine(lineNumber, column + " '" + text + "' is not a number");
    }
  }

  private static int seconds(String text, long lineNumber, String column) throws BadLine {
    if (!text.matches("[0-9]{1,9}")) {
      throw new BadLine(lineNumber, column + " '" + text + "' must be a whole number of seconds");
    }
    return Integer.parseInt(text);
  }

  static String format(Rate rate) {
    StringBuilder b = new StringBuilder(48)
        .append(rate.getPrefix()).append(',')
        .append(BigDecimal.valueOf(rate.getPriceMicros(), 6).stripTrailingZeros().toPlainString()).append(',')
        .append(rate.getCurrency()).append(',');
    if (rate.hasValidFrom()) {
      b.append(Instant.ofEpochSecond(rate.getValidFrom().getSeconds(), rate.getValidFrom().getNanos()));
    }
    b.append(',');
    if (rate.hasValidUntil()) {
      b.append(Instant.ofEpochSecond(rate.getValidUntil().getSeconds(), rate.getValidUntil().getNanos()));
    }
    b.append(',').append(BigDecimal.valueOf(rate.getConnectFeeMicros(), 6).stripTrailingZeros().toPlainString())
        .append(',').append(rate.getFirstIncrementSeconds())
        .append(',').append(rate.getNextIncrementSeconds());
    return b.toString();
  }

  private static Timestamp instant(String text, long lineNumber, String column) throws BadLine {
    try {
      Instant i = Instant.parse(text);
      return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    } catch (DateTimeParseException e) {
      throw new BadLine(lineNumber, column + " '" + text + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }

  /** Splits on commas; cells may be double-quoted (carriers' spreadsheets quote everything). */
  private static List<String> split(String line) {
    List<String> cells = new ArrayList<>(5);
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString().strip());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString().strip());
    return cells;
  }
}
