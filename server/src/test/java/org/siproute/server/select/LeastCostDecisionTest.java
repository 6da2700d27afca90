package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.RoutingFixtures.call;
import static org.siproute.server.testing.RoutingFixtures.importRates;
import static org.siproute.server.testing.RoutingFixtures.provider;
import static org.siproute.server.testing.RoutingFixtures.route;
import static org.siproute.server.testing.RoutingFixtures.routeTo;

import com.google.protobuf.FieldMask;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.ConsideredRoute;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * LEAST_COST by the cost of a call through the real gRPC stack and database: decks billed per
 * second against decks billed per minute with a connect fee, at a short and a long call, and
 * the call length taken from the policy or from answered calls.
 */
@OnEachDatabase
class LeastCostDecisionTest {
  private static final String LONDON = "+44 20 7123 4567";
  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(int minSamples) {
    server =
        TestServer.builder()
            .database(TestDatabase.underTest())
            .config(c -> c.withPollInterval(Duration.ofSeconds(1)).withQuality(QualityConfig.DEFAULTS.withMinSamples(minSamples)))
            .start();
  }

  private static Rate rate(String prefix, long priceMicros, long connectFeeMicros, int first, int next) {
    return Rate.newBuilder()
        .setPrefix(prefix)
        .setPriceMicros(priceMicros)
        .setCurrency("USD")
        .setConnectFeeMicros(connectFeeMicros)
        .setFirstIncrementSeconds(first)
        .setNextIncrementSeconds(next)
        .build();
  }

  /** "per-second": 0.012/min billed 1/1; "per-minute": 0.009/min billed 60/60 + 0.001 per call. */
  private void twoDecks() {
    provider(server.admin(), "per-second");
    provider(server.admin(), "per-minute");
    route(server.admin(), routeTo("per-minute", "", "44", 0));
    route(server.admin(), routeTo("per-second", "", "44", 1));
    importRates(server, "per-second", rate("44", 12_000, 0, 1, 1));
    importRates(server, "per-minute", rate("44", 9_000, 1_000, 0, 0)); // 0/0: 60/60
  }

