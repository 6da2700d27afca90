package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.provider;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.badRequest;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/**
 * Every field check of RouteAdmin, through the wire: INVALID_ARGUMENT with a BadRequest field
 * violation naming the field, and nothing written.
 */
@OnEachDatabase
class ValidationTest extends ServerPerClass {
  private String providerId;

  @BeforeEach
  void createTargetProvider() {
    if (providerId == null) {
      providerId = createProvider(admin).getId();
    }
  }

  private static Arguments bad(String field, String what, UnaryOperator<Provider.Builder> change) {
    return Arguments.of(field, what, change);
  }

  static Stream<Arguments> badProviders() {
    return Stream.of(
        bad("provider.id", "upper case", p -> p.setId("Carrier")),
        bad("provider.id", "leading dash", p -> p.setId("-carrier")),
        bad("provider.id", "65 characters", p -> p.setId("c".repeat(65))),
        bad("provider.name", "missing", p -> p.clearName()),
        bad("provider.name", "line break", p -> p.setName("Carrier\nX")),
        bad("provider.hostname", "missing", p -> p.clearHostname()),
        bad("provider.hostname", "space", p -> p.setHostname("sip carrier.example")),
        bad("provider.hostname", "SIP URI instead of host", p -> p.setHostname("sip:carrier.example")),
        bad("provider.hostname", "empty label", p -> p.setHostname("sip..carrier.example")),
        bad("provider.hostname", "label ending in dash", p -> p.setHostname("sip-.carrier.example")),
        bad("provider.hostname", "port 0", p -> p.setHostname("carrier.example:0")),
        bad("provider.hostname", "port 65536", p -> p.setHostname("carrier.example:65536")),
        bad("provider.hostname", "port not a number", p -> p.setHostname("carrier.example:sip")),
        bad("provider.hostname", "IPv4 octet 256", p -> p.setHostname("10.0.0.256")),
        bad("provider.hostname", "unclosed IPv6", p -> p.setHostname("[2001:db8::1:5060")),
        bad("provider.hostname", "IPv6 without brackets and port", p -> p.setHostname("[2001:db8::1]5060")),
        bad("provider.hostname", "CRLF", p -> p.setHostname("carrier.example\r\nVia: x")),
        bad("provider.transport", "unknown enum number", p -> p.setTransportValue(9)),
        bad("provider.tech_prefix", "'@' would end the user part", p -> p.setTechPrefix("12@")),
        bad("provider.tech_prefix", "percent sign", p -> p.setTechPrefix("12%23")),
        bad("provider.tech_prefix", "33 characters", p -> p.setTechPrefix("1".repeat(33))),
        bad("provider.tech_postfix", "space", p -> p.setTechPostfix("a b")),
        bad("provider.tech_postfix", "'@' would end the user part", p -> p.setTechPostfix("x@evil.example")),
        bad("provider.tech_postfix", "CRLF", p -> p.setTechPostfix("x\r\n")),
        bad("provider.tech_headers[X Bad]", "space in header name", p -> p.putTechHeaders("X Bad", "v")),
        bad("provider.tech_headers[X:Evil]", "colon in header name", p -> p.putTechHeaders("X:Evil", "v")),
        bad("provider.tech_headers[X-Evil\\x0d\\x0aVia]", "CRLF in header name", p -> p.putTechHeaders("X-Evil\r\nVia", "v")),
        bad("provider.tech_headers[X-Inject]", "CRLF in value injects a header",
            p -> p.putTechHeaders("X-Inject", "v\r\nVia: SIP/2.0/UDP evil.example")),
        bad("provider.tech_headers[X-Inject]", "bare LF in value", p -> p.putTechHeaders("X-Inject", "v\nTo: <sip:x@evil>")),
        bad("provider.tech_headers[X-Inject]", "bare CR in value", p -> p.putTechHeaders("X-Inject", "v\rx")),
        bad("provider.tech_headers[X-Inject]", "NUL in value", p -> p.putTechHeaders("X-Inject", "v\0")),
        bad("provider.tech_headers[X-Empty]", "blank value", p -> p.putTechHeaders("X-Empty", " ")),
        bad("provider.tech_headers[X-Long]", "513 characters", p -> p.putTechHeaders("X-Long", "v".repeat(513))),
        bad("provider.tech_headers[Via]", "reserved Via", p -> p.putTechHeaders("Via", "SIP/2.0/UDP x")),
        bad("provider.tech_headers[call-id]", "reserved Call-ID in lower case", p -> p.putTechHeaders("call-id", "1")),
        bad("provider.tech_headers[From]", "reserved From", p -> p.putTechHeaders("From", "<sip:boss@example>")),
        bad("provider.tech_headers[f]", "reserved From in compact form", p -> p.putTechHeaders("f", "<sip:boss@example>")),
        bad("provider.tech_headers[Route]", "reserved Route", p -> p.putTechHeaders("Route", "<sip:evil.example;lr>")),
        bad("provider.tech_headers[x-account]", "same header twice in different case",
            p -> p.putTechHeaders("X-Account", "a").putTechHeaders("x-account", "b")),
        bad("provider.weight", "negative", p -> p.setWeight(-1)),
        bad("provider.weight", "too large", p -> p.setWeight(1_000_001)),
        bad("provider.max_concurrent_calls", "negative", p -> p.setMaxConcurrentCalls(-1)),
        bad("provider.labels[Region]", "upper-case label key", p -> p.putLabels("Region", "eu")),
        bad("provider.labels[region]", "control character in label value", p -> p.putLabels("region", "e\tu")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badProviders")
  void badProviderFieldIsRefusedAndNothingIsCreated(String field, String what, UnaryOperator<Provider.Builder> change) {
    String id = uniqueId("v");
    Provider.Builder p = change.apply(provider(id));

    invalid(field, () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(p).build()));

    refused(Status.Code.NOT_FOUND, () -> admin.getProvider(GetProviderRequest.newBuilder().setId(id).build()));
  }

  static Stream<String> goodHostnames() {
    return Stream.of(
        "carrier.example", "Carrier.Example.", "sip.carrier.example:5060", "192.0.2.10", "192.0.2.10:5080",
        "[2001:db8::1]", "[2001:db8::1]:5061", "localhost");
  }

  @ParameterizedTest
  @MethodSource("goodHostnames")
  void goodHostnameIsAccepted(String hostname) {
    Provider created =
        admin.createProvider(CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("h")).setHostname(hostname)).build());

    assertThat(created.getHostname()).isEqualToIgnoringCase(hostname);
  }

