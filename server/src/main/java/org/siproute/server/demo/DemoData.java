package org.siproute.server.demo;

import jakarta.inject.Inject;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.siproute.server.admin.AdminService;
import org.siproute.server.admin.Patch;
import org.siproute.server.admin.PolicyField;
import org.siproute.server.admin.RateImport;
import org.siproute.server.auth.Caller;
import org.siproute.server.domain.FailoverCodes;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Rate;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RouteAction;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Schedule;
import org.siproute.server.domain.Strategy;
import org.siproute.server.domain.TimeWindow;
import org.siproute.server.domain.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small example data set for a first look (--demo): four providers, default routes for
 * every customer, customer "acme" with routes of its own (one only during Berlin office
 * hours), a rate deck per provider and a least-cost policy for acme. It goes through {@link
 * AdminService} like any admin write, so it bumps the routing revision and is audited, as the
 * server's own task "demo-data". Host names are under .example (RFC 2606): nothing is ever
 * dialled.
 */
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  /** The customer whose routes and policy the demo shows. */
  public static final String CUSTOMER = "acme";

  private static final Caller DEMO = Caller.internal("demo-data");

  private final AdminService admin;

  @Inject
  public DemoData(AdminService admin) {
    this.admin = admin;
  }

  /** What a load wrote; all zero when the database already had providers. */
  public record Summary(int providers, int defaultRoutes, int customerRoutes, long rates, int policies) {
    public boolean loaded() {
      return providers > 0;
    }
  }

  /**
   * Loads the data set unless the database already has providers (the demo never mixes with,
   * or duplicates, data of its own or anybody's), and logs what it did.
   */
  public Summary loadIfEmpty() {
    if (!admin.listProviders("", 1).isEmpty()) {
      log.info("--demo: the database already has providers; demo data not loaded");
      return new Summary(0, 0, 0, 0, 0);
    }
    List<Provider> providers = providers();
    providers.forEach(p -> admin.createProvider(DEMO, p));
    List<Route> routes = routes();
    routes.forEach(r -> admin.createRoute(DEMO, r));
    long rates = 0;
    for (Deck deck : rateDecks()) {
      RateImport rateImport = admin.startRateImport(DEMO, deck.providerId(), true);
      rateImport.accept(deck.rates());
      rates += rateImport.finish().imported();
    }
    RoutingPolicy policy = policy();
    admin.updateRoutingPolicy(DEMO, CUSTOMER, "", new Patch<>(EnumSet.allOf(PolicyField.class), policy));
    int defaults = (int) routes.stream().filter(Route::isDefault).count();
    Summary summary = new Summary(providers.size(), defaults, routes.size() - defaults, rates, 1);
    log.info(
        "--demo: loaded {} providers ({}), {} default routes, {} routes of customer '{}', {} rates, "
            + "and a {} policy for '{}'",
        summary.providers(),
        String.join(", ", providers.stream().map(Provider::id).toList()),
        summary.defaultRoutes(),
        summary.customerRoutes(),
        CUSTOMER,
        summary.rates(),
        policy.strategy(),
        CUSTOMER);
    return summary;
  }

  static List<Provider> providers() {
    return List.of(
        // Alpha is a carrier with two SBCs: three calls in four try sbc1 first, and a call whose
        // first SBC fails (503, timeout) tries the other before the next provider.
        withGateways(
            provider("alpha-voice", "Alpha Voice (wholesale, two SBCs, UDP)", "", Transport.UDP,
                "", NumberFormat.E164_DIGITS, Map.of(), false, 0, Map.of()),
            2,
            new Gateway("sbc1.alpha-voice.example:5060", Transport.UDP, 3, false),
            new Gateway("sbc2.alpha-voice.example:5060", Transport.UDP, 1, false)),
        // Beta takes numbers the way a German subscriber dials them abroad ("0044..."); its
        // German route turns them into the national form (see routes()).
        provider("beta-telecom", "Beta Telecom (tech prefix, 00 numbers, TCP)", "trunk.beta-telecom.example",
            Transport.TCP, "7788#", NumberFormat.INTERNATIONAL_00, Map.of("X-Beta-Account", "demo-4711"), false, 0,
            Map.of()),
        provider("gamma-carrier", "Gamma Carrier (premium, +E.164, TLS)", "sbc.gamma-carrier.example:5061",
            Transport.TLS, "", NumberFormat.E164_PLUS, Map.of(), false, 50, Map.of("tier", "premium")),
        provider("delta-backup", "Delta Backup (disabled until needed)", "192.0.2.40:5070", Transport.UDP,
            "", NumberFormat.E164_DIGITS, Map.of(), true, 0, Map.of()));
  }

  private static Provider provider(
      String id, String name, String hostname, Transport transport, String techPrefix, NumberFormat format,
      Map<String, String> headers, boolean disabled, int maxCalls, Map<String, String> labels) {
    return new Provider(
        id, name, hostname, transport, techPrefix, "", headers, disabled, 0, maxCalls, labels, 0, 0, 0, format, List.of(), 0);
  }

  private static Provider withGateways(Provider p, int gatewayAttempts, Gateway... gateways) {
    return new Provider(
        p.id(), p.name(), p.hostname(), p.transport(), p.techPrefix(), p.techPostfix(), p.techHeaders(), p.disabled(),
        p.weight(), p.maxConcurrentCalls(), p.labels(), p.version(), p.createMs(), p.updateMs(), p.numberFormat(),
        List.of(gateways), gatewayAttempts);
  }

  static List<Route> routes() {
    int weekdays = 0b0011111; // Monday to Friday
    Schedule berlinOfficeHours =
        new Schedule(ZoneId.of("Europe/Berlin"), List.of(new TimeWindow(weekdays, 8 * 60, 18 * 60)));
    return List.of(
        route("", "", "alpha-voice", 10, "world via Alpha", null),
        route("", "", "beta-telecom", 20, "world fallback via Beta", null),
        // "0049301234567" as Beta writes it: strip "0049", prepend "0": "0301234567".
        translated(route("", "49", "beta-telecom", 5, "Germany via Beta (national numbers)", null), 4, "0"),
        route("", "49", "delta-backup", 30, "Germany last resort (Delta is disabled)", null),
        route("", "1", "gamma-carrier", 10, "North America via Gamma", null),
        platformBlock("49900", "Germany premium rate (0900) blocked"),
        fromCallers(route("", "44", "beta-telecom", 10, "UK for German callers via Beta", null), "49"),
        route(CUSTOMER, "4930", "gamma-carrier", 1, "acme: Berlin via Gamma in office hours", berlinOfficeHours),
        route(CUSTOMER, "49", "alpha-voice", 10, "acme: Germany via Alpha", null));
  }

  private static Route route(
      String customer, String prefix, String provider, int priority, String name, Schedule schedule) {
    return new Route("", customer, prefix, provider, priority, 1, schedule, false, name, "", 0, 0, 0);
  }

  private static Route translated(Route r, int stripDigits, String prepend) {
    return new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), r.priority(), r.weight(), r.schedule(),
        r.disabled(), r.name(), r.detail(), r.version(), r.createMs(), r.updateMs(), stripDigits, prepend,
        r.action(), r.blockSipCode(), r.sourcePrefix());
  }

  private static Route fromCallers(Route r, String sourcePrefix) {
    return new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), r.priority(), r.weight(), r.schedule(),
        r.disabled(), r.name(), r.detail(), r.version(), r.createMs(), r.updateMs(), r.stripDigits(), r.prepend(),
        r.action(), r.blockSipCode(), sourcePrefix);
  }

  /** A platform BLOCK route: calls to {@code prefix} are refused with 403, for every customer. */
  private static Route platformBlock(String prefix, String name) {
    return new Route(
        "", "", prefix, "", 0, 0, null, false, name, "fraud control", 0, 0, 0, 0, "", RouteAction.BLOCK,
        Route.DEFAULT_BLOCK_SIP_CODE, "");
  }

  /** A provider's rate deck. */
  record Deck(String providerId, List<Rate> rates) {}

  static List<Deck> rateDecks() {
    return List.of(
        new Deck("alpha-voice", List.of(
            rate("alpha-voice", "1", 4_000), rate("alpha-voice", "44", 9_000), rate("alpha-voice", "49", 11_000),
            rate("alpha-voice", "4930", 9_500), rate("alpha-voice", "4915", 45_000))),
        new Deck("beta-telecom", List.of(
            rate("beta-telecom", "1", 5_500), rate("beta-telecom", "44", 8_000), rate("beta-telecom", "49", 10_000),
            rate("beta-telecom", "4915", 39_000))),
        new Deck("gamma-carrier", List.of(
            rate("gamma-carrier", "1", 3_000), rate("gamma-carrier", "49", 16_000), rate("gamma-carrier", "4930", 12_000))));
  }

  /** A price per minute in USD micros: 11_000 is 0.011 USD. */
  private static Rate rate(String provider, String prefix, long priceMicros) {
    return new Rate(provider, prefix, priceMicros, "USD", 0, Rate.FOREVER);
  }

  static RoutingPolicy policy() {
    return new RoutingPolicy(
        CUSTOMER,
        Strategy.LEAST_COST,
        FailoverCodes.parse(List.of("404", "408", "5xx", "6xx", "!600", "!603")).orElseThrow(),
        3,
        20_000,
        false,
        false,
        0,
        0,
        0,
        "",
        false,
        0,
        "DE"); // acme dials like people in Germany: "030 1234567", "0044 20 7946 0958"
  }
}
