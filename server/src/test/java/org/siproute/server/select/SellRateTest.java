package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;
import static org.siproute.server.testing.RoutingFixtures.call;
import static org.siproute.server.testing.RoutingFixtures.importRates;
import static org.siproute.server.testing.RoutingFixtures.provider;
import static org.siproute.server.testing.RoutingFixtures.rate;
import static org.siproute.server.testing.RoutingFixtures.route;
import static org.siproute.server.testing.RoutingFixtures.routeTo;

import com.google.protobuf.FieldMask;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.ConsideredRoute;
import org.siproute.proto.v1.ImportSellRatesRequest;
import org.siproute.proto.v1.ImportSellRatesResponse;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListSellRatesRequest;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.SellRate;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * Sell rates and the margin guard through gRPC: imports that write all or nothing, who may
 * read and write them, and plans that leave out providers costing more than the customer pays
 * less the margin.
 */
@OnEachDatabase
class SellRateTest {
  private static final String LONDON = "+44 20 7123 4567";
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.builder().database(TestDatabase.underTest()).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SellRate sell(String prefix, long priceMicros) {
    return SellRate.newBuilder().setPrefix(prefix).setPriceMicros(priceMicros).setCurrency("USD").build();
  }

  private ImportSellRatesResponse importSellRates(Channel channel, String customer, boolean replace, List<List<SellRate>> chunks) {
    List<ImportSellRatesRequest> messages = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      ImportSellRatesRequest.Builder m = ImportSellRatesRequest.newBuilder().addAllRates(chunks.get(i));
      if (i == 0) {
        m.setCustomerId(customer).setReplace(replace);
      }
      messages.add(m.build());
    }
    return RateImports.runSell(channel, messages);
  }

  private List<SellRate> sellRates(RouteAdminGrpc.RouteAdminBlockingStub admin, String customer) {
    return admin.listSellRates(ListSellRatesRequest.newBuilder().setCustomerId(customer).build()).getRatesList();
  }

  @Test
  void importsMergeOrReplaceAndListWithFeesAndIncrements() {
    ImportSellRatesResponse first =
        importSellRates(server.channel(), "acme", false,
            List.of(List.of(sell("44", 10_000), sell("49", 12_000).toBuilder().setConnectFeeMicros(500)
                .setFirstIncrementSeconds(30).setNextIncrementSeconds(6).build()), List.of(sell("1", 4_000))));
    assertThat(first.getImported()).isEqualTo(3);

    assertThat(sellRates(server.admin(), "acme"))
        .extracting(SellRate::getCustomerId, SellRate::getPrefix, SellRate::getPriceMicros, SellRate::getConnectFeeMicros,
            SellRate::getFirstIncrementSeconds, SellRate::getNextIncrementSeconds)
        .containsExactly(
            tuple("acme", "1", 4_000L, 0L, 60, 60),
            tuple("acme", "44", 10_000L, 0L, 60, 60),
            tuple("acme", "49", 12_000L, 500L, 30, 6));

    ImportSellRatesResponse merged = importSellRates(server.channel(), "acme", false, List.of(List.of(sell("44", 11_000))));
    assertThat(merged.getReplaced()).isEqualTo(1);
    ImportSellRatesResponse replaced = importSellRates(server.channel(), "acme", true, List.of(List.of(sell("33", 9_000))));
    assertThat(replaced.getReplaced()).isEqualTo(3);
    assertThat(sellRates(server.admin(), "acme")).extracting(SellRate::getPrefix).containsExactly("33");
    assertThat(sellRates(server.admin(), "Acme")).as("customer ids are case-sensitive").isEmpty();

    List<AuditEvent> events =
        server.admin().listAuditEvents(ListAuditEventsRequest.newBuilder().setResourceType("sell_rate_deck").build())
            .getAuditEventsList();
    assertThat(events).hasSize(3);
    assertThat(events.get(0).getCustomerId()).isEqualTo("acme");
    assertThat(events.get(0).getAfterJson()).contains("\"customer_id\":\"acme\"").contains("\"replace\":true");
  }

  @Test
  void aBadLineInAnyMessageWritesNothing() {
    importSellRates(server.channel(), "acme", false, List.of(List.of(sell("44", 10_000))));

    var e =
        refused(Status.Code.INVALID_ARGUMENT,
            () -> importSellRates(server.channel(), "acme", true,
                List.of(List.of(sell("1", 1), sell("2", 2)),
                    List.of(sell("3", 3), sell("4", 4).toBuilder().setNextIncrementSeconds(-6).setCustomerId("globex").build()))));
    assertThat(e.getStatus().getDescription()).contains("line 4");
    assertThat(invalid("rates[1].next_increment_seconds",
        () -> importSellRates(server.channel(), "acme", true,
            List.of(List.of(sell("3", 3), sell("4", 4).toBuilder().setNextIncrementSeconds(-6).setCustomerId("globex").build())))))
        .containsExactlyInAnyOrder("rates[1].next_increment_seconds", "rates[1].customer_id");
    assertThat(invalid("customer_id", () -> importSellRates(server.channel(), "", false, List.of(List.of(sell("3", 3))))))
        .containsExactly("customer_id");
    assertThat(sellRates(server.admin(), "acme")).extracting(SellRate::getPrefix).containsExactly("44");
  }

  @Test
  void customersReadTheirOwnSellRatesOnlyAndOnlyAdminsWriteThem() {
    importSellRates(server.channel(), "acme", false, List.of(List.of(sell("44", 10_000))));
    importSellRates(server.channel(), "globex", false, List.of(List.of(sell("49", 12_000))));
    String acmeKey = server.createKey(Role.CUSTOMER, "acme");

    assertThat(sellRates(server.admin(acmeKey), "acme")).extracting(SellRate::getPrefix).containsExactly("44");
    refused(Status.Code.PERMISSION_DENIED, () -> sellRates(server.admin(acmeKey), "globex"));
    refused(Status.Code.PERMISSION_DENIED,
        () -> importSellRates(server.channel(acmeKey), "acme", true, List.of(List.of(sell("44", 1)))));
    String routerKey = server.createKey(Role.ROUTER, "");
    refused(Status.Code.PERMISSION_DENIED, () -> sellRates(server.admin(routerKey), "acme"));
    assertThat(sellRates(server.admin(), "acme")).extracting(SellRate::getPriceMicros).containsExactly(10_000L);
  }

  private void guard(String customer, boolean on, long minMarginMicros, int expectedSeconds) {
    server.admin().updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setMarginGuard(on)
                .setMinMarginMicros(minMarginMicros).setExpectedCallSeconds(expectedSeconds))
            .setUpdateMask(FieldMask.newBuilder().addPaths("margin_guard").addPaths("min_margin_micros")
                .addPaths("expected_call_seconds"))
            .build());
  }

  private SelectResponse explain(String customer, String destination) {
    return server.select().select(call(customer, destination).setExplain(true).build());
  }

  private static List<String> notes(SelectResponse response) {
    return response.getConsideredList().stream().filter(c -> c.getRouteId().isEmpty()).map(ConsideredRoute::getReason).toList();
  }

  @Test
  void theMarginGuardLeavesOutProvidersThatCostMoreThanTheCustomerPaysLessTheMargin() {
    // Per minute (billed 60/60, USD): cheap 7000, fair 9500, dear 9600 for +44; only cheap has +49.
    for (String p : List.of("dear", "fair", "cheap")) {
      provider(server.admin(), p);
    }
    route(server.admin(), routeTo("dear", "", "", 0));
    route(server.admin(), routeTo("fair", "", "", 1));
    route(server.admin(), routeTo("cheap", "", "", 2));
    importRates(server, "cheap", rate("44", 7_000), rate("49", 7_000));
    importRates(server, "fair", rate("44", 9_500));
    importRates(server, "dear", rate("44", 9_600));
    importSellRates(server.channel(), "acme", false, List.of(List.of(sell("44", 10_000))));

    // Guard off: priority order, nothing dropped.
    assertThat(explain("acme", LONDON).getAttemptsList()).extracting(Attempt::getProviderId)
        .containsExactly("dear", "fair", "cheap");

    // Sell price 10000 per call of 60 s, margin 500: costs up to 9500 stay.
    guard("acme", true, 500, 60);
    SelectResponse guarded = explain("acme", LONDON);
    assertThat(guarded.getAttemptsList()).extracting(Attempt::getProviderId).containsExactly("fair", "cheap");
    assertThat(guarded.getConsideredList())
        .filteredOn(c -> c.getProviderId().equals("dear"))
        .singleElement()
        .satisfies(c -> {
          assertThat(c.getSelected()).isFalse();
          assertThat(c.getReason()).isEqualTo("cost 9600 micros USD for a 60 s call above the sell price 10000 less the margin of 500");
        });
    assertThat(notes(guarded))
        .contains("margin guard: sell price 10000 micros USD for a 60 s call, less the margin of 500: costs up to 9500");

    // A bigger margin drops fair as well.
    guard("acme", true, 501, 60);
    assertThat(explain("acme", LONDON).getAttemptsList()).extracting(Attempt::getProviderId).containsExactly("cheap");

    // No sell rate for +49: nothing is dropped, and explain says why.
    SelectResponse unsold = explain("acme", "+49 30 1234567");
    assertThat(unsold.getAttemptsList()).extracting(Attempt::getProviderId).containsExactly("dear", "fair", "cheap");
    assertThat(notes(unsold)).contains("margin guard: no sell rate for this number, so it drops nothing");

    // Another customer without a guard or sell rates: untouched.
    assertThat(explain("globex", LONDON).getAttemptsList()).extracting(Attempt::getProviderId)
        .containsExactly("dear", "fair", "cheap");

    assertThat(invalid("policy.min_margin_micros", () -> guard("acme", true, -1, 60))).containsExactly("policy.min_margin_micros");
  }
}