  @Test
  void everyBadFieldIsNamedInOneAnswer() {
    Provider.Builder p = provider(uniqueId("v")).setHostname("bad host").setTechPrefix("x y").setWeight(-5).putTechHeaders("Via", "x");

    List<String> fields = invalid("provider.hostname", () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(p).build()));

    assertThat(fields).containsExactlyInAnyOrder("provider.hostname", "provider.tech_prefix", "provider.weight", "provider.tech_headers[Via]");
  }

  @Test
  void injectedTextIsEscapedInTheErrorItself() {
    var e =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(provider(uniqueId("v")).putTechHeaders("X\r\nVia", "v")).build()));

    assertThat(e.getStatus().getDescription()).doesNotContain("\r").doesNotContain("\n");
    assertThat(badRequest(e).getFieldViolations(0).getField()).doesNotContain("\r", "\n");
  }

  private static Arguments badRoute(String field, String what, UnaryOperator<Route.Builder> change) {
    return Arguments.of(field, what, change);
  }

  private static Schedule.Builder zone(String zone, TimeWindow.Builder... windows) {
    Schedule.Builder s = Schedule.newBuilder().setTimeZone(zone);
    for (TimeWindow.Builder w : windows) {
      s.addWindows(w);
    }
    return s;
  }

  private static TimeWindow.Builder window(String start, String end, Integer... days) {
    return TimeWindow.newBuilder().setStartTime(start).setEndTime(end).addAllDays(List.of(days));
  }

  static Stream<Arguments> badRoutes() {
    return Stream.of(
        badRoute("route.customer_id", "space", r -> r.setCustomerId("acme corp")),
        badRoute("route.customer_id", "65 characters", r -> r.setCustomerId("c".repeat(65))),
        badRoute("route.prefix", "plus sign", r -> r.setPrefix("+49")),
        badRoute("route.prefix", "letters", r -> r.setPrefix("49a")),
        badRoute("route.prefix", "16 digits", r -> r.setPrefix("1".repeat(16))),
        badRoute("route.prefix", "non-ASCII digits", r -> r.setPrefix("٤٩")),
        badRoute("route.provider_id", "missing", r -> r.clearProviderId()),
        badRoute("route.provider_id", "not an id", r -> r.setProviderId("Not An Id")),
        badRoute("route.priority", "negative", r -> r.setPriority(-1)),
        badRoute("route.weight", "negative", r -> r.setWeight(-1)),
        badRoute("route.name", "201 characters", r -> r.setName("n".repeat(201))),
        badRoute("route.detail", "control character", r -> r.setDetail("a\u0007b")),
        badRoute("route.schedule.time_zone", "unknown zone", r -> r.setSchedule(zone("Mars/Olympus_Mons", window("08:00", "18:00")))),
        badRoute("route.schedule.time_zone", "offset instead of a zone id", r -> r.setSchedule(zone("+02:00", window("08:00", "18:00")))),
        badRoute("route.schedule.time_zone", "windows without a zone", r -> r.setSchedule(zone("", window("08:00", "18:00")))),
        badRoute("route.schedule.windows", "zone without windows", r -> r.setSchedule(zone("Europe/Berlin"))),
        badRoute("route.schedule.windows[0].days", "day 0", r -> r.setSchedule(zone("Europe/Berlin", window("08:00", "18:00", 0)))),
        badRoute("route.schedule.windows[0].days", "day 8", r -> r.setSchedule(zone("Europe/Berlin", window("08:00", "18:00", 8)))),
        badRoute("route.schedule.windows[1].days", "day listed twice",
            r -> r.setSchedule(zone("Europe/Berlin", window("08:00", "18:00"), window("08:00", "18:00", 3, 3)))),
        badRoute("route.schedule.windows[0].start_time", "one-digit hour", r -> r.setSchedule(zone("Europe/Berlin", window("8:00", "18:00")))),
        badRoute("route.schedule.windows[0].start_time", "24:00 as a start", r -> r.setSchedule(zone("Europe/Berlin", window("24:00", "06:00")))),
        badRoute("route.schedule.windows[0].start_time", "minute 60", r -> r.setSchedule(zone("Europe/Berlin", window("12:60", "18:00")))),
        badRoute("route.schedule.windows[0].start_time", "seconds", r -> r.setSchedule(zone("Europe/Berlin", window("08:00:00", "18:00")))),
        badRoute("route.schedule.windows[0].end_time", "24:01", r -> r.setSchedule(zone("Europe/Berlin", window("08:00", "24:01")))),
        badRoute("route.schedule.windows[0].end_time", "hour 25", r -> r.setSchedule(zone("Europe/Berlin", window("08:00", "25:00")))),
        badRoute("route.schedule.windows[0].end_time", "missing", r -> r.setSchedule(zone("Europe/Berlin", window("08:00", "")))),
        badRoute("route.schedule.windows[0].end_time", "equal to the start", r -> r.setSchedule(zone("Europe/Berlin", window("08:00", "08:00")))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badRoutes")
  void badRouteFieldIsRefusedAndNothingIsCreated(String field, String what, UnaryOperator<Route.Builder> change) {
    String customer = uniqueId("cust");
    Route.Builder r = change.apply(route(customer, "49", providerId));

    invalid(field, () -> admin.createRoute(CreateRouteRequest.newBuilder().setRoute(r).build()));

    String owner = r.getCustomerId().matches("[A-Za-z0-9_.:-]{1,64}") ? r.getCustomerId() : customer;
    assertThat(admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(owner).build()).getRoutesList()).isEmpty();
  }

  @Test
  void goodScheduleWithMidnightCrossingAndWholeDayIsAccepted() {
    Route created =
        admin.createRoute(
            CreateRouteRequest.newBuilder()
                .setRoute(
                    route(uniqueId("cust"), "49", providerId)
                        .setSchedule(zone("America/New_York", window("22:00", "06:00", 5, 6), window("00:00", "24:00", 7))))
                .build());

    assertThat(created.getSchedule().getWindowsList())
        .extracting(TimeWindow::getStartTime, TimeWindow::getEndTime)
        .containsExactly(org.assertj.core.api.Assertions.tuple("22:00", "06:00"), org.assertj.core.api.Assertions.tuple("00:00", "24:00"));
  }

  @Test
  void negativePageSizesAreRefused() {
    invalid("page_size", () -> admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(-1).build()));
    invalid("page_size", () -> admin.listRoutes(ListRoutesRequest.newBuilder().setPageSize(-1).build()));
    invalid("page_size", () -> admin.listRates(ListRatesRequest.newBuilder().setProviderId(providerId).setPageSize(-1).build()));
    assertThat(admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(1000).build()).getProvidersList()).isNotEmpty();
  }

  /** AIP-158: a page size above the maximum is coerced to it, not refused. */
  @Test
  void pageSizesAboveTheMaximumAreCoercedToIt() {
    String deck = createProvider(admin).getId();
    java.util.List<org.siproute.proto.v1.ImportRatesRequest> chunks = new java.util.ArrayList<>();
    for (int chunk = 0; chunk < 2; chunk++) {
      var message = org.siproute.proto.v1.ImportRatesRequest.newBuilder().setProviderId(deck);
      for (int i = chunk * 5001; i < (chunk + 1) * 5001; i++) {
        message.addRates(org.siproute.proto.v1.Rate.newBuilder().setPrefix("4" + (100000 + i)).setPriceMicros(1000).setCurrency("EUR"));
      }
      chunks.add(message.build());
    }
    org.siproute.server.testing.RateImports.run(server.channel(), chunks); // 10002 rates

    var page = admin.listRates(ListRatesRequest.newBuilder().setProviderId(deck).setPageSize(50_000).build());

    assertThat(page.getRatesCount()).as("at most the maximum, 10000").isEqualTo(10_000);
    assertThat(page.getNextPageToken()).isNotEmpty();
    assertThat(admin.listRates(ListRatesRequest.newBuilder().setProviderId(deck).setPageSize(Integer.MAX_VALUE)
            .setPageToken(page.getNextPageToken()).build()).getRatesCount())
        .isEqualTo(2);
    assertThat(admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(1001).build()).getProvidersList()).isNotEmpty();
    assertThat(admin.listRoutes(ListRoutesRequest.newBuilder().setPageSize(Integer.MAX_VALUE).build())).isNotNull();
  }

  @Test
  void pageTokensThatThisListDidNotIssueAreRefused() {
    createProvider(admin);
    String providersToken = admin.listProviders(ListProvidersRequest.newBuilder().setPageSize(1).build()).getNextPageToken();
    assertThat(providersToken).isNotEmpty();

    invalid("page_token", () -> admin.listProviders(ListProvidersRequest.newBuilder().setPageToken("not a token!").build()));
    invalid("page_token", () -> admin.listProviders(ListProvidersRequest.newBuilder().setPageToken("bm9wZQ").build()));
    invalid("page_token", () -> admin.listRoutes(ListRoutesRequest.newBuilder().setPageToken(providersToken).build()));
    invalid("page_token", () -> admin.listRates(ListRatesRequest.newBuilder().setProviderId(providerId).setPageToken(providersToken).build()));
  }

  @Test
  void routePageTokenIsOnlyValidWithTheSameFilter() {
    String customer = uniqueId("cust");
    admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route(customer, "1", providerId)).build());
    admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route(customer, "2", providerId)).build());
    String token =
        admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(customer).setPageSize(1).build()).getNextPageToken();

    invalid("page_token", () -> admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(uniqueId("cust")).setPageToken(token).build()));
    invalid("page_token", () -> admin.listRoutes(ListRoutesRequest.newBuilder().setPageToken(token).build()));
    assertThat(admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(customer).setPageToken(token).build()).getRoutesList()).hasSize(1);
  }

  static Stream<String> badProviderMaskPaths() {
    return Stream.of("id", "etag", "create_time", "update_time", "nope", "Name", "tech_headers.X-Account", "");
  }

  @ParameterizedTest
  @MethodSource("badProviderMaskPaths")
  void updateMaskPathThatCannotBeWrittenIsRefused(String path) {
    Provider stored = createProvider(admin);

    invalid(
        "update_mask",
        () ->
            admin.updateProvider(
                UpdateProviderRequest.newBuilder()
                    .setProvider(stored.toBuilder().setName("changed"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("name").addPaths(path))
                    .build()));

    assertThat(admin.getProvider(GetProviderRequest.newBuilder().setId(stored.getId()).build())).isEqualTo(stored);
  }

  @Test
  void idsOfGetAndDeleteAreChecked() {
    invalid("id", () -> admin.getProvider(GetProviderRequest.getDefaultInstance()));
    invalid("id", () -> admin.getProvider(GetProviderRequest.newBuilder().setId("no spaces please").build()));
    invalid("customer_id", () -> admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId("a b").build()));
  }
}
