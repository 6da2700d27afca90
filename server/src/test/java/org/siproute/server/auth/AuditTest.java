package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siproute.server.testing.Calls.statusOf;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.ApiKey;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.CreateApiKeyRequest;
import org.siproute.proto.v1.CreateApiKeyResponse;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteApiKeyRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ImportRatesResponse;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListAuditEventsResponse;
import org.siproute.proto.v1.ListProvidersRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.admin.AdminService;
import org.siproute.server.api.AuthContext;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Transport;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/** Part 3 of issue 5: every committed admin write leaves exactly one audit event, readable by admins. */
class AuditTest {
  private TestServer server;
  private RouteAdminGrpc.RouteAdminBlockingStub admin;

  @BeforeEach
  void start() {
    server = TestServer.start();
    admin = server.admin();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private List<AuditEvent> allEvents() {
    return admin.listAuditEvents(ListAuditEventsRequest.newBuilder().setPageSize(1000).build()).getAuditEventsList();
  }

  /** Parses audit JSON back into the message type of {@code like}. */
  private static <T extends Message> T parse(String json, T like) throws Exception {
    Message.Builder builder = like.newBuilderForType();
    JsonFormat.parser().merge(json, builder);
    @SuppressWarnings("unchecked")
    T parsed = (T) builder.build();
    return parsed;
  }

  private static CreateProviderRequest provider(String id) {
    return CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(id).setName("Carrier " + id).setHostname("sip." + id + ".example"))
        .build();
  }

  @Test
  void everyKindOfAdminWriteIsRecordedWithWhoWhatWhenAndBeforeAfter() throws Exception {
    long before = System.currentTimeMillis();
    CreateApiKeyResponse opsKey =
        admin.createApiKey(
            CreateApiKeyRequest.newBuilder().setApiKey(ApiKey.newBuilder().setRole(Role.ADMIN).setName("ops")).build());
    RouteAdminGrpc.RouteAdminBlockingStub ops = server.admin(opsKey.getSecret());
    String opsId = opsKey.getApiKey().getId();

    Provider created = ops.createProvider(provider("carrier-a"));
    Provider updated =
        ops.updateProvider(
            UpdateProviderRequest.newBuilder()
                .setProvider(created.toBuilder().setName("Carrier A (renamed)"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("name"))
                .build());
    Route route =
        ops.createRoute(
            CreateRouteRequest.newBuilder()
                .setRoute(Route.newBuilder().setCustomerId("acme").setPrefix("49").setProviderId("carrier-a"))
                .build());
    Route routeUpdated =
        ops.updateRoute(
            UpdateRouteRequest.newBuilder()
                .setRoute(route.toBuilder().setPriority(7))
                .setUpdateMask(FieldMask.newBuilder().addPaths("priority"))
                .build());
    RoutingPolicy policy =
        ops.updateRoutingPolicy(
            UpdateRoutingPolicyRequest.newBuilder()
                .setPolicy(RoutingPolicy.newBuilder().setCustomerId("acme").setStrategy(Strategy.LEAST_COST))
                .setUpdateMask(FieldMask.newBuilder().addPaths("strategy"))
                .build());
    RoutingPolicy policyUpdated =
        ops.updateRoutingPolicy(
            UpdateRoutingPolicyRequest.newBuilder()
                .setPolicy(RoutingPolicy.newBuilder().setCustomerId("acme").setMaxAttempts(2))
                .setUpdateMask(FieldMask.newBuilder().addPaths("max_attempts"))
                .build());
    ImportRatesResponse imported =
        RateImports.run(
            server.channel(opsKey.getSecret()),
            ImportRatesRequest.newBuilder()
                .setProviderId("carrier-a")
                .setReplace(true)
                .addRates(Rate.newBuilder().setPrefix("49").setPriceMicros(12500).setCurrency("EUR"))
                .addRates(Rate.newBuilder().setPrefix("4930").setPriceMicros(9000).setCurrency("EUR"))
                .build());
    assertThat(imported.getImported()).isEqualTo(2);
    ops.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId("acme").build());
    ops.deleteRoute(DeleteRouteRequest.newBuilder().setId(route.getId()).build());
    Provider beforeDelete = ops.getProvider(GetProviderRequest.newBuilder().setId("carrier-a").build());
    ops.deleteProvider(DeleteProviderRequest.newBuilder().setId("carrier-a").build());
    ops.deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(opsId).build());
    long after = System.currentTimeMillis();

