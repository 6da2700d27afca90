package org.siproute.server.routing;

import java.util.Map;
import org.siproute.server.domain.RoutingPolicy;

/**
 * An immutable view of the routing configuration at one revision. Decisions read it without
 * locks; a rebuild makes a new one aside and swaps the reference. It is made of two kinds of
 * parts, owners and provider slots, so that a new snapshot can replace some of either and share
 * the rest. Opaque outside this package: {@link SnapshotBuilder} makes one.
 */
public final class Snapshot {
  final long revision;
  final long ratesRevision;
  final ProviderSlots providers;
  /** The default routes and the platform policy. */
  final Owner defaults;
  /** Customers with routes or a policy of their own, by customer id. */
  final Map<String, Owner> customers;
  /** What each currency is worth in the platform currency. */
  final ExchangeRates exchangeRates;
  final int routeCount;
  final long buildMillis;

  Snapshot(
      long revision,
      long ratesRevision,
      ProviderSlots providers,
      Owner defaults,
      Map<String, Owner> customers,
      ExchangeRates exchangeRates,
      long buildMillis) {
    if (defaults.policy == null) {
      throw new IllegalStateException("the platform default routing policy is missing");
    }
    this.revision = revision;
    this.ratesRevision = ratesRevision;
    this.providers = providers;
    this.defaults = defaults;
    this.customers = customers;
    this.exchangeRates = exchangeRates;
    int routes = defaults.routes.routeCount;
    for (Owner owner : customers.values()) {
      routes += owner.routes.routeCount;
    }
    this.routeCount = routes;
    this.buildMillis = buildMillis;
  }

  /** The customer's part, or {@link Owner#NONE} when it has neither routes nor a policy. */
  Owner customer(String customerId) {
    Owner own = customers.get(customerId);
    return own != null ? own : Owner.NONE;
  }

  RoutingPolicy policyFor(String customerId) {
    RoutingPolicy own = customer(customerId).policy;
    return own != null ? own : defaults.policy;
  }

  int rateCount() {
    int n = 0;
    for (ProviderView view : providers.views) {
      if (view != null && view.rates != null) {
        n += view.rates.size();
      }
    }
    return n;
  }
}
