package org.siproute.server.auth;

import org.siproute.server.domain.ApiKey;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;

/**
 * How the audit trail writes a resource's state: as the API shows it (the edge implements
 * this with the wire messages' JSON form), so that before and after read like what callers
 * sent and got. None of these forms holds a secret.
 */
public interface AuditJson {
  String provider(Provider provider);

  String route(Route route);

  String policy(RoutingPolicy policy);

  String apiKey(ApiKey key);

  /** Every exchange rate into {@code platformCurrency}. */
  String exchangeRates(String platformCurrency, java.util.List<org.siproute.server.domain.ExchangeRate> rates);

  /** What a sell-rate import did to a customer's sell rates. */
  String sellRateImport(String customerId, boolean replace, long imported, long replaced);

  /** What a route import did to an owner's routes. */
  String routeImport(String customerId, boolean replace, long created, long updated, long deleted, long unchanged);

  /** What a rate import did to a provider's deck. */
  String rateImport(String providerId, boolean replace, long imported, long replaced);
}
