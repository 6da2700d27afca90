package org.siproute.server.bench;

import static org.siproute.db.jooq.Tables.PROVIDER;
import static org.siproute.db.jooq.Tables.RATE;
import static org.siproute.db.jooq.Tables.ROUTE;
import static org.siproute.db.jooq.Tables.ROUTE_WINDOW;
import static org.siproute.db.jooq.Tables.ROUTING_POLICY;
import static org.siproute.db.jooq.Tables.ROUTING_REVISION;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * A seeded, production-sized routing data set written straight into the store's tables (the
 * admin API would take minutes for a million rates; the rows are the same). Same seed, same
 * data. Shape: providers are platform-wide; default routes cover every country code (a
 * catch-all, country codes and area prefixes of 1 to 7 digits); each customer has a few
 * prefixes of its own, and each prefix of an owner routes to 1 to 4 providers at priorities
 * 0, 10, 20, 30. About 5 % of the routes have a schedule (weekday business hours in a local
 * time zone). Each provider has a rate deck of prefixes up to 9 digits.
 */
public final class BenchData {
  /** Country codes the routes, rates and destinations are drawn from. */
  static final int[] COUNTRY_CODES = {1, 44, 49, 33, 39, 34, 31, 46, 47, 48, 61, 81, 86, 91, 55, 52, 7, 27, 234, 971};

