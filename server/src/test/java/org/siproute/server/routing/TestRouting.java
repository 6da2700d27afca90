package org.siproute.server.routing;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
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

/**
 * Domain objects for engine tests, with neutral values for whatever a case does not look at,
 * and a way to ask an engine built on them. No database and no Guice: a snapshot made by
 * {@link SnapshotBuilder}, handed to {@link RoutingEngine} through a lambda.
 */
final class TestRouting {
  /** Wednesday 2026-06-10 12:00 UTC. */
  static final long NOW = Instant.parse("2026-06-10T12:00:00Z").toEpochMilli();
  /** A London number: calling code 44, twelve digits. */
  static final String LONDON = "442071234567";

  private TestRouting() {}

  // ---- providers ----

  static Provider provider(String id) {
    return provider(id, Transport.UDP, "", "", Map.of());
  }

  static Provider provider(
      String id, Transport transport, String techPrefix, String techPostfix, Map<String, String> headers) {
    return new Provider(
        id, "Provider " + id, id + ".example", transport, techPrefix, techPostfix, headers, false, 0, 0, Map.of(), 1, 0, 0, NumberFormat.E164_DIGITS, List.of(), 0);
  }

  static Provider weighted(Provider p, int weight) {
    return new Provider(p.id(), p.name(), p.hostname(), p.transport(), p.techPrefix(), p.techPostfix(),
        p.techHeaders(), p.disabled(), weight, p.maxConcurrentCalls(), p.labels(), p.version(), p.createMs(),
        p.updateMs(), NumberFormat.E164_DIGITS, List.of(), 0);
  }

  static Provider formatted(Provider p, NumberFormat format) {
    return new Provider(p.id(), p.name(), p.hostname(), p.transport(), p.techPrefix(), p.techPostfix(),
        p.techHeaders(), p.disabled(), p.weight(), p.maxConcurrentCalls(), p.labels(), p.version(), p.createMs(),
        p.updateMs(), format, List.of(), 0);
  }

  /** {@code p} reached at these gateways instead of its hostname, trying {@code attempts} per call. */
  static Provider withGateways(Provider p, int attempts, Gateway... gateways) {
    return new Provider(p.id(), p.name(), "", p.transport(), p.techPrefix(), p.techPostfix(),
        p.techHeaders(), p.disabled(), p.weight(), p.maxConcurrentCalls(), p.labels(), p.version(), p.createMs(),
        p.updateMs(), p.numberFormat(), List.of(gateways), attempts);
  }

  static Gateway gateway(String address, int weight) {
    return new Gateway(address, Transport.UDP, weight, false);
  }

  static Provider disabled(Provider p) {
    return new Provider(p.id(), p.name(), p.hostname(), p.transport(), p.techPrefix(), p.techPostfix(),
        p.techHeaders(), true, p.weight(), p.maxConcurrentCalls(), p.labels(), p.version(), p.createMs(),
        p.updateMs(), NumberFormat.E164_DIGITS, List.of(), 0);
  }

  // ---- routes ----

  /** A route of {@code owner} ("" = default route), priority 0, no weight of its own. */
  static Route route(String owner, String prefix, String providerId) {
    return route(owner, prefix, providerId, 0, 0);
  }

  static Route route(String owner, String prefix, String providerId, int priority, int weight) {
    String id = (owner.isEmpty() ? "default" : owner) + "/" + prefix + "/" + providerId;
    return new Route(id, owner, prefix, providerId, priority, weight, null, false, "", "", 1, 0, 0);
  }

