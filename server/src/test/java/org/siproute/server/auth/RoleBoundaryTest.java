package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Calls.statusOf;
import static org.siproute.server.testing.RpcProbe.admitted;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteAdminGrpc.RouteAdminBlockingStub;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.RawDial;
import org.siproute.server.testing.RpcProbe;
import org.siproute.server.testing.TestServer;

/**
 * Part 2 of issue 5, through gRPC: what ADMIN, CUSTOMER and ROUTER keys may and may not do.
 * Customer "acme" holds the CUSTOMER key; "globex" is another customer; "" the defaults.
 */
class RoleBoundaryTest {
  /** RouteAdmin rpcs a CUSTOMER key may call (each then restricted to its own rows). */
  private static final Set<String> CUSTOMER_ADMIN_RPCS =
      Set.of("CreateRoute", "GetRoute", "ListRoutes", "UpdateRoute", "DeleteRoute", "ImportRoutes", "ExportRoutes",
          "GetRoutingPolicy", "UpdateRoutingPolicy", "DeleteRoutingPolicy", "ListSellRates");

  private TestServer server;
  private RouteAdminBlockingStub admin;
  private RouteAdminBlockingStub acme;
  private String acmeKey;
  private String routerKey;
  private Route acmeRoute;
  private Route globexRoute;
  private Route defaultRoute;

  @BeforeEach
  void setUp() {
    server = TestServer.start();
    admin = server.admin();
    admin.createProvider(
        CreateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("carrier-a").setName("Carrier A").setHostname("sip.carrier-a.example"))
            .build());
    acmeRoute = admin.createRoute(route("acme", "49"));
    globexRoute = admin.createRoute(route("globex", "44"));
    defaultRoute = admin.createRoute(route("", ""));
    acmeKey = server.createKey(Role.CUSTOMER, "acme");
    routerKey = server.createKey(Role.ROUTER, "");
    acme = server.admin(acmeKey);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static CreateRouteRequest route(String customer, String prefix) {
    return CreateRouteRequest.newBuilder()
        .setRoute(Route.newBuilder().setCustomerId(customer).setPrefix(prefix).setProviderId("carrier-a"))
        .build();
  }

  private static SelectRequest select(String customer) {
    return SelectRequest.newBuilder().setCustomerId(customer).setDestination("+4930123456").build();
  }

