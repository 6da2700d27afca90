package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.RoutingFixtures.call;

import com.google.protobuf.FieldMask;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAction;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/**
 * Caller-based routes through the real gRPC stack and database: source_prefix is stored and
 * checked, picks routes by the normalised caller and orders them first within their tier.
 */
@OnEachDatabase
class CallerRouteDecisionTest extends ServerPerClass {

  private String provider() {
    String id = Fixtures.uniqueId("p");
    admin.createProvider(
        CreateProviderRequest.newBuilder().setProvider(Provider.newBuilder().setId(id).setName(id).setHostname(id + ".example")).build());
    return id;
  }

  private Route route(String customer, String provider, String sourcePrefix, int priority) {
    return admin.createRoute(
        CreateRouteRequest.newBuilder()
            .setRoute(Route.newBuilder().setCustomerId(customer).setPrefix("49").setProviderId(provider)
                .setSourcePrefix(sourcePrefix).setPriority(priority))
            .build());
  }

  private List<String> providersFor(String customer, String source) {
    SelectResponse response = server.select().select(call(customer, "+49 30 1234567").setSource(source).build());
    return response.getAttemptsList().stream().map(Attempt::getProviderId).toList();
  }

  @Test
  void routesForCallersApplyToThemFirstAndToNobodyElse() {
    String customer = Fixtures.uniqueId("c");
    String any = provider();
    String uk = provider();
    String london = provider();
    route(customer, any, "", 0);
    route(customer, uk, "44", 10);
    Route stored = route(customer, london, "4420", 20);
    assertThat(stored.getSourcePrefix()).isEqualTo("4420");

    assertThat(providersFor(customer, "+44 20 7123 4567")).containsExactly(london, uk, any);
    assertThat(providersFor(customer, "+44 161 123 4567")).containsExactly(uk, any);
    assertThat(providersFor(customer, "+33 1 23 45 67 89")).containsExactly(any);
    assertThat(providersFor(customer, "")).containsExactly(any);
    // A source that is not a number is not refused: it is an unknown caller.
    assertThat(providersFor(customer, "anonymous")).containsExactly(any);
  }

  @Test
  void theCallerIsReadInTheCustomersRegion() {
    String customer = Fixtures.uniqueId("c");
    String berliners = provider();
    route(customer, provider(), "", 5);
    route(customer, berliners, "4930", 10);
    admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setDefaultRegion("DE"))
            .setUpdateMask(FieldMask.newBuilder().addPaths("default_region"))
            .build());

    assertThat(providersFor(customer, "030 9876543").get(0)).isEqualTo(berliners);
  }

  @Test
  void blocksForSomeCallersOnly() {
    String customer = Fixtures.uniqueId("c");
    route(customer, provider(), "", 0);
    admin.createRoute(CreateRouteRequest.newBuilder()
        .setRoute(Route.newBuilder().setCustomerId(customer).setPrefix("49").setAction(RouteAction.BLOCK).setSourcePrefix("882"))
        .build());

    assertThat(server.select().select(call(customer, "+49 30 1234567").setSource("+882 1234 5678").build()).getBlocked().getSipCode())
        .isEqualTo(403);
    assertThat(providersFor(customer, "+44 20 7123 4567")).hasSize(1);
  }

  @Test
  void aBadSourcePrefixIsRefused() {
    invalid("route.source_prefix", () -> route(Fixtures.uniqueId("c"), provider(), "+44", 0));
    invalid("route.source_prefix", () -> route(Fixtures.uniqueId("c"), provider(), "1".repeat(16), 0));
  }
}
