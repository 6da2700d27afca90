package org.siproute.server.domain;

/**
 * The kinds of resources siproute stores: how the audit trail files them ({@link #id}) and how
 * messages name them ({@link #noun}).
 */
public enum ResourceType {
  PROVIDER("provider", "provider"),
  ROUTE("route", "route"),
  /** An owner's routes imported at once; the audit event's id is the owner ("" for default routes). */
  ROUTE_TABLE("route_table", "route table of customer"),
  RATE_DECK("rate_deck", "rate deck"),
  /** A customer's sell rates; the audit event's id is the customer id. */
  SELL_RATE_DECK("sell_rate_deck", "sell rates of customer"),
  ROUTING_POLICY("routing_policy", "routing policy of customer"),
  API_KEY("api_key", "API key"),
  /** All exchange rates at once; the audit event's id is the platform currency. */
  EXCHANGE_RATES("exchange_rates", "exchange rates");

  private final String id;
  private final String noun;

  ResourceType(String id, String noun) {
    this.id = id;
    this.noun = noun;
  }

  /** The stored and listed name, e.g. "routing_policy". */
  public String id() {
    return id;
  }

  /** How a message names it, e.g. "routing policy of customer 'acme' not found". */
  public String noun() {
    return noun;
  }
}