  static Route named(Route r, String name) {
    return new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), r.priority(), r.weight(), r.schedule(),
        r.disabled(), name, r.detail(), r.version(), r.createMs(), r.updateMs(), r.stripDigits(), r.prepend(),
        r.action(), r.blockSipCode(), r.sourcePrefix());
  }

  static Route scheduled(Route r, Schedule schedule) {
    return new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), r.priority(), r.weight(), schedule,
        r.disabled(), r.name(), r.detail(), r.version(), r.createMs(), r.updateMs(), r.stripDigits(), r.prepend(),
        r.action(), r.blockSipCode(), r.sourcePrefix());
  }

  /** {@code r} stripping {@code stripDigits} leading characters and putting {@code prepend} first. */
  static Route translated(Route r, int stripDigits, String prepend) {
    return new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), r.priority(), r.weight(), r.schedule(),
        r.disabled(), r.name(), r.detail(), r.version(), r.createMs(), r.updateMs(), stripDigits, prepend,
        r.action(), r.blockSipCode(), r.sourcePrefix());
  }

  /** {@code r} for callers whose number starts with {@code sourcePrefix}. */
  static Route fromCallers(Route r, String sourcePrefix) {
    return new Route(r.id() + "/from" + sourcePrefix, r.customerId(), r.prefix(), r.providerId(), r.priority(),
        r.weight(), r.schedule(), r.disabled(), r.name(), r.detail(), r.version(), r.createMs(), r.updateMs(),
        r.stripDigits(), r.prepend(), r.action(), r.blockSipCode(), sourcePrefix);
  }

  /** The plan for a call from {@code source}. */
  static Plan planFrom(RoutingEngine engine, String customer, String source, String number) {
    return engine.plan(new RoutingEngine.Call(customer, Destination.parse(number), Destination.parse(source), NOW, 1, true));
  }

  /** A BLOCK route of {@code owner} ("" = the platform's) for {@code prefix}, answering {@code sipCode}. */
  static Route block(String owner, String prefix, int sipCode) {
    String id = (owner.isEmpty() ? "default" : owner) + "/" + prefix + "/block";
    return new Route(id, owner, prefix, "", 0, 0, null, false, "", "", 1, 0, 0, 0, "", RouteAction.BLOCK, sipCode, "");
  }

  static Route disabled(Route r) {
    return new Route(r.id(), r.customerId(), r.prefix(), r.providerId(), r.priority(), r.weight(), r.schedule(),
        true, r.name(), r.detail(), r.version(), r.createMs(), r.updateMs(), r.stripDigits(), r.prepend(),
        r.action(), r.blockSipCode(), r.sourcePrefix());
  }

  /** One window on the given ISO days (1 = Monday), {@code HH:MM} local times in {@code zone}. */
  static Schedule schedule(String zone, String start, String end, int... isoDays) {
    int mask = 0;
    for (int day : isoDays) {
      mask |= 1 << (day - 1);
    }
    return new Schedule(ZoneId.of(zone), List.of(new TimeWindow(mask, minutes(start), minutes(end))));
  }

  static Schedule everyDay(String zone, String start, String end) {
    return schedule(zone, start, end, 1, 2, 3, 4, 5, 6, 7);
  }

  private static int minutes(String hhmm) {
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
  }

  // ---- policies and rates ----

  /** A policy ({@code customer} "" = the platform default): 5 attempts, no price cap, defaults appended. */
  static RoutingPolicy policy(String customer, Strategy strategy) {
    return policy(customer, strategy, RoutingPolicy.DEFAULT_MAX_ATTEMPTS, 0, false);
  }

  static RoutingPolicy policy(
      String customer, Strategy strategy, int maxAttempts, long maxPriceMicros, boolean excludeDefaultRoutes) {
    return new RoutingPolicy(
        customer, strategy, FailoverCodes.DEFAULT, maxAttempts, maxPriceMicros, excludeDefaultRoutes, false, 1, 0);
  }

  /** {@code p} pricing calls at {@code seconds} (0 = measured average, else 60). */
  static RoutingPolicy expecting(RoutingPolicy p, int seconds) {
    return new RoutingPolicy(p.customerId(), p.strategy(), p.failoverCodes(), p.maxAttempts(), p.maxPriceMicros(),
        p.excludeDefaultRoutes(), p.inherited(), p.version(), p.updateMs(), seconds, p.currency(), p.marginGuard(),
        p.minMarginMicros(), "");
  }

  /** A rate with a connect fee and billing increments (first/next seconds). */
  static Rate rate(String providerId, String prefix, long priceMicros, long connectFeeMicros, int first, int next) {
    return new Rate(providerId, prefix, priceMicros, "EUR", 0, Rate.FOREVER, connectFeeMicros, first, next);
  }

  static Rate rate(String providerId, String prefix, long priceMicros) {
    return new Rate(providerId, prefix, priceMicros, "EUR", 0, Rate.FOREVER);
  }

  static Rate rate(String providerId, String prefix, long priceMicros, long validFromMs, long validUntilMs) {
    return new Rate(providerId, prefix, priceMicros, "EUR", validFromMs, validUntilMs);
  }

  /**
   * A builder with the platform default policy of {@code strategy} and providers of these ids,
   * on a platform whose currency is EUR (the currency of {@link #rate}).
   */
  static SnapshotBuilder snapshot(Strategy strategy, String... providerIds) {
    SnapshotBuilder builder = new SnapshotBuilder().platformCurrency("EUR").policy(policy("", strategy));
    for (String id : providerIds) {
      builder.provider(provider(id));
    }
    return builder;
  }

  // ---- deciding ----

  static RoutingEngine engine(SnapshotBuilder builder) {
    return engine(builder, ProviderHealth.ALWAYS_HEALTHY, QualityScores.NONE);
  }

  static RoutingEngine engine(SnapshotBuilder builder, ProviderHealth health, QualityScores quality) {
    Snapshot snapshot = builder.build();
    return new RoutingEngine(() -> snapshot, health, quality);
  }

  static Plan plan(RoutingEngine engine, String customer, String number) {
    return plan(engine, customer, number, NOW, 1);
  }

  static Plan plan(RoutingEngine engine, String customer, String number, long callTimeMs, long seed) {
    return engine.plan(new RoutingEngine.Call(customer, Destination.parse(number), callTimeMs, seed, false));
  }

  static Plan explain(RoutingEngine engine, String customer, String number) {
    return explain(engine, customer, number, NOW);
  }

  static Plan explain(RoutingEngine engine, String customer, String number, long callTimeMs) {
    return engine.plan(new RoutingEngine.Call(customer, Destination.parse(number), callTimeMs, 1, true));
  }

  /**
   * How often each provider comes first over {@code calls} calls with seeds 0, 1, 2, ... (the
   * seeds are fixed, so the shares are too: a statistical test that cannot flake).
   */
  static Map<String, Double> firstPlaceShares(RoutingEngine engine, String customer, String number, int calls) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (int seed = 0; seed < calls; seed++) {
      counts.merge(plan(engine, customer, number, NOW, seed).attempts().get(0).providerId(), 1, Integer::sum);
    }
    Map<String, Double> shares = new java.util.TreeMap<>();
    counts.forEach((provider, n) -> shares.put(provider, n / (double) calls));
    return shares;
  }

  /** The providers of a plan's attempts, in order. */
  static List<String> providers(Plan plan) {
    return plan.attempts().stream().map(Plan.Attempt::providerId).toList();
  }

  /** The reason given for a considered route, by route id; null when it was not considered. */
  static String reasonFor(Plan plan, String routeId) {
    for (Plan.Considered c : plan.considered()) {
      if (c.route() != null && c.route().id().equals(routeId)) {
        return c.reason();
      }
    }
    return null;
  }

  /** Notes of a plan that concern no route. */
  static List<String> notes(Plan plan) {
    return plan.considered().stream().filter(c -> c.route() == null).map(Plan.Considered::reason).toList();
  }
}
