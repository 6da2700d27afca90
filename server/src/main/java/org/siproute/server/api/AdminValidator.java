package org.siproute.server.api;

import org.siproute.server.domain.ExchangeRate;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.siproute.server.admin.Patch;
import org.siproute.server.admin.PolicyField;
import org.siproute.server.admin.ProviderField;
import org.siproute.server.admin.RouteField;
import org.siproute.server.domain.FailoverCodes;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RouteAction;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Schedule;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.domain.Strategy;
import org.siproute.server.domain.TimeWindow;
import org.siproute.server.domain.Transport;
import org.siproute.server.domain.Violations;
import org.siproute.server.quality.ProbeLabel;
import org.siproute.server.routing.Destination;

/**
 * Checks the fields of incoming resources and turns them into domain records: whole ones to
 * create, or the fields an update names (a {@link Patch}). Each check adds a violation naming
 * the field's path, so one refusal lists every bad field at once.
 */
public final class AdminValidator {
  public static final int MAX_WEIGHT = 1_000_000;
  public static final int MAX_PRIORITY = 1_000_000;
  public static final long MAX_PRICE_MICROS = 1_000_000_000_000L;

  private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  /**
   * What tech_prefix and tech_postfix may hold: the characters a SIP user part allows as they
   * are (RFC 3261 unreserved and user-unreserved), and "#", which the dial URI percent-encodes.
   */
  private static final String TECH_CHARACTERS = "[A-Za-z0-9\\-_.!~*'()&=+$,;?/#]";
  private static final String TECH_CHARACTERS_TEXT = "letters, digits, -_.!~*'()&=+$,;?/ and #";
  private static final Pattern TECH_PREFIX = Pattern.compile(TECH_CHARACTERS + "{0,32}");
  private static final Pattern TECH_POSTFIX = Pattern.compile(TECH_CHARACTERS + "{0,64}");
  private static final Pattern PREPEND = Pattern.compile("[0-9*#+]{0,32}");
  /** The most leading characters a route may strip: an E.164 number has at most 15 digits. */
  public static final int MAX_STRIP_DIGITS = 15;
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9\\-.!%*_+`'~]{1,64}");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9_.-]{1,63}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]*");
  private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-4]):([0-5][0-9])");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final int MAX_HEADERS = 32;
  private static final int MAX_LABELS = 32;
  private static final int MAX_WINDOWS = 32;
  private static final int MAX_FAILOVER_PATTERNS = 64;
  /** Rates of one SetExchangeRates request: more than the currencies there are. */
  static final int MAX_EXCHANGE_RATES = 500;
  /** The length of routing_policy.failover_codes, where the patterns are stored comma-joined. */
  private static final int MAX_FAILOVER_TEXT = 512;

  /**
   * Headers the caller's SIP stack owns; letting a provider set them would break dialogs or
   * let configuration rewrite who the call is from.
   */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "via", "v", "call-id", "i", "cseq", "from", "f", "to", "t", "contact", "m",
          "content-length", "l", "content-type", "c", "max-forwards", "route", "record-route",
          "authorization", "proxy-authorization");

  private AdminValidator() {}

  // ---- providers ----

  /** A provider to create from its wire form; {@code p}'s id must already be final. */
  static Provider provider(org.siproute.proto.v1.Provider p, String path) {
    Violations v = new Violations();
    if (!PROVIDER_ID.matcher(p.getId()).matches()) {
      v.add(path + ".id", "must be 1 to 64 characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
    }
    return provider(v, p, path, EnumSet.allOf(ProviderField.class));
  }

  /** The fields of {@code p} that an update names. */
  static Patch<ProviderField, Provider> providerPatch(
      org.siproute.proto.v1.Provider p, String path, Set<ProviderField> fields) {
    return new Patch<>(fields, provider(new Violations(), p, path, fields));
  }

  /** Checks the named {@code fields} of {@code p}; the others are taken as they are. */
  private static Provider provider(
      Violations v, org.siproute.proto.v1.Provider p, String path, Set<ProviderField> fields) {
    if (fields.contains(ProviderField.NAME)) {
      text(v, path + ".name", p.getName(), 1, 200);
    }
    boolean bothNamed = fields.contains(ProviderField.HOSTNAME) && fields.contains(ProviderField.GATEWAYS);
    if (fields.contains(ProviderField.HOSTNAME)) {
      if (p.getGatewaysCount() > 0 && bothNamed) {
        if (!p.getHostname().isEmpty()) {
          v.add(path + ".hostname", "must be empty when gateways are given: give one of hostname and gateways");
        }
      } else if (!p.getHostname().isEmpty() || bothNamed) {
        // Named alone and empty: allowed if the stored provider has gateways (checked merged).
        hostname(v, path + ".hostname", p.getHostname());
      }
    }
    List<Gateway> gateways = List.of();
    if (fields.contains(ProviderField.GATEWAYS)) {
      gateways = gateways(v, path + ".gateways", p.getGatewaysList());
    }
    if (fields.contains(ProviderField.GATEWAY_ATTEMPTS)) {
      range(v, path + ".gateway_attempts", p.getGatewayAttempts(), 0, Provider.MAX_GATEWAYS);
    }
    Transport transport = ProtoMapper.transport(p.getTransport());
    if (fields.contains(ProviderField.TRANSPORT) && transport == null) {
      v.add(path + ".transport", "must be UDP, TCP or TLS");
    }
    if (fields.contains(ProviderField.TECH_PREFIX) && !TECH_PREFIX.matcher(p.getTechPrefix()).matches()) {
      v.add(path + ".tech_prefix", "must be at most 32 characters of " + TECH_CHARACTERS_TEXT);
    }
    if (fields.contains(ProviderField.TECH_POSTFIX) && !TECH_POSTFIX.matcher(p.getTechPostfix()).matches()) {
      v.add(path + ".tech_postfix", "must be at most 64 characters of " + TECH_CHARACTERS_TEXT);
    }
    if (fields.contains(ProviderField.TECH_HEADERS)) {
      techHeaders(v, path + ".tech_headers", p.getTechHeadersMap());
    }
    if (fields.contains(ProviderField.WEIGHT)) {
      range(v, path + ".weight", p.getWeight(), 0, MAX_WEIGHT);
    }
    if (fields.contains(ProviderField.MAX_CONCURRENT_CALLS)) {
      range(v, path + ".max_concurrent_calls", p.getMaxConcurrentCalls(), 0, 1_000_000);
    }
    if (fields.contains(ProviderField.LABELS)) {
      // Whether a probe label goes with the transport is checked here when the transport is
      // known too, else once the update is merged with the stored provider.
      labels(v, path + ".labels", p.getLabelsMap(), fields.contains(ProviderField.TRANSPORT) ? transport : null);
    }
    NumberFormat numberFormat = ProtoMapper.numberFormat(p.getNumberFormat());
    if (fields.contains(ProviderField.NUMBER_FORMAT) && numberFormat == null) {
      v.add(path + ".number_format", "must be E164_DIGITS, E164_PLUS, NATIONAL, INTERNATIONAL_00 or INTERNATIONAL_011");
    }
    v.throwIfAny();
    return new Provider(
        p.getId(),
        p.getName(),
        p.getHostname().toLowerCase(Locale.ROOT),
        transport == null ? Transport.UDP : transport,
        p.getTechPrefix(),
        p.getTechPostfix(),
        p.getTechHeadersMap(),
        p.getDisabled(),
        p.getWeight(),
        p.getMaxConcurrentCalls(),
        p.getLabelsMap(),
        0,
        0,
        0,
        numberFormat == null ? NumberFormat.E164_DIGITS : numberFormat,
        gateways,
        p.getGatewayAttempts());
  }

  /** A provider's gateways: valid addresses, each once, weights in range, at most 16. */
  private static List<Gateway> gateways(Violations v, String path, List<org.siproute.proto.v1.Gateway> in) {
    if (in.size() > Provider.MAX_GATEWAYS) {
      v.add(path, "at most " + Provider.MAX_GATEWAYS + " gateways");
      return List.of();
    }
    List<Gateway> out = new ArrayList<>(in.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < in.size(); i++) {
      org.siproute.proto.v1.Gateway g = in.get(i);
      String field = path + "[" + i + "]";
      String address = g.getAddress().toLowerCase(Locale.ROOT);
      int before = v.size();
      hostname(v, field + ".address", g.getAddress());
      if (v.size() == before && !seen.add(address)) {
        v.add(field + ".address", "gateway '" + printable(g.getAddress()) + "' is given twice");
      }
      Transport transport = ProtoMapper.transport(g.getTransport());
      if (transport == null) {
        v.add(field + ".transport", "must be UDP, TCP or TLS");
      }
      range(v, field + ".weight", g.getWeight(), 0, Gateway.MAX_WEIGHT);
      out.add(new Gateway(address, transport == null ? Transport.UDP : transport, g.getWeight(), g.getDisabled()));
    }
    return out;
  }

  private static void techHeaders(Violations v, String path, Map<String, String> headers) {
    if (headers.size() > MAX_HEADERS) {
      v.add(path, "at most " + MAX_HEADERS + " headers");
    }
    // Sorted, so that of two spellings of one header the same one is reported every time.
    Set<String> seenHeaders = new HashSet<>();
    for (Map.Entry<String, String> h : new TreeMap<>(headers).entrySet()) {
      String field = path + "[" + printable(h.getKey()) + "]";
      if (!HEADER_NAME.matcher(h.getKey()).matches()) {
        v.add(field, "header name must be a SIP token of 1 to 64 characters");
      } else if (RESERVED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        v.add(field, "header '" + h.getKey() + "' is set by the caller's SIP stack and cannot be configured");
      } else if (!seenHeaders.add(h.getKey().toLowerCase(Locale.ROOT))) {
        // SIP header names are case-insensitive: two spellings would be one header twice.
        v.add(field, "header '" + h.getKey() + "' is given twice (header names are case-insensitive)");
      }
      if (!isPrintable(h.getValue()) || h.getValue().length() > 512 || h.getValue().isBlank()) {
        v.add(field, "header value must be 1 to 512 printable characters, without CR, LF or other control characters");
      }
    }
  }

  /** {@code transport}: the provider's, when known, for the probe label; null when not. */
  private static void labels(Violations v, String path, Map<String, String> labels, Transport transport) {
    if (labels.size() > MAX_LABELS) {
      v.add(path, "at most " + MAX_LABELS + " labels");
    }
    for (Map.Entry<String, String> l : labels.entrySet()) {
      String field = path + "[" + printable(l.getKey()) + "]";
      if (!LABEL_KEY.matcher(l.getKey()).matches()) {
        v.add(field, "label key must be 1 to 63 characters of a-z, 0-9, '_', '.' and '-'");
      }
      if (!isPrintable(l.getValue()) || l.getValue().length() > 256) {
        v.add(field, "label value must be at most 256 printable characters");
      } else if (l.getKey().equals(ProbeLabel.KEY)) {
        String problem =
            transport == null ? ProbeLabel.valueProblem(l.getValue()) : ProbeLabel.problem(l.getValue(), transport);
        if (problem != null) {
          v.add(field, problem);
        }
      }
    }
  }

  static void hostname(Violations v, String field, String hostname) {
    if (hostname.isEmpty()) {
      v.add(field, "is required");
      return;
    }
    if (hostname.length() > 300) {
      v.add(field, "must be at most 300 characters");
      return;
    }
    String host = hostname;
    String port = null;
    if (hostname.startsWith("[")) {
      int close = hostname.indexOf(']');
      if (close < 0) {
        v.add(field, "IPv6 address must be closed with ']'");
        return;
      }
      host = hostname.substring(1, close);
      String rest = hostname.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          v.add(field, "only ':port' may follow an IPv6 address");
          return;
        }
        port = rest.substring(1);
      }
      if (!IPV6.matcher(host).matches() || !host.contains(":")) {
        v.add(field, "'" + printable(host) + "' is not an IPv6 address");
        return;
      }
    } else {
      int colon = hostname.lastIndexOf(':');
      if (colon >= 0) {
        host = hostname.substring(0, colon);
        port = hostname.substring(colon + 1);
      }
      if (!isHost(host)) {
        v.add(field, "must be a DNS name or IPv4 address, optionally with ':port' (IPv6 in brackets)");
        return;
      }
    }
    if (port != null) {
      int n = -1;
      if (port.matches("[0-9]{1,5}")) {
        n = Integer.parseInt(port);
      }
      if (n < 1 || n > 65535) {
        v.add(field, "port must be 1 to 65535");
      }
    }
  }

  private static boolean isHost(String host) {
    var ip = IPV4.matcher(host);
    if (ip.matches()) {
      for (int g = 1; g <= 4; g++) {
        if (Integer.parseInt(ip.group(g)) > 255) {
          return false;
        }
      }
      return true;
    }
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String label : name.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  // ---- routes ----

  /** A route to create from its wire form (its id is assigned when it is stored). */
  static Route route(org.siproute.proto.v1.Route r, String path) {
    Violations v = new Violations();
    customerId(v, path + ".customer_id", r.getCustomerId(), true);
    Route route = route(v, r, path, EnumSet.allOf(RouteField.class));
    v.throwIfAny();
    return route;
  }

  /**
   * One route of an import, every field checked into {@code v} (which may hold other routes'
   * violations already), owned by {@code owner}; null when it is bad.
   */
  static Route importedRoute(Violations v, org.siproute.proto.v1.Route r, String path, String owner) {
    int before = v.size();
    Route route = route(v, r, path, EnumSet.allOf(RouteField.class));
    if (v.size() > before) {
      return null;
    }
    return route.customerId().equals(owner) ? route : route.withOwner(owner);
  }

  /** The fields of {@code r} that an update names. */
  static Patch<RouteField, Route> routePatch(org.siproute.proto.v1.Route r, String path, Set<RouteField> fields) {
    Violations v = new Violations();
    Route route = route(v, r, path, fields);
    v.throwIfAny();
    return new Patch<>(fields, route);
  }

  /** The fields of {@code r} that {@code fields} names, checked into {@code v}; null when any is bad. */
  private static Route route(Violations v, org.siproute.proto.v1.Route r, String path, Set<RouteField> fields) {
    int before = v.size();
    if (fields.contains(RouteField.PREFIX) && (!DIGITS.matcher(r.getPrefix()).matches() || r.getPrefix().length() > 15)) {
      v.add(path + ".prefix", "must be 0 to 15 digits (E.164 without '+')");
    }
    // Whether provider_id may be empty depends on the action, which an update may leave as
    // stored: the admin service checks that on the route as it will be stored.
    if (fields.contains(RouteField.PROVIDER_ID)
        && !r.getProviderId().isEmpty()
        && !PROVIDER_ID.matcher(r.getProviderId()).matches()) {
      v.add(path + ".provider_id", "is not a valid provider id");
    }
    RouteAction action = ProtoMapper.routeAction(r.getAction());
    if (fields.contains(RouteField.ACTION) && action == null) {
      v.add(path + ".action", "must be ROUTE or BLOCK");
    }
    if (fields.contains(RouteField.BLOCK_SIP_CODE)
        && r.getBlockSipCode() != 0
        && (r.getBlockSipCode() < 400 || r.getBlockSipCode() > 699)) {
      v.add(path + ".block_sip_code", "must be a SIP failure code, 400 to 699, or 0 for 403, not " + r.getBlockSipCode());
    }
    if (fields.contains(RouteField.PRIORITY)) {
      range(v, path + ".priority", r.getPriority(), 0, MAX_PRIORITY);
    }
    if (fields.contains(RouteField.WEIGHT)) {
      range(v, path + ".weight", r.getWeight(), 0, MAX_WEIGHT);
    }
    Schedule schedule =
        fields.contains(RouteField.SCHEDULE) && r.hasSchedule() ? schedule(v, path + ".schedule", r.getSchedule()) : null;
    if (fields.contains(RouteField.NAME)) {
      text(v, path + ".name", r.getName(), 0, 200);
    }
    if (fields.contains(RouteField.DETAIL)) {
      text(v, path + ".detail", r.getDetail(), 0, 2000);
    }
    if (fields.contains(RouteField.SOURCE_PREFIX)
        && (!DIGITS.matcher(r.getSourcePrefix()).matches() || r.getSourcePrefix().length() > 15)) {
      v.add(path + ".source_prefix", "must be 0 to 15 digits of the caller's number (E.164 without '+')");
    }
    if (fields.contains(RouteField.STRIP_DIGITS)) {
      range(v, path + ".strip_digits", r.getStripDigits(), 0, MAX_STRIP_DIGITS);
    }
    if (fields.contains(RouteField.PREPEND) && !PREPEND.matcher(r.getPrepend()).matches()) {
      v.add(path + ".prepend", "must be at most 32 characters of 0-9, '*', '#' and '+'");
    }
    if (v.size() > before) {
      return null;
    }
    return new Route(
        "",
        r.getCustomerId(),
        r.getPrefix(),
        r.getProviderId(),
        r.getPriority(),
        r.getWeight(),
        schedule,
        r.getDisabled(),
        r.getName(),
        r.getDetail(),
        0,
        0,
        0,
        r.getStripDigits(),
        r.getPrepend(),
        action == null ? RouteAction.ROUTE : action,
        r.getBlockSipCode(),
        r.getSourcePrefix());
  }

  private static Schedule schedule(Violations v, String path, org.siproute.proto.v1.Schedule s) {
    if (s.getTimeZone().isEmpty() && s.getWindowsCount() == 0) {
      return null; // an empty schedule message means "always", like an unset one
    }
    ZoneId zone = null;
    if (s.getTimeZone().isEmpty()) {
      v.add(path + ".time_zone", "is required with windows (an IANA id such as Europe/Berlin)");
    } else if (!ZoneId.getAvailableZoneIds().contains(s.getTimeZone())) {
      v.add(path + ".time_zone", "'" + printable(s.getTimeZone()) + "' is not an IANA time zone id");
    } else {
      zone = ZoneId.of(s.getTimeZone());
    }
    if (s.getWindowsCount() == 0) {
      v.add(path + ".windows", "at least one window is required");
    } else if (s.getWindowsCount() > MAX_WINDOWS) {
      v.add(path + ".windows", "at most " + MAX_WINDOWS + " windows");
    }
    List<TimeWindow> windows = new ArrayList<>();
    for (int i = 0; i < Math.min(s.getWindowsCount(), MAX_WINDOWS); i++) {
      org.siproute.proto.v1.TimeWindow w = s.getWindows(i);
      String wp = path + ".windows[" + i + "]";
      int mask = 0;
      for (int day : w.getDaysList()) {
        if (day < 1 || day > 7) {
          v.add(wp + ".days", "days are 1 (Monday) to 7 (Sunday), not " + day);
        } else if ((mask & (1 << (day - 1))) != 0) {
          v.add(wp + ".days", "day " + day + " is listed twice");
        } else {
          mask |= 1 << (day - 1);
        }
      }
      if (w.getDaysCount() == 0) {
        mask = TimeWindow.EVERY_DAY;
      }
      int start = minuteOfDay(v, wp + ".start_time", w.getStartTime(), false);
      int end = minuteOfDay(v, wp + ".end_time", w.getEndTime(), true);
      if (start == end && start >= 0) {
        // Equal start and end would be a zero-length window in one reading and a whole day
        // in the other; say which is meant.
        v.add(wp + ".end_time", "must differ from start_time (use 00:00 to 24:00 for a whole day)");
      }
      windows.add(new TimeWindow(mask, Math.max(start, 0), Math.max(end, 0)));
    }
    return zone == null ? null : new Schedule(zone, windows);
  }

  private static int minuteOfDay(Violations v, String field, String hhmm, boolean allow24) {
    var m = HH_MM.matcher(hhmm);
    if (!m.matches()) {
      v.add(field, "must be HH:MM, 00:00 to " + (allow24 ? "24:00" : "23:59"));
      return -1;
    }
    int hours = Integer.parseInt(m.group(1));
    int minutes = Integer.parseInt(m.group(2));
    if (hours == 24 && (minutes != 0 || !allow24)) {
      v.add(field, "must be HH:MM, 00:00 to " + (allow24 ? "24:00" : "23:59"));
      return -1;
    }
    return hours * 60 + minutes;
  }

  // ---- rates ----

  /** Validates one rate line, adding violations under {@code path}; null when bad. */
  static Rate rate(Violations v, org.siproute.proto.v1.Rate r, String path, String providerId) {
    int before = violationCount(v);
    if (!r.getProviderId().isEmpty() && !r.getProviderId().equals(providerId)) {
      v.add(path + ".provider_id", "must be empty or the import's provider '" + providerId + "'");
    }
    if (r.getPrefix().isEmpty() || r.getPrefix().length() > 15 || !DIGITS.matcher(r.getPrefix()).matches()) {
      v.add(path + ".prefix", "must be 1 to 15 digits (E.164 without '+')");
    }
    if (r.getPriceMicros() < 0 || r.getPriceMicros() > MAX_PRICE_MICROS) {
      v.add(path + ".price_micros", "must be 0 to " + MAX_PRICE_MICROS);
    }
    if (!CURRENCY.matcher(r.getCurrency()).matches()) {
      v.add(path + ".currency", "must be an ISO 4217 code of three upper-case letters");
    }
    long from = 0;
    long until = Rate.FOREVER;
    if (r.hasValidFrom()) {
      from = timestamp(v, path + ".valid_from", r.getValidFrom());
      if (from < 0) {
        v.add(path + ".valid_from", "must not be before 1970");
      }
    }
    if (r.hasValidUntil()) {
      until = timestamp(v, path + ".valid_until", r.getValidUntil());
      if (until <= from) {
        v.add(path + ".valid_until", "must be after valid_from");
      }
    }
    if (r.getConnectFeeMicros() < 0 || r.getConnectFeeMicros() > MAX_PRICE_MICROS) {
      v.add(path + ".connect_fee_micros", "must be 0 to " + MAX_PRICE_MICROS);
    }
    range(v, path + ".first_increment_seconds", r.getFirstIncrementSeconds(), 0, Rate.MAX_INCREMENT_SECONDS);
    range(v, path + ".next_increment_seconds", r.getNextIncrementSeconds(), 0, Rate.MAX_INCREMENT_SECONDS);
    if (violationCount(v) != before) {
      return null;
    }
    return new Rate(providerId, r.getPrefix(), r.getPriceMicros(), r.getCurrency(), from, until,
        r.getConnectFeeMicros(), increment(r.getFirstIncrementSeconds()), increment(r.getNextIncrementSeconds()));
  }

  /**
   * A line of a customer's sell rates: the checks of {@link #rate}, with the customer in place
   * of the provider. The result's providerId is "" (the customer owns it).
   */
  static Rate sellRate(Violations v, org.siproute.proto.v1.SellRate r, String path, String customerId) {
    if (!r.getCustomerId().isEmpty() && !r.getCustomerId().equals(customerId)) {
      v.add(path + ".customer_id", "must be empty or the import's customer '" + customerId + "'");
    }
    org.siproute.proto.v1.Rate.Builder line =
        org.siproute.proto.v1.Rate.newBuilder()
            .setPrefix(r.getPrefix())
            .setPriceMicros(r.getPriceMicros())
            .setCurrency(r.getCurrency())
            .setConnectFeeMicros(r.getConnectFeeMicros())
            .setFirstIncrementSeconds(r.getFirstIncrementSeconds())
            .setNextIncrementSeconds(r.getNextIncrementSeconds());
    if (r.hasValidFrom()) {
      line.setValidFrom(r.getValidFrom());
    }
    if (r.hasValidUntil()) {
      line.setValidUntil(r.getValidUntil());
    }
    int before = violationCount(v);
    Rate rate = rate(v, line.build(), path, "");
    return violationCount(v) == before ? rate : null;
  }

  /** A billing increment as stored: 0 on the wire means 60. */
  private static int increment(int seconds) {
    return seconds == 0 ? Rate.DEFAULT_INCREMENT_SECONDS : seconds;
  }

  private static long timestamp(Violations v, String field, Timestamp t) {
    if (!Timestamps.isValid(t)) {
      v.add(field, "is not a valid timestamp");
      return 0;
    }
    return Timestamps.toMillis(t);
  }

  // ---- policies ----

  /** The fields of {@code p} that an update of its customer's policy names. */
  static Patch<PolicyField, RoutingPolicy> policyPatch(
      org.siproute.proto.v1.RoutingPolicy p, String path, Set<PolicyField> fields) {
    Violations v = new Violations();
    Strategy strategy = ProtoMapper.strategy(p.getStrategy());
    if (fields.contains(PolicyField.STRATEGY) && strategy == null) {
      v.add(path + ".strategy", "must be PRIORITY, LEAST_COST, QUALITY or WEIGHTED");
    }
    FailoverCodes codes = FailoverCodes.DEFAULT;
    if (fields.contains(PolicyField.FAILOVER_CODES)) {
      codes = failoverCodes(v, path + ".failover_codes", p.getFailoverCodesList());
    }
    int maxAttempts = p.getMaxAttempts() == 0 ? RoutingPolicy.DEFAULT_MAX_ATTEMPTS : p.getMaxAttempts();
    if (fields.contains(PolicyField.MAX_ATTEMPTS)) {
      range(v, path + ".max_attempts", p.getMaxAttempts(), 0, RoutingPolicy.MAX_ATTEMPTS_LIMIT);
    }
    if (fields.contains(PolicyField.MAX_PRICE_MICROS) && (p.getMaxPriceMicros() < 0 || p.getMaxPriceMicros() > MAX_PRICE_MICROS)) {
      v.add(path + ".max_price_micros", "must be 0 (no cap) to " + MAX_PRICE_MICROS);
    }
    if (fields.contains(PolicyField.CURRENCY) && !p.getCurrency().isEmpty() && !CURRENCY.matcher(p.getCurrency()).matches()) {
      v.add(path + ".currency", "must be empty (the platform currency) or an ISO 4217 code of three upper-case letters");
    }
    if (fields.contains(PolicyField.MIN_MARGIN_MICROS)
        && (p.getMinMarginMicros() < 0 || p.getMinMarginMicros() > MAX_PRICE_MICROS)) {
      v.add(path + ".min_margin_micros", "must be 0 to " + MAX_PRICE_MICROS);
    }
    if (fields.contains(PolicyField.EXPECTED_CALL_SECONDS)) {
      range(v, path + ".expected_call_seconds", p.getExpectedCallSeconds(), 0, RoutingPolicy.MAX_EXPECTED_CALL_SECONDS);
    }
    if (fields.contains(PolicyField.DEFAULT_REGION) && !Destination.isRegion(p.getDefaultRegion())) {
      v.add(path + ".default_region",
          "must be empty or an ISO 3166-1 alpha-2 code in upper case that has phone numbers (e.g. DE, US), not '"
              + printable(p.getDefaultRegion()) + "'");
    }
    v.throwIfAny();
    return new Patch<>(
        fields,
        new RoutingPolicy(
            p.getCustomerId(), strategy == null ? Strategy.PRIORITY : strategy, codes, maxAttempts,
            p.getMaxPriceMicros(), p.getExcludeDefaultRoutes(), false, 0, 0, p.getExpectedCallSeconds(),
            p.getCurrency(), p.getMarginGuard(), p.getMinMarginMicros(), p.getDefaultRegion()));
  }

  // ---- exchange rates ----

  /** The rates of a SetExchangeRates request; {@code path} names the list ("rates"). */
  static List<ExchangeRate> exchangeRates(List<org.siproute.proto.v1.ExchangeRate> rates, String path) {
    Violations v = new Violations();
    if (rates.size() > MAX_EXCHANGE_RATES) {
      v.add(path, "at most " + MAX_EXCHANGE_RATES + " rates per request");
      v.throwIfAny();
    }
    List<ExchangeRate> out = new ArrayList<>(rates.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < rates.size(); i++) {
      org.siproute.proto.v1.ExchangeRate r = rates.get(i);
      String at = path + "[" + i + "]";
      if (!CURRENCY.matcher(r.getCurrency()).matches()) {
        v.add(at + ".currency", "must be an ISO 4217 code of three upper-case letters");
      } else if (!seen.add(r.getCurrency())) {
        v.add(at + ".currency", r.getCurrency() + " appears twice in the request");
      }
      if (r.getPlatformMicros() < 0 || r.getPlatformMicros() > ExchangeRate.MAX_PLATFORM_MICROS) {
        v.add(at + ".platform_micros", "must be 1 to " + ExchangeRate.MAX_PLATFORM_MICROS + ", or 0 to remove the rate");
      }
      out.add(new ExchangeRate(r.getCurrency(), r.getPlatformMicros(), 0));
    }
    v.throwIfAny();
    return out;
  }

  private static FailoverCodes failoverCodes(Violations v, String path, List<String> patterns) {
    if (patterns.size() > MAX_FAILOVER_PATTERNS) {
      v.add(path, "at most " + MAX_FAILOVER_PATTERNS + " patterns");
      return FailoverCodes.DEFAULT;
    }
    if (patterns.isEmpty()) {
      return FailoverCodes.DEFAULT;
    }
    for (int i = 0; i < patterns.size(); i++) {
      String pattern = patterns.get(i);
      if (FailoverCodes.invalidPattern(List.of(pattern)).isPresent()) {
        v.add(path + "[" + i + "]",
            "'" + printable(pattern) + "' is not a SIP code (404), class (5xx) or range (604-606) within 300 to 699, optionally negated with '!'");
      }
    }
    FailoverCodes codes = FailoverCodes.parse(patterns).orElse(FailoverCodes.DEFAULT);
    if (codes.toStorage().length() > MAX_FAILOVER_TEXT) {
      v.add(path,
          "at most " + MAX_FAILOVER_TEXT + " characters in all (the patterns joined by commas);"
              + " shorten the list with ranges or classes such as 600-606 or 5xx");
    }
    return codes;
  }

  // ---- shared ----

  /** A customer id; empty is allowed only where it means "default" / "platform". */
  static void customerId(Violations v, String field, String id, boolean emptyAllowed) {
    if (id.isEmpty()) {
      if (!emptyAllowed) {
        v.add(field, "is required");
      }
      return;
    }
    if (!isCustomerId(id)) {
      v.add(field, "must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'");
    }
  }

  /**
   * Same as matching [A-Za-z0-9_.:-]{1,64}, without a Matcher: every Select and Dial checks a
   * customer id, and the regex was a visible share of a decision's time and allocation.
   */
  static boolean isCustomerId(String id) {
    int n = id.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static void resourceId(Violations v, String field, String id) {
    if (id.isEmpty()) {
      v.add(field, "is required");
    } else if (id.length() > 64 || !PROVIDER_ID.matcher(id.toLowerCase(Locale.ROOT)).matches()) {
      v.add(field, "is not a valid id");
    }
  }

  private static void text(Violations v, String field, String value, int min, int max) {
    if (value.length() < min) {
      v.add(field, "is required");
    } else if (value.length() > max) {
      v.add(field, "must be at most " + max + " characters");
    } else if (!isPrintable(value)) {
      v.add(field, "must not contain control characters");
    }
  }

  private static void range(Violations v, String field, long value, long min, long max) {
    if (value < min || value > max) {
      v.add(field, "must be " + min + " to " + max + ", not " + value);
    }
  }

  /** No control characters (CR, LF, NUL, ...), which could inject SIP or break logs. */
  static boolean isPrintable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /** A value safe to echo inside an error message: control characters escaped, length capped. */
  static String printable(String s) {
    return ServiceException.echo(s);
  }

  private static int violationCount(Violations v) {
    return v.size();
  }
}