    List<AuditEvent> events = new ArrayList<>(allEvents());
    Collections.reverse(events); // oldest first, the order of the writes above
    assertThat(events)
        .extracting(e -> e.getRpc().substring(e.getRpc().indexOf('/') + 1) + " " + e.getResourceType() + " " + e.getActor())
        .containsExactly(
            "CreateApiKey api_key bootstrap",
            "CreateProvider provider " + opsId,
            "UpdateProvider provider " + opsId,
            "CreateRoute route " + opsId,
            "UpdateRoute route " + opsId,
            "UpdateRoutingPolicy routing_policy " + opsId,
            "UpdateRoutingPolicy routing_policy " + opsId,
            "ImportRates rate_deck " + opsId,
            "DeleteRoutingPolicy routing_policy " + opsId,
            "DeleteRoute route " + opsId,
            "DeleteProvider provider " + opsId,
            "DeleteApiKey api_key " + opsId);
    for (AuditEvent e : events) {
      assertThat(e.getRpc()).startsWith("siproute.v1.RouteAdmin/");
      assertThat(e.getActorRole()).isEqualTo(Role.ADMIN);
      assertThat(Timestamps.toMillis(e.getTime())).isBetween(before, after);
    }
    assertThat(events).extracting(AuditEvent::getId).doesNotHaveDuplicates();

