package org.siproute.server.demo;

import jakarta.inject.Inject;
import java.util.List;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.admin.AdminService;
import org.siproute.server.admin.RateImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small example data set for a first look (--demo): four providers, default routes for
 * every customer, customer "acme" with routes of its own (one only during Berlin office
 * hours), a rate deck per provider and a least-cost policy for acme. It goes through {@link
 * AdminService} like any admin write, so it is validated and bumps the routing revision.
 * Host names are under .example (RFC 2606): nothing is ever dialled.
 */
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  /** The customer whose routes and policy the demo shows. */
  public static final String CUSTOMER = "acme";

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
    // Not a caller's request: the writes are made (and audited) as the server's own task.
    return org.siproute.server.auth.AuthContext.runAs(
        org.siproute.server.auth.Principal.internal("demo-data"), "demo-data", this::load);
  }

  private Summary load() {
    if (admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(1).build()).getProvidersCount() > 0) {
      log.info("--demo: the database already has providers; demo data not loaded");
      return new Summary(0, 0, 0, 0, 0);
    }
    List<Provider> providers = providers();
    providers.forEach(p -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(p).build()));
    List<Route> routes = routes();
    routes.forEach(r -> admin.createRoute(CreateRouteRequest.newBuilder().setRoute(r).build()));
    long rates = 0;
    for (ImportRatesRequest deck : rateDecks()) {
      RateImport rateImport = admin.startRateImport();
      rateImport.accept(deck);
      rates += rateImport.finish().getImported();
    }
    admin.updateRoutingPolicy(UpdateRoutingPolicyRequest.newBuilder().setPolicy(policy()).build());
    int defaults = (int) routes.stream().filter(r -> r.getCustomerId().isEmpty()).count();
    Summary summary = new Summary(providers.size(), defaults, routes.size() - defaults, rates, 1);
    log.info(
        "--demo: loaded {} providers ({}), {} default routes, {} routes of customer '{}', {} rates, "
            + "and a {} policy for '{}'",
        summary.providers(),
        String.join(", ", providers.stream().map(Provider::getId).toList()),
        summary.defaultRoutes(),
        summary.customerRoutes(),
        CUSTOMER,
        summary.rates(),
        policy().getStrategy(),
        CUSTOMER);
    return summary;
  }

  static List<Provider> providers() {
    return List.of(
        Provider.newBuilder()
            .setId("alpha-voice")
            .setName("Alpha Voice (wholesale, UDP)")
            .setHostname("sip.alpha-voice.example:5060")
            .setTransport(Transport.UDP)
            .build(),
        Provider.newBuilder()
            .setId("beta-telecom")
            .setName("Beta Telecom (tech prefix, TCP)")
            .setHostname("trunk.beta-telecom.example")
            .setTransport(Transport.TCP)
            .setTechPrefix("7788#")
            .putTechHeaders("X-Beta-Account", "demo-4711")
            .build(),
        Provider.newBuilder()
            .setId("gamma-carrier")
            .setName("Gamma Carrier (premium, TLS)")
            .setHostname("sbc.gamma-carrier.example:5061")
            .setTransport(Transport.TLS)
            .setMaxConcurrentCalls(50)
            .putLabels("tier", "premium")
            .build(),
        Provider.newBuilder()
            .setId("delta-backup")
            .setName("Delta Backup (disabled until needed)")
            .setHostname("192.0.2.40:5070")
            .setDisabled(true)
            .build());
  }

  static List<Route> routes() {
    Schedule berlinOfficeHours =
        Schedule.newBuilder()
            .setTimeZone("Europe/Berlin")
            .addWindows(
                TimeWindow.newBuilder().addAllDays(List.of(1, 2, 3, 4, 5)).setStartTime("08:00").setEndTime("18:00"))
            .build();
    return List.of(
        route("", "", "alpha-voice", 10, "world via Alpha"),
        route("", "", "beta-telecom", 20, "world fallback via Beta"),
        route("", "49", "beta-telecom", 5, "Germany via Beta"),
        route("", "49", "delta-backup", 30, "Germany last resort (Delta is disabled)"),
        route("", "1", "gamma-carrier", 10, "North America via Gamma"),
        route(CUSTOMER, "4930", "gamma-carrier", 1, "acme: Berlin via Gamma in office hours").toBuilder()
            .setSchedule(berlinOfficeHours)
            .build(),
        route(CUSTOMER, "49", "alpha-voice", 10, "acme: Germany via Alpha"));
  }

  private static Route route(String customer, String prefix, String provider, int priority, String name) {
    return Route.newBuilder()
        .setCustomerId(customer)
        .setPrefix(prefix)
        .setProviderId(provider)
        .setPriority(priority)
        .setWeight(1)
        .setName(name)
        .build();
  }

  static List<ImportRatesRequest> rateDecks() {
    return List.of(
        deck("alpha-voice", rate("1", 4_000), rate("44", 9_000), rate("49", 11_000), rate("4930", 9_500), rate("4915", 45_000)),
        deck("beta-telecom", rate("1", 5_500), rate("44", 8_000), rate("49", 10_000), rate("4915", 39_000)),
        deck("gamma-carrier", rate("1", 3_000), rate("49", 16_000), rate("4930", 12_000)));
  }

  private static ImportRatesRequest deck(String provider, Rate... rates) {
    return ImportRatesRequest.newBuilder().setProviderId(provider).setReplace(true).addAllRates(List.of(rates)).build();
  }

  /** A price per minute in USD micros: 11_000 is 0.011 USD. */
  private static Rate rate(String prefix, long priceMicros) {
    return Rate.newBuilder().setPrefix(prefix).setPriceMicros(priceMicros).setCurrency("USD").build();
  }

  static RoutingPolicy policy() {
    return RoutingPolicy.newBuilder()
        .setCustomerId(CUSTOMER)
        .setStrategy(Strategy.LEAST_COST)
        .addAllFailoverCodes(List.of("404", "408", "5xx", "6xx", "!600", "!603"))
        .setMaxAttempts(3)
        .setMaxPriceMicros(20_000)
        .build();
  }
}
