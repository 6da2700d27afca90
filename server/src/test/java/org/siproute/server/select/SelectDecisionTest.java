package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siproute.server.testing.RoutingFixtures.call;
import static org.siproute.server.testing.RoutingFixtures.callAt;
import static org.siproute.server.testing.RoutingFixtures.importRates;
import static org.siproute.server.testing.RoutingFixtures.provider;
import static org.siproute.server.testing.RoutingFixtures.rate;
import static org.siproute.server.testing.RoutingFixtures.route;
import static org.siproute.server.testing.RoutingFixtures.routeTo;

import com.google.protobuf.FieldMask;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/** The decision rules of Select, one table row per rule, through the real gRPC stack. */
@OnEachDatabase
class SelectDecisionTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server =
        TestServer.builder()
            .database(TestDatabase.underTest())
            .config(c -> c.withPollInterval(Duration.ofSeconds(1)).withDialIdleTimeout(Duration.ofSeconds(120)))
            .start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private List<String> providersFor(org.siproute.proto.v1.SelectRequest.Builder request) {
    return server.select().select(request.build()).getAttemptsList().stream().map(Attempt::getProviderId).toList();
  }

  private void policy(String customer, RoutingPolicy.Builder policy, String... paths) {
    server.admin().updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(policy.setCustomerId(customer))
            .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
            .build());
  }

  @Test
  void customerRoutesComeBeforeDefaultRoutesAndLongerPrefixesBeforeShorter() {
    for (String p : List.of("a", "b", "c", "d")) {
      provider(server.admin(), p);
    }
    route(server.admin(), routeTo("a", "", "4930", 0));
    route(server.admin(), routeTo("b", "acme", "49", 0));
    route(server.admin(), routeTo("c", "acme", "4930", 0));
    route(server.admin(), routeTo("d", "", "", 0));

    assertThat(providersFor(call("acme", "+49 30 1234567"))).containsExactly("c", "b", "a", "d");
    assertThat(providersFor(call("other", "+49 30 1234567"))).containsExactly("a", "d");
    assertThat(providersFor(call("acme", "+44 20 1234567"))).containsExactly("d");
  }

  @Test
  void policyCanExcludeDefaultRoutes() {
    provider(server.admin(), "a");
    provider(server.admin(), "b");
    route(server.admin(), routeTo("a", "acme", "49", 0));
    route(server.admin(), routeTo("b", "", "49", 0));
    policy("acme", RoutingPolicy.newBuilder().setExcludeDefaultRoutes(true), "exclude_default_routes");

    assertThat(providersFor(call("acme", "4930123456"))).containsExactly("a");
    assertThat(providersFor(call("someone-else", "4930123456"))).containsExactly("b");
  }

  @Test
  void priorityOrdersWithinATier() {
    for (String p : List.of("a", "b", "c")) {
      provider(server.admin(), p);
    }
    route(server.admin(), routeTo("a", "", "1", 30));
    route(server.admin(), routeTo("b", "", "1", 10));
    route(server.admin(), routeTo("c", "", "1", 20));
    assertThat(providersFor(call("x", "12125550100"))).containsExactly("b", "c", "a");
  }

  @Test
  void disabledRoutesAndProvidersAreLeftOutAndExplained() {
    for (String p : List.of("a", "b", "c")) {
      provider(server.admin(), p);
    }
    route(server.admin(), routeTo("a", "", "1", 0).setDisabled(true));
    route(server.admin(), routeTo("b", "", "1", 1));
    route(server.admin(), routeTo("c", "", "1", 2));
    server.admin().updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("b").setDisabled(true))
            .setUpdateMask(FieldMask.newBuilder().addPaths("disabled"))
            .build());

    SelectResponse response = server.select().select(call("x", "12125550100").setExplain(true).build());
    assertThat(response.getAttemptsList()).extracting(Attempt::getProviderId).containsExactly("c");
    Map<String, String> reasons = new HashMap<>();
    response.getConsideredList().forEach(c -> reasons.put(c.getProviderId(), c.getReason()));
    assertThat(reasons.get("a")).isEqualTo("route disabled");
    assertThat(reasons.get("b")).contains("disabled");
    assertThat(response.getAttempts(0).getReasonsList()).isNotEmpty();
  }

  @Test
  void aProviderAppearsOnceAtItsFirstPlaceAndThePlanIsCutAtMaxAttempts() {
    for (String p : List.of("a", "b", "c", "d")) {
      provider(server.admin(), p);
    }
    route(server.admin(), routeTo("a", "acme", "44", 0));
    route(server.admin(), routeTo("a", "", "44", 0));
    route(server.admin(), routeTo("b", "", "44", 1));
    route(server.admin(), routeTo("c", "", "44", 2));
    route(server.admin(), routeTo("d", "", "44", 3));
    assertThat(providersFor(call("acme", "442071234567"))).containsExactly("a", "b", "c", "d");

    policy("acme", RoutingPolicy.newBuilder().setMaxAttempts(2), "max_attempts");
    assertThat(providersFor(call("acme", "442071234567"))).containsExactly("a", "b");
  }

  @Test
  void noCandidateGivesAnEmptyPlanNotAnError() {
    SelectResponse response = server.select().select(call("acme", "+33 1 23 45 67 89").build());
    assertThat(response.getAttemptsList()).isEmpty();
    assertThat(response.getDestination()).isEqualTo("33123456789");
    assertThat(response.getDestinationRegion()).isEqualTo("FR");
  }

  @ParameterizedTest
  @ValueSource(strings = {"49abc123", "12", "1234567890123456", "++4930123", "49+30123", "", "4930;user=phone", "49 30\n123"})
  void badDestinationsAreRefusedNamingTheField(String destination) {
    assertThatThrownBy(() -> server.select().select(call("acme", destination).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(fieldsOf(e)).contains("destination");
            });
  }

  @Test
  void destinationsAreNormalised() {
    provider(server.admin(), "a");
    route(server.admin(), routeTo("a", "", "4930", 0));
    for (String written : List.of("+49 (30) 123-45.67", "4930 1234567", "+4930.1234567")) {
      SelectResponse response = server.select().select(call("acme", written).build());
      assertThat(response.getDestination()).isEqualTo("49301234567");
      assertThat(response.getAttempts(0).getSipUri()).isEqualTo("sip:49301234567@a.carrier.example");
    }
  }

  @Test
  void missingCustomerIsRefused() {
    assertThatThrownBy(() -> server.select().select(call("", "4930123456").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(fieldsOf(e)).contains("customer_id"));
  }

  @Test
  void dialInstructionsCarryTechPrefixPostfixTransportAndHeaders() {
    server.admin().createProvider(
        CreateProviderRequest.newBuilder()
            .setProvider(
                Provider.newBuilder()
                    .setId("tls")
                    .setName("TLS carrier")
                    .setHostname("sbc.carrier.example:5061")
                    .setTransport(Transport.TLS)
                    .setTechPrefix("0011#")
                    .setTechPostfix(";npdi")
                    .putTechHeaders("X-Account", "acme-42"))
            .build());
    server.admin().createProvider(
        CreateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("tcp").setName("TCP").setHostname("10.0.0.7").setTransport(Transport.TCP))
            .build());
    route(server.admin(), routeTo("tls", "", "1", 0));
    route(server.admin(), routeTo("tcp", "", "1", 1));

    SelectResponse response = server.select().select(call("acme", "+1 212 555 0100").build());
    // "#" is not allowed as it is in a SIP user part (RFC 3261): percent-encoded.
    assertThat(response.getAttempts(0).getSipUri()).isEqualTo("sips:0011%2312125550100;npdi@sbc.carrier.example:5061;transport=tls");
    assertThat(response.getAttempts(0).getDialedNumber()).isEqualTo("12125550100");
    assertThat(response.getAttempts(0).getHeadersMap()).containsEntry("X-Account", "acme-42");
    assertThat(response.getAttempts(1).getSipUri()).isEqualTo("sip:12125550100@10.0.0.7;transport=tcp");
    assertThat(response.getAttempts(1).getIndex()).isEqualTo(1);
  }

  // ---- schedules ----

  private void scheduledRoute(String provider, String zone, TimeWindow window) {
    route(server.admin(), routeTo(provider, "", "49", 0)
        .setSchedule(Schedule.newBuilder().setTimeZone(zone).addWindows(window)));
  }

  @Test
  void scheduleWindowOnWeekdaysInTheRoutesTimeZone() {
    provider(server.admin(), "office");
    scheduledRoute("office", "Europe/Berlin",
        TimeWindow.newBuilder().addAllDays(List.of(1, 2, 3, 4, 5)).setStartTime("09:00").setEndTime("17:00").build());
    // Wednesday 2026-11-25: Berlin is UTC+1.
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-25T08:00:00Z"))).containsExactly("office");
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-25T07:59:00Z"))).isEmpty();
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-25T15:59:00Z"))).containsExactly("office");
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-25T16:00:00Z"))).isEmpty();
    // Saturday 2026-11-28 at noon Berlin.
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-28T11:00:00Z"))).isEmpty();
  }

  @Test
  void windowsCrossingMidnightBelongToTheDayTheyStart() {
    provider(server.admin(), "night");
    // Friday 22:00 to Saturday 06:00, UTC.
    scheduledRoute("night", "UTC", TimeWindow.newBuilder().addDays(5).setStartTime("22:00").setEndTime("06:00").build());
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-27T23:30:00Z"))).containsExactly("night"); // Fri
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-28T05:59:00Z"))).containsExactly("night"); // Sat early
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-28T06:00:00Z"))).isEmpty();
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-26T23:30:00Z"))).isEmpty(); // Thu night
    assertThat(providersFor(callAt("c", "4930123456", "2026-11-27T05:00:00Z"))).isEmpty(); // Fri early: Thu's
  }

  @Test
  void schedulesFollowDaylightSavingChanges() {
    provider(server.admin(), "morning");
    scheduledRoute("morning", "Europe/Berlin", TimeWindow.newBuilder().setStartTime("08:00").setEndTime("09:00").build());
    // 2026-03-29: Berlin moves from UTC+1 to UTC+2 at 01:00 UTC.
    assertThat(providersFor(callAt("c", "4930123456", "2026-03-28T07:30:00Z"))).containsExactly("morning");
    assertThat(providersFor(callAt("c", "4930123456", "2026-03-29T07:30:00Z"))).isEmpty(); // 09:30 CEST
    assertThat(providersFor(callAt("c", "4930123456", "2026-03-29T06:30:00Z"))).containsExactly("morning"); // 08:30 CEST
  }

  // ---- strategies ----

  @Test
  void equalPrioritiesShareByWeightReproduciblyPerCall() {
    provider(server.admin(), "heavy");
    provider(server.admin(), "light");
    route(server.admin(), routeTo("heavy", "", "1", 5).setWeight(90));
    route(server.admin(), routeTo("light", "", "1", 5).setWeight(10));

    int heavyFirst = 0;
    for (int i = 0; i < 2000; i++) {
      var request = call("acme", "12125550100").setCallId("call-" + i);
      List<String> order = providersFor(request);
      assertThat(providersFor(request)).as("same call id, same order").isEqualTo(order);
      if (order.get(0).equals("heavy")) {
        heavyFirst++;
      }
    }
    // Expected 1800 of 2000; 5 standard deviations (about 67) either side.
    assertThat(heavyFirst).isBetween(1700, 1900);
  }

  @Test
  void weightedStrategySharesAcrossPriorities() {
    provider(server.admin(), "a");
    provider(server.admin(), "b");
    route(server.admin(), routeTo("a", "", "1", 1).setWeight(1));
    route(server.admin(), routeTo("b", "", "1", 100).setWeight(3));
    policy("", RoutingPolicy.newBuilder().setStrategy(Strategy.WEIGHTED), "strategy");

    int bFirst = 0;
    for (int i = 0; i < 2000; i++) {
      if (providersFor(call("acme", "12125550100").setCallId("w-" + i)).get(0).equals("b")) {
        bFirst++;
      }
    }
    assertThat(bFirst).isBetween(1400, 1600); // 75 % expected
  }

  @Test
  void leastCostOrdersByTheLongestValidRateAndAppliesTheCap() throws Exception {
    for (String p : List.of("cheap", "dear", "unpriced", "capped")) {
      provider(server.admin(), p);
      route(server.admin(), routeTo(p, "", "44", 0));
    }
    importRates(server, "cheap", rate("44", 9000), rate("4420", 1000));
    importRates(server, "dear", rate("44", 2000));
    importRates(server, "capped", rate("4420", 500_000));
    policy("", RoutingPolicy.newBuilder().setStrategy(Strategy.LEAST_COST).setMaxPriceMicros(100_000),
        "strategy", "max_price_micros");

    SelectResponse london = server.select().select(call("acme", "442071234567").setExplain(true).build());
    assertThat(london.getAttemptsList()).extracting(Attempt::getProviderId).containsExactly("cheap", "dear", "unpriced");
    assertThat(london.getAttempts(0).getPriceMicros()).isEqualTo(1000);
    assertThat(london.getAttempts(0).getCurrency()).isEqualTo("USD");
    assertThat(london.getConsideredList()).anySatisfy(c -> {
      assertThat(c.getProviderId()).isEqualTo("capped");
      assertThat(c.getReason()).contains("cap");
    });
    // Outside London the 44 rates apply: dear (2000) before cheap (9000); "capped" has no
    // rate there, so it goes with the unpriced after them.
    List<String> manchester = providersFor(call("acme", "441611234567"));
    assertThat(manchester).startsWith("dear", "cheap");
    assertThat(manchester.subList(2, 4)).containsExactlyInAnyOrder("unpriced", "capped");
  }

  @Test
  void ratesApplyOnlyInsideTheirValidity() throws Exception {
    provider(server.admin(), "a");
    provider(server.admin(), "b");
    route(server.admin(), routeTo("a", "", "1", 0));
    route(server.admin(), routeTo("b", "", "1", 0));
    importRates(server, "a", rate("1", 1000).toBuilder()
        .setValidUntil(com.google.protobuf.util.Timestamps.parse("2026-06-01T00:00:00Z")).build(),
        rate("1", 5000).toBuilder().setValidFrom(com.google.protobuf.util.Timestamps.parse("2026-06-01T00:00:00Z")).build());
    importRates(server, "b", rate("1", 3000));
    policy("", RoutingPolicy.newBuilder().setStrategy(Strategy.LEAST_COST), "strategy");

    assertThat(providersFor(callAt("x", "12125550100", "2026-05-31T23:59:00Z"))).containsExactly("a", "b");
    assertThat(providersFor(callAt("x", "12125550100", "2026-06-01T00:00:00Z"))).containsExactly("b", "a");
  }

  static List<String> fieldsOf(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("rich status").isNotNull();
    return status.getDetailsList().stream()
        .filter(d -> d.is(BadRequest.class))
        .flatMap(d -> {
          try {
            return d.unpack(BadRequest.class).getFieldViolationsList().stream();
          } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
          }
        })
        .map(BadRequest.FieldViolation::getField)
        .toList();
  }
}