  private RoutingPolicy policy(RoutingPolicy.Builder policy, String... paths) {
    return server.admin().updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(policy)
            .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
            .build());
  }

  private void leastCostAt(int seconds) {
    policy(RoutingPolicy.newBuilder().setCustomerId("").setStrategy(Strategy.LEAST_COST).setExpectedCallSeconds(seconds),
        "strategy", "expected_call_seconds");
  }

  private SelectResponse explain(String destination) {
    return server.select().select(call("acme", destination).setExplain(true).build());
  }

  private static List<String> notes(SelectResponse response) {
    return response.getConsideredList().stream().filter(c -> c.getRouteId().isEmpty()).map(ConsideredRoute::getReason).toList();
  }

  @Test
  void perSecondBillingWinsShortCallsAndTheCheaperMinuteWithAFeeWinsLongOnes() {
    start(20);
    twoDecks();

    // At d seconds per-second costs 12000 * d / 60, per-minute 1000 + 9000 * ceil(d / 60):
    // per-second billing wins below 50 s and just after each whole minute, for a while.
    record Row(int seconds, String first, long firstCost, String second, long secondCost) {}
    List<Row> table =
        List.of(
            new Row(30, "per-second", 6_000, "per-minute", 10_000),
            new Row(59, "per-minute", 10_000, "per-second", 11_800),
            new Row(61, "per-second", 12_200, "per-minute", 19_000),
            new Row(600, "per-minute", 91_000, "per-second", 120_000));
    for (Row row : table) {
      leastCostAt(row.seconds());
      SelectResponse plan = explain(LONDON);
      assertThat(plan.getExpectedCallSeconds()).isEqualTo(row.seconds());
      assertThat(plan.getAttemptsList())
          .as("at %d s", row.seconds())
          .extracting(Attempt::getProviderId, Attempt::getCostMicros, Attempt::getCostCurrency)
          .containsExactly(tuple(row.first(), row.firstCost(), "USD"), tuple(row.second(), row.secondCost(), "USD"));
      assertThat(notes(plan)).contains("calls priced at " + row.seconds() + " s: the policy's expected_call_seconds");
    }

    leastCostAt(30);
    SelectResponse shortCall = explain(LONDON);
    assertThat(shortCall.getAttemptsList())
        .extracting(Attempt::getProviderId, Attempt::getCostMicros, Attempt::getPriceMicros)
        .containsExactly(tuple("per-second", 6_000L, 12_000L), tuple("per-minute", 10_000L, 9_000L));
    assertThat(shortCall.getAttempts(1).getReasonsList())
        .contains("cost 10000 micros USD for a 30 s call: price 9000 micros/min billed 60/60 + connect fee 1000, priority 0");

    leastCostAt(600);
    assertThat(explain(LONDON).getAttemptsList())
        .extracting(Attempt::getProviderId, Attempt::getCostMicros)
        .containsExactly(tuple("per-minute", 91_000L), tuple("per-second", 120_000L));
  }

  @Test
  void withoutAnExpectedLengthTheAverageAnsweredCallPricesOnceThereAreEnoughOfThem() {
    start(3);
    twoDecks();
    leastCostAt(0);

    SelectResponse before = explain(LONDON);
    assertThat(before.getExpectedCallSeconds()).isEqualTo(60);
    assertThat(notes(before)).contains("calls priced at 60 s: too few answered calls to +44 measured yet");
    assertThat(before.getAttemptsList()).extracting(Attempt::getProviderId).containsExactly("per-minute", "per-second");

    // Answered calls of 10, 20 and 36 s to +44 (through either provider): 22 s on average.
    // Two are not enough; calls to another country and unanswered ones do not count.
    answered("per-minute", 44, 10_000);
    answered("per-second", 44, 20_000);
    answered("per-second", 49, 900_000);
    server.select().reportOutcome(
        ReportOutcomeRequest.newBuilder().setProviderId("per-second").setCallingCode(44).setSipCode(486).build());
    assertThat(explain(LONDON).getExpectedCallSeconds()).isEqualTo(60);

    answered("per-minute", 44, 36_000);
    SelectResponse after = explain(LONDON);
    assertThat(after.getExpectedCallSeconds()).isEqualTo(22);
    assertThat(notes(after)).contains("calls priced at 22 s: the average answered call to +44 lasts 22.0 s");
    assertThat(after.getAttemptsList())
        .extracting(Attempt::getProviderId, Attempt::getCostMicros)
        .containsExactly(tuple("per-second", 4_400L), tuple("per-minute", 10_000L));

    // The policy's own length still wins over the statistics.
    leastCostAt(600);
    assertThat(explain(LONDON).getAttempts(0).getProviderId()).isEqualTo("per-minute");
  }

  private void answered(String providerId, int callingCode, long durationMs) {
    server.select().reportOutcome(
        ReportOutcomeRequest.newBuilder()
            .setProviderId(providerId)
            .setCallingCode(callingCode)
            .setSipCode(200)
            .setDurationMs(durationMs)
            .build());
  }

  @Test
  void theExpectedLengthIsStoredPerPolicyAndChecked() {
    start(20);

    RoutingPolicy own = policy(RoutingPolicy.newBuilder().setCustomerId("acme").setExpectedCallSeconds(45), "expected_call_seconds");
    assertThat(own.getExpectedCallSeconds()).isEqualTo(45);
    assertThat(server.admin().getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId("acme").build())
        .getExpectedCallSeconds()).isEqualTo(45);
    assertThat(server.admin().getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId("other").build())
        .getExpectedCallSeconds()).as("the default leaves it to statistics").isZero();

    for (int bad : new int[] {-1, 86_401}) {
      assertThat(invalid("policy.expected_call_seconds",
          () -> policy(RoutingPolicy.newBuilder().setCustomerId("acme").setExpectedCallSeconds(bad), "expected_call_seconds")))
          .containsExactly("policy.expected_call_seconds");
    }
    assertThat(server.admin().getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId("acme").build())
        .getExpectedCallSeconds()).as("a refused update changes nothing").isEqualTo(45);
  }

  @Test
  void ratesAndPoliciesStoredBeforeTheMigrationKeepTheirMeaning() {
    TestDatabase database = TestDatabase.underTest();
    String[] locations =
        database.url().startsWith("jdbc:h2:")
            ? new String[] {"classpath:db/migration"}
            : new String[] {"classpath:db/migration", "classpath:db/migration-mysql"};
    Flyway.configure().dataSource(database.url(), null, null).locations(locations).target("3").load().migrate();
    database.execute(
        "INSERT INTO provider (id, name, hostname, transport, tech_prefix, tech_postfix, disabled, weight,"
            + " max_concurrent_calls, version, create_ms, update_ms)"
            + " VALUES ('old', 'Old', 'old.example', 'UDP', '', '', FALSE, 0, 0, 1, 0, 0)");
    database.execute(
        "INSERT INTO rate (provider_id, prefix, valid_from_ms, valid_until_ms, price_micros, currency)"
            + " VALUES ('old', '44', 0, NULL, 6000, 'USD')");
    database.execute("UPDATE routing_policy SET strategy = 'LEAST_COST' WHERE customer_id = ''");

    server = TestServer.builder().database(database).start();
    route(server.admin(), routeTo("old", "", "44", 0));

    assertThat(server.admin().listRates(ListRatesRequest.newBuilder().setProviderId("old").build()).getRatesList())
        .extracting(Rate::getPriceMicros, Rate::getConnectFeeMicros, Rate::getFirstIncrementSeconds, Rate::getNextIncrementSeconds)
        .containsExactly(tuple(6_000L, 0L, 60, 60));
    assertThat(server.admin().getRoutingPolicy(GetRoutingPolicyRequest.getDefaultInstance()).getExpectedCallSeconds()).isZero();
    SelectResponse plan = explain(LONDON);
    assertThat(plan.getAttemptsList()).extracting(Attempt::getProviderId, Attempt::getCostMicros).containsExactly(tuple("old", 6_000L));
  }
}