    // Creates have only an after, deletes only a before, updates both; all parse back to what the API returned.
    assertThat(events.get(0).getBeforeJson()).isEmpty();
    assertThat(parse(events.get(0).getAfterJson(), ApiKey.getDefaultInstance())).isEqualTo(opsKey.getApiKey());
    assertThat(parse(events.get(1).getAfterJson(), Provider.getDefaultInstance())).isEqualTo(created);
    assertThat(parse(events.get(2).getBeforeJson(), Provider.getDefaultInstance())).isEqualTo(created);
    assertThat(parse(events.get(2).getAfterJson(), Provider.getDefaultInstance())).isEqualTo(updated);
    assertThat(events.get(3).getResourceId()).isEqualTo(route.getId());
    assertThat(events.get(3).getCustomerId()).isEqualTo("acme");
    assertThat(parse(events.get(4).getBeforeJson(), Route.getDefaultInstance())).isEqualTo(route);
    assertThat(parse(events.get(4).getAfterJson(), Route.getDefaultInstance())).isEqualTo(routeUpdated);
    assertThat(events.get(5).getBeforeJson()).isEmpty();
    assertThat(parse(events.get(5).getAfterJson(), RoutingPolicy.getDefaultInstance())).isEqualTo(policy);
    assertThat(parse(events.get(6).getBeforeJson(), RoutingPolicy.getDefaultInstance())).isEqualTo(policy);
    assertThat(parse(events.get(6).getAfterJson(), RoutingPolicy.getDefaultInstance())).isEqualTo(policyUpdated);
    assertThat(events.get(6).getResourceId()).isEqualTo("acme");
    assertThat(events.get(7).getResourceId()).isEqualTo("carrier-a");
    com.google.protobuf.Struct.Builder summary = com.google.protobuf.Struct.newBuilder();
    JsonFormat.parser().merge("{\"provider_id\":\"carrier-a\",\"replace\":true,\"imported\":2,\"replaced\":0}", summary);
    assertThat(parse(events.get(7).getAfterJson(), com.google.protobuf.Struct.getDefaultInstance())).isEqualTo(summary.build());
    assertThat(parse(events.get(8).getBeforeJson(), RoutingPolicy.getDefaultInstance())).isEqualTo(policyUpdated);
    assertThat(events.get(8).getAfterJson()).isEmpty();
    assertThat(parse(events.get(9).getBeforeJson(), Route.getDefaultInstance())).isEqualTo(routeUpdated);
    assertThat(parse(events.get(10).getBeforeJson(), Provider.getDefaultInstance())).isEqualTo(beforeDelete);
    assertThat(events.get(10).getAfterJson()).isEmpty();
    assertThat(events.get(11).getResourceId()).isEqualTo(opsId);
  }

  @Test
  void customerWritesNameTheCustomerKey() {
    admin.createProvider(provider("carrier-a"));
    CreateApiKeyResponse acme =
        admin.createApiKey(
            CreateApiKeyRequest.newBuilder()
                .setApiKey(ApiKey.newBuilder().setRole(Role.CUSTOMER).setCustomerId("acme").setName("acme portal"))
                .build());
    server.admin(acme.getSecret())
        .createRoute(
            CreateRouteRequest.newBuilder()
                .setRoute(Route.newBuilder().setCustomerId("acme").setPrefix("49").setProviderId("carrier-a"))
                .build());
    AuditEvent last = allEvents().get(0);
    assertThat(last.getActor()).isEqualTo(acme.getApiKey().getId());
    assertThat(last.getActorRole()).isEqualTo(Role.CUSTOMER);
    assertThat(last.getCustomerId()).isEqualTo("acme");
  }

  @Test
  void refusedWritesRecordNothing() {
    Provider carrier = admin.createProvider(provider("carrier-a"));
    String acmeKey = server.createKey(Role.CUSTOMER, "acme");
    int recorded = allEvents().size();

    List<Status> refusals =
        List.of(
            statusOf(() -> admin.createProvider(provider("carrier-a"))),
            statusOf(() -> admin.createProvider(provider("BAD ID"))),
            statusOf(
                () ->
                    admin.updateProvider(
                        UpdateProviderRequest.newBuilder()
                            .setProvider(carrier.toBuilder().setEtag("stale").setName("x"))
                            .build())),
            statusOf(
                () ->
                    admin.createRoute(
                        CreateRouteRequest.newBuilder()
                            .setRoute(Route.newBuilder().setCustomerId("acme").setProviderId("missing"))
                            .build())),
            statusOf(() -> server.admin(acmeKey).createProvider(provider("carrier-b"))),
            statusOf(
                () ->
                    server.admin(acmeKey)
                        .createRoute(
                            CreateRouteRequest.newBuilder()
                                .setRoute(Route.newBuilder().setCustomerId("globex").setProviderId("carrier-a"))
                                .build())),
            statusOf(() -> admin.deleteApiKey(DeleteApiKeyRequest.newBuilder().setId("no-such-key").build())));
    assertThat(refusals).extracting(Status::getCode).doesNotContain(Status.Code.OK);
    assertThat(allEvents()).hasSize(recorded);
  }

  @Test
  void theAuditEventIsPartOfTheWritesTransaction() {
    // Without its audit table the write cannot record its event, so it must not happen at all.
    server.injector().getInstance(DSLContext.class).execute("DROP TABLE audit_event");
    Status status = statusOf(() -> admin.createProvider(provider("carrier-a")));
    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).startsWith("internal error (incident ").doesNotContainIgnoringCase("audit_event");
    assertThat(admin.listProviders(ListProvidersRequest.getDefaultInstance()).getProvidersCount()).isZero();

    Status keyStatus = statusOf(() -> server.createKey(Role.ROUTER, ""));
    assertThat(keyStatus.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(server.injector().getInstance(ApiKeyCache.class).size()).isZero();
  }

  @Test
  void secretsNeverAppearInTheAuditTrail() {
    CreateApiKeyResponse created =
        admin.createApiKey(
            CreateApiKeyRequest.newBuilder().setApiKey(ApiKey.newBuilder().setRole(Role.ROUTER).setName("sbc")).build());
    admin.deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(created.getApiKey().getId()).build());
    String trail = allEvents().toString();
    assertThat(trail).contains(created.getApiKey().getId());
    assertThat(trail)
        .doesNotContain(created.getSecret())
        .doesNotContain(created.getSecret().substring(3, 23))
        .doesNotContain(ApiKeySecrets.sha256Hex(created.getSecret()))
        .doesNotContain(TestKeys.ADMIN_KEY);
  }

  @Test
  void eventsCanBeFilteredAndPagedNewestFirst() {
    admin.createProvider(provider("carrier-a"));
    admin.createProvider(provider("carrier-b"));
    String acmeKey = server.createKey(Role.CUSTOMER, "acme");
    for (String prefix : List.of("1", "2", "3")) {
      server.admin(acmeKey)
          .createRoute(
              CreateRouteRequest.newBuilder()
                  .setRoute(Route.newBuilder().setCustomerId("acme").setPrefix(prefix).setProviderId("carrier-a"))
                  .build());
    }
    List<AuditEvent> all = allEvents();
    assertThat(all).hasSize(6);
    assertThat(all).extracting(e -> Long.parseLong(e.getId())).isSortedAccordingTo(Collections.reverseOrder());

    List<AuditEvent> paged = new ArrayList<>();
    String token = "";
    do {
      ListAuditEventsResponse page =
          admin.listAuditEvents(ListAuditEventsRequest.newBuilder().setPageSize(4).setPageToken(token).build());
      paged.addAll(page.getAuditEventsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertThat(paged).isEqualTo(all);

    assertThat(events(ListAuditEventsRequest.newBuilder().setResourceType("provider"))).hasSize(2);
    assertThat(events(ListAuditEventsRequest.newBuilder().setResourceType("provider").setResourceId("carrier-b")))
        .singleElement()
        .satisfies(e -> assertThat(e.getRpc()).isEqualTo("siproute.v1.RouteAdmin/CreateProvider"));
    assertThat(events(ListAuditEventsRequest.newBuilder().setCustomerId("acme"))).hasSize(4); // its key and 3 routes
    assertThat(events(ListAuditEventsRequest.newBuilder().setActor(Principal.BOOTSTRAP))).hasSize(3);
    assertThat(events(ListAuditEventsRequest.newBuilder().setEndTime(Timestamps.fromMillis(0)))).isEmpty();
    assertThat(events(ListAuditEventsRequest.newBuilder().setStartTime(all.get(0).getTime()))).contains(all.get(0));

    assertThat(statusOf(() -> admin.listAuditEvents(ListAuditEventsRequest.newBuilder().setResourceType("planet").build())).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    String token2 =
        admin.listAuditEvents(ListAuditEventsRequest.newBuilder().setPageSize(1).build()).getNextPageToken();
    assertThat(
            statusOf(
                    () ->
                        admin.listAuditEvents(
                            ListAuditEventsRequest.newBuilder().setPageSize(1).setPageToken(token2).setActor("x").build()))
                .getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  private List<AuditEvent> events(ListAuditEventsRequest.Builder request) {
    return admin.listAuditEvents(request.build()).getAuditEventsList();
  }

  @Test
  void serverInternalWritesActAsANamedAdminAndNothingWritesAsNobody() {
    AdminService service = server.injector().getInstance(AdminService.class);
    service.createProvider(
        new Caller(Principal.internal("demo-data"), "startup"),
        new org.siproute.server.domain.Provider(
            "carrier-a", "Carrier A", "carrier-a.example", Transport.UDP, "", "", Map.of(), false, 0, 0, Map.of(), 0, 0, 0, NumberFormat.E164_DIGITS, List.of(), 0));
    AuditEvent event = allEvents().get(0);
    assertThat(event.getActor()).isEqualTo("demo-data");
    assertThat(event.getRpc()).isEqualTo("startup");
    assertThat(admin.listProviders(ListProvidersRequest.getDefaultInstance()).getProvidersCount()).isEqualTo(1);
    // The core takes its caller as a parameter; at the edge, no authenticated call means none.
    assertThatThrownBy(AuthContext::caller).hasMessage("no authenticated caller");
  }
}
