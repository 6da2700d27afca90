package org.siproute.client.tools;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAction;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.TimeWindow;

/**
 * The CSV form of one owner's route table, one route per line, every field ImportRoutes takes:
 *
 * <pre>
 * prefix,provider_id,priority,weight,action,block_sip_code,source_prefix,strip_digits,prepend,disabled,time_zone,windows,name,detail
 * 49,carrier-a,10,1,ROUTE,,,,,false,,,Germany,
 * 4930,carrier-b,20,0,ROUTE,,44,1,0,false,Europe/Berlin,12345/08:00-18:00 67/10:00-14:00,Berlin office hours,
 * 4990,,,,BLOCK,404,,,,false,,,premium rate,"fraud, since 2026"
 * </pre>
 *
 * The header row is optional. Empty cells are the field's default (0, "", ROUTE, false).
 * time_zone empty means the route always applies; with a time zone, windows lists the
 * schedule's windows separated by spaces, each DAYS/HH:MM-HH:MM where DAYS are the digits of
 * the weekdays (1 = Monday ... 7 = Sunday) or "*" for every day. Cells may be double-quoted,
 * with "" for a quote inside: names and details may hold commas. A leading "+" on a prefix is
 * accepted. The columns are the same on export, so an exported file imports unchanged.
 */
final class RouteTableCsv {
  static final String HEADER =
      "prefix,provider_id,priority,weight,action,block_sip_code,source_prefix,strip_digits,prepend,disabled,"
          + "time_zone,windows,name,detail";
  static final int COLUMNS = 14;

  private RouteTableCsv() {}

  /** A line that could not be read, with its 1-based line number in the file. */
  static final class BadLine extends Exception {
    BadLine(long lineNumber, String message) {
      super("line " + lineNumber + ": " + message);
    }
  }

  static boolean isHeader(String line) {
    return line.toLowerCase(Locale.ROOT).startsWith("prefix,");
  }

  /** Parses and checks one data line; null for a blank line or a comment (#). */
  static Route parse(String line, long n) throws BadLine {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    List<String> cells = split(trimmed, n);
    if (cells.size() != COLUMNS) {
      throw new BadLine(n, "expected " + COLUMNS + " columns (" + HEADER + "), got " + cells.size());
    }
    Route.Builder r = Route.newBuilder();
    r.setPrefix(digits(plusless(cells.get(0)), n, "prefix"));
    String action = cells.get(4).toUpperCase(Locale.ROOT);
    switch (action) {
      case "", "ROUTE" -> r.setAction(RouteAction.ROUTE);
      case "BLOCK" -> r.setAction(RouteAction.BLOCK);
      default -> throw new BadLine(n, "action '" + cells.get(4) + "' must be ROUTE or BLOCK");
    }
    String provider = cells.get(1);
    if (action.equals("BLOCK")) {
      if (!provider.isEmpty()) {
        throw new BadLine(n, "provider_id must be empty for a BLOCK route");
      }
    } else if (!provider.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new BadLine(n, "provider_id '" + provider + "' must be a provider id (required for a ROUTE route)");
    }
    r.setProviderId(provider);
    r.setPriority(number(cells.get(2), n, "priority", 0, 1_000_000));
    r.setWeight(number(cells.get(3), n, "weight", 0, 1_000_000));
    int code = number(cells.get(5), n, "block_sip_code", 0, 699);
    if (code != 0 && code < 400) {
      throw new BadLine(n, "block_sip_code '" + cells.get(5) + "' must be 400 to 699, or empty for 403");
    }
    r.setBlockSipCode(code);
    r.setSourcePrefix(digits(plusless(cells.get(6)), n, "source_prefix"));
    r.setStripDigits(number(cells.get(7), n, "strip_digits", 0, 15));
    if (!cells.get(8).matches("[0-9*#+]{0,32}")) {
      throw new BadLine(n, "prepend '" + cells.get(8) + "' must be at most 32 of 0-9, '*', '#' and '+'");
    }
    r.setPrepend(cells.get(8));
    switch (cells.get(9).toLowerCase(Locale.ROOT)) {
      case "", "false" -> r.setDisabled(false);
      case "true" -> r.setDisabled(true);
      default -> throw new BadLine(n, "disabled '" + cells.get(9) + "' must be true or false");
    }
    if (!cells.get(10).isEmpty()) {
      r.setSchedule(schedule(cells.get(10), cells.get(11), n));
    } else if (!cells.get(11).isEmpty()) {
      throw new BadLine(n, "windows need a time_zone");
    }
    r.setName(text(cells.get(12), n, "name", 200));
    r.setDetail(text(cells.get(13), n, "detail", 2000));
    return r.build();
  }

