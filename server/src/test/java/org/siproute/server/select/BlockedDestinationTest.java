package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;
import static org.siproute.server.testing.RoutingFixtures.call;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAction;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RawDial;
import org.siproute.server.testing.ServerPerClass;

/**
 * Blocked destinations through the real gRPC stack and database: BLOCK routes are stored and
 * checked, a platform block beats every customer route, a customer's block holds for that
 * customer only, and Select and Dial say so with the block's SIP code.
 */
@OnEachDatabase
class BlockedDestinationTest extends ServerPerClass {

  private String provider() {
    String id = Fixtures.uniqueId("p");
    admin.createProvider(
        CreateProviderRequest.newBuilder().setProvider(Provider.newBuilder().setId(id).setName(id).setHostname(id + ".example")).build());
    return id;
  }

  private Route create(Route.Builder route) {
    return admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route).build());
  }

  private Route block(String customer, String prefix, int sipCode) {
    return create(Route.newBuilder().setCustomerId(customer).setPrefix(prefix).setAction(RouteAction.BLOCK)
        .setBlockSipCode(sipCode).setName("block " + prefix));
  }

  /** A prefix of a test's own: "88" (no country) and the run's next number in 4 digits. */
  private static String uniquePrefix() {
    String id = Fixtures.uniqueId("x");
    return "88" + String.format("%04d", Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 10_000);
  }

  @Test
  void aPlatformBlockBeatsEveryCustomerRoute() {
    String prefix = uniquePrefix();
    String customer = Fixtures.uniqueId("c");
    String own = provider();
    create(Route.newBuilder().setCustomerId(customer).setPrefix(prefix + "12").setProviderId(own));
    create(Route.newBuilder().setCustomerId(customer).setPrefix(prefix).setProviderId(own));
    admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setExcludeDefaultRoutes(true))
            .setUpdateMask(FieldMask.newBuilder().addPaths("exclude_default_routes"))
            .build());
    Route platform = block("", prefix, 0);

    SelectResponse response = server.select().select(call(customer, prefix + "1234567").setExplain(true).build());

    assertThat(response.getAttemptsList()).isEmpty();
    assertThat(response.getBlocked().getRouteId()).isEqualTo(platform.getId());
    assertThat(response.getBlocked().getSipCode()).isEqualTo(403);
    assertThat(response.getBlocked().getReason()).isEqualTo("platform block 'block " + prefix + "' for prefix '" + prefix + "'");
    assertThat(response.getConsideredList())
        .anySatisfy(c -> {
          assertThat(c.getRouteId()).isEqualTo(platform.getId());
          assertThat(c.getReason()).startsWith("blocks the call with 403");
        });
    // The customer's routes still serve numbers the block does not match.
    String other = "89" + prefix.substring(2);
    create(Route.newBuilder().setCustomerId(customer).setPrefix(other).setProviderId(own));
    assertThat(server.select().select(call(customer, other + "1234567").build()).getAttempts(0).getProviderId()).isEqualTo(own);
  }

  @Test
  void aCustomersBlockHoldsForThatCustomerOnly() {
    String prefix = uniquePrefix();
    String everyone = provider();
    create(Route.newBuilder().setPrefix(prefix).setProviderId(everyone));
    String blocking = Fixtures.uniqueId("c");
    block(blocking, prefix, 603);

    SelectResponse blocked = server.select().select(call(blocking, prefix + "1234567").build());
    SelectResponse routed = server.select().select(call(Fixtures.uniqueId("c"), prefix + "1234567").build());

    assertThat(blocked.getBlocked().getSipCode()).isEqualTo(603);
    assertThat(blocked.getBlocked().getReason()).startsWith("customer block");
    assertThat(routed.hasBlocked()).isFalse();
    assertThat(routed.getAttempts(0).getProviderId()).isEqualTo(everyone);
  }

  @Test
  void aDialOfABlockedNumberEndsBlockedWithTheBlocksCode() {
    String prefix = uniquePrefix();
    String customer = Fixtures.uniqueId("c");
    create(Route.newBuilder().setCustomerId(customer).setPrefix(prefix).setProviderId(provider()));
    Route route = block(customer, prefix, 486);

    RawDial dial = RawDial.open(server.channel());
    dial.send(DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(call(customer, prefix + "1234567"))).build());
    DialResponse first = dial.next();

    assertThat(first.hasAttempt()).isFalse();
    DialEnd end = first.getEnd();
    assertThat(end.getOutcome()).isEqualTo(DialOutcome.BLOCKED);
    assertThat(end.getSipCode()).isEqualTo(486);
    assertThat(end.getAttempts()).isZero();
    assertThat(end.getBlocked().getRouteId()).isEqualTo(route.getId());
    assertThat(first.getPlan().getBlocked().getSipCode()).isEqualTo(486);
    assertThat(dial.awaitClose().getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void blockRoutesAreStoredWithTheirCodeAndRouteRoutesWithNone() {
    Route block = block(Fixtures.uniqueId("c"), uniquePrefix(), 0);
    assertThat(block.getAction()).isEqualTo(RouteAction.BLOCK);
    assertThat(block.getBlockSipCode()).isEqualTo(403);
    assertThat(block.getProviderId()).isEmpty();

    Route route = create(Route.newBuilder().setCustomerId(Fixtures.uniqueId("c")).setProviderId(provider()).setBlockSipCode(480));
    assertThat(route.getAction()).isEqualTo(RouteAction.ROUTE);
    assertThat(route.getBlockSipCode()).isZero();
  }

  @Test
  void aRouteBecomesABlockByUpdate() {
    String customer = Fixtures.uniqueId("c");
    String prefix = uniquePrefix();
    Route route = create(Route.newBuilder().setCustomerId(customer).setPrefix(prefix).setProviderId(provider()));

    Route block =
        admin.updateRoute(
            UpdateRouteRequest.newBuilder()
                .setRoute(Route.newBuilder().setId(route.getId()).setAction(RouteAction.BLOCK).setBlockSipCode(410))
                .setUpdateMask(FieldMask.newBuilder().addPaths("action").addPaths("provider_id").addPaths("block_sip_code"))
                .build());

    assertThat(block.getAction()).isEqualTo(RouteAction.BLOCK);
    assertThat(block.getProviderId()).isEmpty();
    assertThat(server.select().select(call(customer, prefix + "1234567").build()).getBlocked().getSipCode()).isEqualTo(410);
  }

  @Test
  void badBlocksAreRefusedNamingTheField() {
    String prefix = uniquePrefix();
    invalid("route.provider_id", () -> create(Route.newBuilder().setPrefix(prefix).setAction(RouteAction.BLOCK).setProviderId(provider())));
    invalid("route.provider_id", () -> create(Route.newBuilder().setPrefix(prefix)));
    invalid("route.block_sip_code", () -> create(Route.newBuilder().setPrefix(prefix).setAction(RouteAction.BLOCK).setBlockSipCode(399)));
    invalid("route.block_sip_code", () -> create(Route.newBuilder().setPrefix(prefix).setAction(RouteAction.BLOCK).setBlockSipCode(700)));
    invalid("route.action", () -> create(Route.newBuilder().setPrefix(prefix).setActionValue(7)));

    String customer = Fixtures.uniqueId("c");
    Route first = block(customer, prefix, 403);
    assertThat(refused(Status.Code.ALREADY_EXISTS, () -> block(customer, prefix, 404)).getStatus().getDescription())
        .contains(first.getId())
        .contains("already blocks");
  }
}
