package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;
import static org.siproute.server.testing.RoutingFixtures.call;
import static org.siproute.server.testing.RoutingFixtures.importRates;
import static org.siproute.server.testing.RoutingFixtures.provider;
import static org.siproute.server.testing.RoutingFixtures.route;
import static org.siproute.server.testing.RoutingFixtures.routeTo;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.ExchangeRate;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListExchangeRatesRequest;
import org.siproute.proto.v1.ListExchangeRatesResponse;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.SetExchangeRatesRequest;
import org.siproute.proto.v1.SetExchangeRatesResponse;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * Currencies through gRPC: exchange rates set, listed, checked and audited, and LEAST_COST
 * comparing decks in different currencies only through them.
 */
@OnEachDatabase
class ExchangeRateTest {
  private static final String LONDON = "+44 20 7123 4567";
  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(String... flags) {
    server = TestServer.builder().database(TestDatabase.underTest()).flags(flags).start();
  }

  private static ExchangeRate rate(String currency, long platformMicros) {
    return ExchangeRate.newBuilder().setCurrency(currency).setPlatformMicros(platformMicros).build();
  }

  private SetExchangeRatesResponse set(ExchangeRate... rates) {
    return server.admin().setExchangeRates(SetExchangeRatesRequest.newBuilder().addAllRates(List.of(rates)).build());
  }

  private ListExchangeRatesResponse list() {
    return server.admin().listExchangeRates(ListExchangeRatesRequest.getDefaultInstance());
  }

  private static Rate deckLine(long priceMicros, String currency) {
    return Rate.newBuilder().setPrefix("44").setPriceMicros(priceMicros).setCurrency(currency).build();
  }

  /** GBP 0.0069 ("british", first by priority) against USD 0.0070 ("american") per minute. */
  private void gbpAndUsdDecks() {
    provider(server.admin(), "british");
    provider(server.admin(), "american");
    route(server.admin(), routeTo("british", "", "44", 0));
    route(server.admin(), routeTo("american", "", "44", 1));
    importRates(server, "british", deckLine(6_900, "GBP"));
    importRates(server, "american", deckLine(7_000, "USD"));
    policy(RoutingPolicy.newBuilder().setCustomerId("").setStrategy(Strategy.LEAST_COST), "strategy");
  }