  private static DialRequest dialStart(String customer) {
    return DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(select(customer))).build();
  }

  private static void assertDenied(Status status) {
    assertThat(status.getCode()).as(String.valueOf(status)).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  private static List<MethodDescriptor<?, ?>> allMethods() {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>(RpcProbe.methods(RouteAdminGrpc.getServiceDescriptor()));
    methods.addAll(RpcProbe.methods(RouteSelectGrpc.getServiceDescriptor()));
    return methods;
  }

  // ---- ADMIN ----

  @Test
  void adminKeyReachesEveryRpc() {
    String adminKey = server.createKey(Role.ADMIN, "");
    for (MethodDescriptor<?, ?> method : allMethods()) {
      Status status = RpcProbe.call(server.channel(adminKey), method);
      assertThat(admitted(status)).as(method.getFullMethodName() + " " + status).isTrue();
    }
  }

  // ---- ROUTER ----

  @Test
  void routerKeyIsRefusedEveryRouteAdminRpc() {
    for (MethodDescriptor<?, ?> method : RpcProbe.methods(RouteAdminGrpc.getServiceDescriptor())) {
      Status status = RpcProbe.call(server.channel(routerKey), method);
      assertDenied(status);
      assertThat(status.getDescription()).isEqualTo("a ROUTER key cannot call " + method.getFullMethodName());
    }
  }

  @Test
  void routerKeyRoutesCallsOfAnyCustomer() {
    for (MethodDescriptor<?, ?> method : RpcProbe.methods(RouteSelectGrpc.getServiceDescriptor())) {
      assertThat(admitted(RpcProbe.call(server.channel(routerKey), method))).as(method.getFullMethodName()).isTrue();
    }
    for (String customer : List.of("acme", "globex")) {
      assertThat(admitted(statusOf(() -> server.select(routerKey).select(select(customer))))).isTrue();
      assertThat(admitted(RawDial.firstAnswer(server.channel(routerKey), dialStart(customer)))).isTrue();
    }
  }

  // ---- CUSTOMER: which rpcs ----

  @Test
  void customerKeyIsRefusedProvidersRatesKeysAndAudit() {
    List<String> refused = new ArrayList<>();
    for (MethodDescriptor<?, ?> method : RpcProbe.methods(RouteAdminGrpc.getServiceDescriptor())) {
      if (CUSTOMER_ADMIN_RPCS.contains(method.getBareMethodName())) {
        continue;
      }
      Status status = RpcProbe.call(server.channel(acmeKey), method);
      assertDenied(status);
      refused.add(method.getBareMethodName());
    }
    assertThat(refused)
        .contains("CreateProvider", "GetProvider", "ListProviders", "UpdateProvider", "DeleteProvider",
            "ImportRates", "ListRates", "CreateApiKey", "ListApiKeys", "DeleteApiKey", "ListAuditEvents");
  }

  // ---- CUSTOMER: routes ----

  @Test
  void customerCreatesRoutesOnlyForItself() {
    Route own = acme.createRoute(route("acme", "4930"));
    assertThat(own.getCustomerId()).isEqualTo("acme");
    assertDenied(statusOf(() -> acme.createRoute(route("globex", "4930"))));
    assertDenied(statusOf(() -> acme.createRoute(route("", "4930"))));
    assertThat(admin.listRoutes(ListRoutesRequest.getDefaultInstance()).getRoutesCount()).isEqualTo(4);
  }

  @Test
  void customerReadsOnlyItsOwnRoutes() {
    assertThat(acme.getRoute(GetRouteRequest.newBuilder().setId(acmeRoute.getId()).build())).isEqualTo(acmeRoute);
    assertDenied(statusOf(() -> acme.getRoute(GetRouteRequest.newBuilder().setId(globexRoute.getId()).build())));
    assertDenied(statusOf(() -> acme.getRoute(GetRouteRequest.newBuilder().setId(defaultRoute.getId()).build())));

    assertThat(acme.listRoutes(ListRoutesRequest.getDefaultInstance()).getRoutesList()).containsExactly(acmeRoute);
    assertThat(acme.listRoutes(ListRoutesRequest.newBuilder().setCustomerId("acme").build()).getRoutesList())
        .containsExactly(acmeRoute);
    assertDenied(statusOf(() -> acme.listRoutes(ListRoutesRequest.newBuilder().setCustomerId("globex").build())));
    assertDenied(statusOf(() -> acme.listRoutes(ListRoutesRequest.newBuilder().setDefaultOnly(true).build())));
  }

  @Test
  void customerChangesAndDeletesOnlyItsOwnRoutes() {
    Route renamed =
        acme.updateRoute(
            UpdateRouteRequest.newBuilder()
                .setRoute(acmeRoute.toBuilder().setName("renamed"))
                .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("name"))
                .build());
    assertThat(renamed.getName()).isEqualTo("renamed");

    for (Route other : List.of(globexRoute, defaultRoute)) {
      assertDenied(
          statusOf(
              () ->
                  acme.updateRoute(
                      UpdateRouteRequest.newBuilder()
                          .setRoute(other.toBuilder().setName("hijacked"))
                          .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("name"))
                          .build())));
      assertDenied(statusOf(() -> acme.deleteRoute(DeleteRouteRequest.newBuilder().setId(other.getId()).build())));
      assertThat(admin.getRoute(GetRouteRequest.newBuilder().setId(other.getId()).build())).isEqualTo(other);
    }

    acme.deleteRoute(DeleteRouteRequest.newBuilder().setId(acmeRoute.getId()).build());
    assertThat(admin.listRoutes(ListRoutesRequest.getDefaultInstance()).getRoutesList())
        .containsExactlyInAnyOrder(globexRoute, defaultRoute);
  }

  // ---- CUSTOMER: policy ----

  @Test
  void customerReadsAndChangesOnlyItsOwnPolicy() {
    RoutingPolicy inherited = acme.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId("acme").build());
    assertThat(inherited.getInherited()).isTrue();
    assertDenied(statusOf(() -> acme.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId("globex").build())));
    assertDenied(statusOf(() -> acme.getRoutingPolicy(GetRoutingPolicyRequest.getDefaultInstance())));

    RoutingPolicy own =
        acme.updateRoutingPolicy(
            UpdateRoutingPolicyRequest.newBuilder()
                .setPolicy(RoutingPolicy.newBuilder().setCustomerId("acme").setStrategy(Strategy.LEAST_COST))
                .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("strategy"))
                .build());
    assertThat(own.getStrategy()).isEqualTo(Strategy.LEAST_COST);

    for (String other : List.of("globex", "")) {
      assertDenied(
          statusOf(
              () ->
                  acme.updateRoutingPolicy(
                      UpdateRoutingPolicyRequest.newBuilder()
                          .setPolicy(RoutingPolicy.newBuilder().setCustomerId(other).setMaxAttempts(1))
                          .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("max_attempts"))
                          .build())));
    }
    assertDenied(statusOf(() -> acme.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId("globex").build())));
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.getDefaultInstance()).getMaxAttempts()).isEqualTo(5);
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId("globex").build()).getInherited())
        .isTrue();

    acme.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId("acme").build());
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId("acme").build()).getInherited())
        .isTrue();
  }

  // ---- CUSTOMER: routing ----

  @Test
  void customerRoutesOnlyItsOwnCalls() {
    assertThat(admitted(statusOf(() -> server.select(acmeKey).select(select("acme"))))).isTrue();
    assertThat(admitted(RawDial.firstAnswer(server.channel(acmeKey), dialStart("acme")))).isTrue();

    Status otherSelect = statusOf(() -> server.select(acmeKey).select(select("globex")));
    assertDenied(otherSelect);
    assertThat(otherSelect.getDescription()).isEqualTo("this key may only route calls of customer 'acme'");
    assertDenied(statusOf(() -> server.select(acmeKey).select(select(""))));
    assertDenied(RawDial.firstAnswer(server.channel(acmeKey), dialStart("globex")));
  }
}