  private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "Australia/Sydney"};

  /** How much data. */
  public record Size(int providers, int customers, int defaultRoutes, int customerRoutes, int ratesPerProvider) {
    /** The issue's production size: 200 providers, 10 000 customers, 100 000 routes, 1 000 000 rates. */
    public static final Size FULL = new Size(200, 10_000, 20_000, 80_000, 5_000);
    /** A tenth of it, for the quick mode. */
    public static final Size QUICK = new Size(200, 1_000, 2_000, 8_000, 500);

    public int routes() {
      return defaultRoutes + customerRoutes;
    }

    public int rates() {
      return providers * ratesPerProvider;
    }

    public static Size forMode(String mode) {
      return "full".equals(mode) ? FULL : QUICK;
    }
  }

  /** What was written; route ids of routes without a schedule, useful to change one. */
  public record Written(Size size, int routes, int scheduledRoutes, int rates, long millis) {}

  private BenchData() {}

  /** Writes the data set into an empty siproute database (migrations applied). */
  public static Written generate(DSLContext db, Size size, long seed) {
    long started = System.nanoTime();
    Random random = new Random(seed);
    var providers = db.insertInto(PROVIDER, PROVIDER.ID, PROVIDER.NAME, PROVIDER.HOSTNAME, PROVIDER.TRANSPORT,
        PROVIDER.TECH_PREFIX, PROVIDER.TECH_POSTFIX, PROVIDER.DISABLED, PROVIDER.WEIGHT, PROVIDER.MAX_CONCURRENT_CALLS,
        PROVIDER.VERSION, PROVIDER.CREATE_MS, PROVIDER.UPDATE_MS);
    for (int p = 0; p < size.providers(); p++) {
      providers.values("p" + p, "Provider " + p, "sip" + p + ".carrier.example", p % 3 == 0 ? "TCP" : "UDP",
          p % 5 == 0 ? "0049#" : "", "", false, 1 + p % 7, 0, 1L, 0L, 0L);
    }
    providers.execute();

    List<Object[]> routes = new ArrayList<>(size.routes());
    Set<String> seen = new HashSet<>();
    int[] next = {0};
    // Default routes: a catch-all and every country code first, then area prefixes.
    addRoutes(routes, seen, next, random, size, "", "", 3);
    for (int cc : COUNTRY_CODES) {
      addRoutes(routes, seen, next, random, size, "", Integer.toString(cc), 4);
    }
    while (routes.size() < size.defaultRoutes()) {
      addRoutes(routes, seen, next, random, size, "", prefix(random, 7), 1 + random.nextInt(4));
    }
    while (routes.size() < size.routes()) {
      String customer = "cust-" + random.nextInt(size.customers());
      addRoutes(routes, seen, next, random, size, customer, prefix(random, 7), 1 + random.nextInt(4));
    }
    int scheduled = 0;
    for (int from = 0; from < routes.size(); from += 1000) {
      var insert = db.insertInto(ROUTE, ROUTE.ID, ROUTE.CUSTOMER_ID, ROUTE.PREFIX, ROUTE.PROVIDER_ID, ROUTE.PRIORITY, ROUTE.WEIGHT,
          ROUTE.SCHEDULE_TIME_ZONE, ROUTE.DISABLED, ROUTE.NAME, ROUTE.DETAIL, ROUTE.VERSION, ROUTE.CREATE_MS, ROUTE.UPDATE_MS);
      var windows = db.insertInto(ROUTE_WINDOW, ROUTE_WINDOW.ROUTE_ID, ROUTE_WINDOW.ORDINAL, ROUTE_WINDOW.DAYS,
          ROUTE_WINDOW.START_MINUTE, ROUTE_WINDOW.END_MINUTE);
      int windowRows = 0;
      for (Object[] row : routes.subList(from, Math.min(routes.size(), from + 1000))) {
        String zone = (String) row[6];
        insert.values((String) row[0], (String) row[1], (String) row[2], (String) row[3], (Integer) row[4], (Integer) row[5],
            zone, false, "", "", 1L, 0L, 0L);
        if (zone != null) {
          scheduled++;
          windows.values((String) row[0], 0, 0b0011111, 8 * 60, 20 * 60); // Monday to Friday 08:00-20:00
          windows.values((String) row[0], 1, 0b1100000, 10 * 60, 14 * 60); // weekend 10:00-14:00
          windowRows += 2;
        }
      }
      insert.execute();
      if (windowRows > 0) {
        windows.execute();
      }
    }

    for (int p = 0; p < size.providers(); p++) {
      Set<String> prefixes = new HashSet<>();
      while (prefixes.size() < size.ratesPerProvider()) {
        prefixes.add(ratePrefix(random));
      }
      List<String> list = new ArrayList<>(prefixes);
      for (int from = 0; from < list.size(); from += 2000) {
        var insert = db.insertInto(RATE, RATE.PROVIDER_ID, RATE.PREFIX, RATE.VALID_FROM_MS, RATE.VALID_UNTIL_MS, RATE.PRICE_MICROS, RATE.CURRENCY);
        for (String prefix : list.subList(from, Math.min(list.size(), from + 2000))) {
          insert.values("p" + p, prefix, 0L, null, (long) (1000 + random.nextInt(200_000)), "USD");
        }
        insert.execute();
      }
    }
    bumpRevision(db, true);
    return new Written(size, routes.size(), scheduled, size.rates(), (System.nanoTime() - started) / 1_000_000);
  }

  /** An owner's prefix to 1-4 distinct providers, priorities 0, 10, 20, 30; 5 % scheduled. */
  private static void addRoutes(List<Object[]> routes, Set<String> seen, int[] next, Random random, Size size,
      String customer, String prefix, int carriers) {
    if (!seen.add(customer + "|" + prefix)) {
      return;
    }
    String zone = random.nextInt(20) == 0 ? ZONES[random.nextInt(ZONES.length)] : null;
    for (int c = 0; c < carriers; c++) {
      String provider = "p" + random.nextInt(size.providers());
      if (seen.add(customer + "|" + prefix + "|" + provider)) {
        routes.add(new Object[] {"r" + next[0]++, customer, prefix, provider, c * 10, 1 + random.nextInt(100), zone});
      }
    }
  }

  /** Bumps the routing revision (and the rates revision): instances rebuild their snapshot. */
  public static void bumpRevision(DSLContext db, boolean rates) {
    var update = db.update(ROUTING_REVISION).set(ROUTING_REVISION.REVISION, ROUTING_REVISION.REVISION.plus(1));
    if (rates) {
      update = update.set(ROUTING_REVISION.RATES_REVISION, ROUTING_REVISION.RATES_REVISION.plus(1));
    }
    update.execute();
  }

  /** Sets the platform default strategy and bumps the revision. */
  public static void setStrategy(DSLContext db, String strategy) {
    db.update(ROUTING_POLICY).set(ROUTING_POLICY.STRATEGY, strategy).execute();
    bumpRevision(db, false);
  }

  /** A customer id of the data set; about one in ten has no routes of its own. */
  public static String customer(Random random, Size size) {
    return "cust-" + random.nextInt(size.customers());
  }

  /** A destination: a country code and national digits, 11 to 12 digits in all. */
  public static String number(Random random) {
    int cc = COUNTRY_CODES[random.nextInt(COUNTRY_CODES.length)];
    StringBuilder b = new StringBuilder(13).append(cc);
    int length = 11 + random.nextInt(2);
    while (b.length() < length) {
      b.append(random.nextInt(10));
    }
    return b.toString();
  }

  /** A rate deck prefix: a country code and up to 9 digits in all, lengths evenly spread. */
  static String ratePrefix(Random random) {
    String cc = Integer.toString(COUNTRY_CODES[random.nextInt(COUNTRY_CODES.length)]);
    int length = cc.length() + random.nextInt(9 - cc.length() + 1);
    StringBuilder b = new StringBuilder(cc);
    while (b.length() < length) {
      b.append(random.nextInt(10));
    }
    return b.toString();
  }

  /** A country code and 0 to (maxLength - its length) more digits, shorter ones more often. */
  static String prefix(Random random, int maxLength) {
    String cc = Integer.toString(COUNTRY_CODES[random.nextInt(COUNTRY_CODES.length)]);
    int room = Math.max(0, maxLength - cc.length());
    int extra = Math.min(random.nextInt(room + 1), random.nextInt(room + 1));
    StringBuilder b = new StringBuilder(cc);
    for (int i = 0; i < extra; i++) {
      b.append(random.nextInt(10));
    }
    return b.toString();
  }
}