  /** The key ImportRoutes matches routes by: two lines with one key are refused. */
  static String key(Route r) {
    return r.getAction() == RouteAction.BLOCK
        ? "BLOCK prefix '" + r.getPrefix() + "' source_prefix '" + r.getSourcePrefix() + "'"
        : "prefix '" + r.getPrefix() + "' provider '" + r.getProviderId() + "'";
  }

  static String format(Route r) {
    List<String> cells = new ArrayList<>(COLUMNS);
    cells.add(r.getPrefix());
    cells.add(r.getProviderId());
    cells.add(Integer.toString(r.getPriority()));
    cells.add(Integer.toString(r.getWeight()));
    cells.add(r.getAction() == RouteAction.BLOCK ? "BLOCK" : "ROUTE");
    cells.add(r.getBlockSipCode() == 0 ? "" : Integer.toString(r.getBlockSipCode()));
    cells.add(r.getSourcePrefix());
    cells.add(Integer.toString(r.getStripDigits()));
    cells.add(r.getPrepend());
    cells.add(Boolean.toString(r.getDisabled()));
    cells.add(r.hasSchedule() ? r.getSchedule().getTimeZone() : "");
    List<String> windows = new ArrayList<>();
    for (TimeWindow w : r.getSchedule().getWindowsList()) {
      StringBuilder days = new StringBuilder();
      w.getDaysList().forEach(days::append);
      windows.add((days.isEmpty() ? "*" : days) + "/" + w.getStartTime() + "-" + w.getEndTime());
    }
    cells.add(String.join(" ", windows));
    cells.add(r.getName());
    cells.add(r.getDetail());
    StringBuilder line = new StringBuilder(64);
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      String c = cells.get(i);
      line.append(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
    }
    return line.toString();
  }

  private static Schedule schedule(String zone, String windows, long n) throws BadLine {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new BadLine(n, "time_zone '" + zone + "' is not an IANA time zone such as Europe/Berlin");
    }
    Schedule.Builder s = Schedule.newBuilder().setTimeZone(zone);
    for (String w : windows.strip().split("\\s+")) {
      if (w.isEmpty()) {
        continue;
      }
      if (!w.matches("(\\*|[1-7]{1,7})/([01][0-9]|2[0-4]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]")) {
        throw new BadLine(n, "window '" + w + "' must be DAYS/HH:MM-HH:MM, DAYS digits 1 (Monday) to 7 or '*'");
      }
      TimeWindow.Builder tw = TimeWindow.newBuilder();
      String days = w.substring(0, w.indexOf('/'));
      if (!days.equals("*")) {
        days.chars().forEach(d -> tw.addDays(d - '0'));
      }
      String[] times = w.substring(w.indexOf('/') + 1).split("-");
      s.addWindows(tw.setStartTime(times[0]).setEndTime(times[1]));
    }
    return s.build();
  }

  private static String plusless(String cell) {
    return cell.startsWith("+") ? cell.substring(1) : cell;
  }

  private static String digits(String cell, long n, String column) throws BadLine {
    if (!cell.matches("[0-9]{0,15}")) {
      throw new BadLine(n, column + " '" + cell + "' must be 0 to 15 digits");
    }
    return cell;
  }

  private static int number(String cell, long n, String column, int min, int max) throws BadLine {
    if (cell.isEmpty()) {
      return 0;
    }
    if (!cell.matches("[0-9]{1,9}") || Integer.parseInt(cell) < min || Integer.parseInt(cell) > max) {
      throw new BadLine(n, column + " '" + cell + "' must be a whole number, " + min + " to " + max);
    }
    return Integer.parseInt(cell);
  }

  private static String text(String cell, long n, String column, int max) throws BadLine {
    if (cell.length() > max) {
      throw new BadLine(n, column + " must be at most " + max + " characters");
    }
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BadLine(n, column + " must not contain control characters");
      }
    }
    return cell;
  }

  /** Splits on commas; a cell may be double-quoted, with "" for a quote inside. */
  private static List<String> split(String line, long n) throws BadLine {
    List<String> cells = new ArrayList<>(COLUMNS);
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString().strip());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new BadLine(n, "a quoted cell is not closed");
    }
    cells.add(cell.toString().strip());
    return cells;
  }
}