  private RoutingPolicy policy(RoutingPolicy.Builder policy, String... paths) {
    return server.admin().updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(policy)
            .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
            .build());
  }

  private SelectResponse explain(String customer) {
    return server.select().select(call(customer, LONDON).setExplain(true).build());
  }

  @Test
  void ratesAreSetMergedRemovedAndListed() {
    start();
    assertThat(list().getPlatformCurrency()).isEqualTo("USD");
    assertThat(list().getRatesList()).isEmpty();

    SetExchangeRatesResponse first = set(rate("GBP", 1_260_000), rate("EUR", 1_080_000));
    assertThat(first.getRatesList())
        .extracting(ExchangeRate::getCurrency, ExchangeRate::getPlatformMicros)
        .containsExactly(tuple("EUR", 1_080_000L), tuple("GBP", 1_260_000L));
    assertThat(first.getRates(0).getUpdateTime().getSeconds()).isPositive();

    set(rate("GBP", 1_250_000), rate("JPY", 6_700));
    set(rate("EUR", 0)); // removes EUR
    assertThat(list().getRatesList())
        .extracting(ExchangeRate::getCurrency, ExchangeRate::getPlatformMicros)
        .containsExactly(tuple("GBP", 1_250_000L), tuple("JPY", 6_700L));
  }

  @Test
  void badRatesAreRefusedByFieldAndNothingIsWritten() {
    start();
    set(rate("GBP", 1_260_000));

    List<String> fields =
        invalid("rates[0].currency",
            () -> set(rate("gbp", 1), rate("GBP", -1), rate("GBP", 2), rate("EUR", 1_000_000_000_001L)));
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "rates[0].currency", "rates[1].platform_micros", "rates[2].currency", "rates[3].platform_micros");

    assertThat(invalid("rates[1].currency", () -> set(rate("EUR", 1_080_000), rate("USD", 1_000_000))))
        .containsExactly("rates[1].currency");
    assertThat(list().getRatesList()).extracting(ExchangeRate::getCurrency).containsExactly("GBP");
  }

  @Test
  void thePlatformCurrencyIsASetting() {
    start("--currency", "EUR");

    set(rate("USD", 926_000));
    assertThat(list().getPlatformCurrency()).isEqualTo("EUR");
    assertThat(invalid("rates[0].currency", () -> set(rate("EUR", 1_000_000)))).containsExactly("rates[0].currency");
  }

  @Test
  void changesAreAuditedAndOnlyAdminsMayReadOrWriteRates() {
    start();
    set(rate("GBP", 1_260_000));
    set(rate("GBP", 1_250_000));

    List<AuditEvent> events =
        server.admin().listAuditEvents(ListAuditEventsRequest.newBuilder().setResourceType("exchange_rates").build())
            .getAuditEventsList();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).getRpc()).isEqualTo("siproute.v1.RouteAdmin/SetExchangeRates");
    assertThat(events.get(0).getResourceId()).isEqualTo("USD");
    assertThat(events.get(0).getBeforeJson()).contains("\"platformMicros\":\"1260000\"");
    assertThat(events.get(0).getAfterJson()).contains("\"platformMicros\":\"1250000\"");

    for (String key : List.of(server.createKey(Role.CUSTOMER, "acme"), server.createKey(Role.ROUTER, ""))) {
      refused(Status.Code.PERMISSION_DENIED, () -> server.admin(key).listExchangeRates(ListExchangeRatesRequest.getDefaultInstance()));
      refused(Status.Code.PERMISSION_DENIED,
          () -> server.admin(key).setExchangeRates(SetExchangeRatesRequest.newBuilder().addRates(rate("GBP", 1)).build()));
    }
    assertThat(list().getRates(0).getPlatformMicros()).isEqualTo(1_250_000);
  }

  @Test
  void pricesInAnotherCurrencyAreComparedOnlyOnceTheyCanBeConverted() {
    start();
    gbpAndUsdDecks();

    // No GBP rate: the GBP deck cannot be compared, so it goes after the priced USD one.
    SelectResponse unconverted = explain("acme");
    assertThat(unconverted.getAttemptsList())
        .extracting(Attempt::getProviderId, Attempt::getCostMicros, Attempt::getCostCurrency)
        .containsExactly(tuple("american", 7_000L, "USD"), tuple("british", 0L, ""));
    assertThat(unconverted.getAttempts(1).getReasonsList())
        .contains("price 6900 micros/min GBP billed 60/60, but no exchange rate for GBP to compare it in USD:"
            + " after priced providers");

    // GBP at 1.26 USD: 6900 GBP micros are 8694 USD micros, dearer than 7000.
    set(rate("GBP", 1_260_000));
    assertThat(explain("acme").getAttemptsList())
        .extracting(Attempt::getProviderId, Attempt::getCostMicros, Attempt::getCostCurrency, Attempt::getPriceMicros,
            Attempt::getCurrency)
        .containsExactly(tuple("american", 7_000L, "USD", 7_000L, "USD"), tuple("british", 8_694L, "USD", 6_900L, "GBP"));

    // The write takes effect at once: GBP at par makes the GBP deck the cheaper one.
    set(rate("GBP", 1_000_000));
    assertThat(explain("acme").getAttemptsList()).extracting(Attempt::getProviderId).containsExactly("british", "american");
  }

  @Test
  void aCustomersPolicyComparesInItsOwnCurrency() {
    start();
    gbpAndUsdDecks();
    set(rate("GBP", 1_260_000), rate("EUR", 1_080_000));

    RoutingPolicy own = policy(RoutingPolicy.newBuilder().setCustomerId("acme").setCurrency("EUR"), "currency");
    assertThat(own.getCurrency()).isEqualTo("EUR");

    assertThat(explain("acme").getAttemptsList())
        .extracting(Attempt::getProviderId, Attempt::getCostMicros, Attempt::getCostCurrency)
        .containsExactly(tuple("american", 6_481L, "EUR"), tuple("british", 8_050L, "EUR"));
    assertThat(explain("globex").getAttempts(0).getCostCurrency()).as("others keep the platform currency").isEqualTo("USD");

    assertThat(invalid("policy.currency",
        () -> policy(RoutingPolicy.newBuilder().setCustomerId("acme").setCurrency("euro"), "currency")))
        .containsExactly("policy.currency");
    assertThat(policy(RoutingPolicy.newBuilder().setCustomerId("acme").setCurrency(""), "currency").getCurrency())
        .as("empty: back to the platform currency").isEmpty();
  }
}
