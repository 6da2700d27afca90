package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.RoutingFixtures.call;

import com.google.protobuf.FieldMask;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.Gateway;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetProviderStatusRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/**
 * Carriers with several gateways through the real gRPC stack and database: gateways are stored
 * and checked, a call tries them in a weighted order its call_id fixes, a gateway's fault moves
 * to the carrier's next gateway and any other failover code to the next carrier, disabled
 * gateways are never offered, and circuits open per gateway.
 */
@OnEachDatabase
class GatewayDecisionTest extends ServerPerClass {

  private static Gateway gateway(String address, int weight) {
    return Gateway.newBuilder().setAddress(address).setWeight(weight).build();
  }

  private Provider carrier(int gatewayAttempts, Gateway... gateways) {
    String id = Fixtures.uniqueId("carrier");
    return admin.createProvider(CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(id).setName(id).addAllGateways(List.of(gateways))
            .setGatewayAttempts(gatewayAttempts))
        .build());
  }

  private Provider hostProvider() {
    String id = Fixtures.uniqueId("single");
    return admin.createProvider(CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(id).setName(id).setHostname(id + ".example"))
        .build());
  }

  private void route(String customer, String providerId, int priority) {
    admin.createRoute(CreateRouteRequest.newBuilder()
        .setRoute(Route.newBuilder().setCustomerId(customer).setProviderId(providerId).setPrefix("49").setPriority(priority))
        .build());
  }

  private SelectResponse select(String customer, String callId) {
    return server.select().select(call(customer, "+49 30 1234567").setCallId(callId).build());
  }

  private static List<String> gateways(SelectResponse response) {
    return response.getAttemptsList().stream().map(Attempt::getGateway).toList();
  }

  @Test
  void gatewaysAreStoredReadBackAndReplacedByMask() {
    Provider p = carrier(2, gateway("SBC1.example:5060", 10),
        Gateway.newBuilder().setAddress("sbc2.example").setTransport(Transport.TCP).setWeight(5).setDisabled(true).build());

    Provider stored = admin.getProvider(GetProviderRequest.newBuilder().setId(p.getId()).build());
    assertThat(stored.getHostname()).isEmpty();
    assertThat(stored.getGatewayAttempts()).isEqualTo(2);
    assertThat(stored.getGatewaysList()).containsExactly(
        gateway("sbc1.example:5060", 10).toBuilder().setTransport(Transport.UDP).build(),
        Gateway.newBuilder().setAddress("sbc2.example").setTransport(Transport.TCP).setWeight(5).setDisabled(true).build());

    Provider updated = admin.updateProvider(UpdateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(p.getId()).addGateways(gateway("sbc3.example", 1)))
        .setUpdateMask(FieldMask.newBuilder().addPaths("gateways"))
        .build());
    assertThat(updated.getGatewaysList()).extracting(Gateway::getAddress).containsExactly("sbc3.example");
    assertThat(updated.getGatewayAttempts()).isEqualTo(2);

    // Back to the one-gateway shorthand: hostname and gateways change together.
    Provider single = admin.updateProvider(UpdateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(p.getId()).setHostname("one.example"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("hostname").addPaths("gateways"))
        .build());
    assertThat(single.getGatewaysList()).isEmpty();
    assertThat(single.getHostname()).isEqualTo("one.example");
  }

  @Test
  void theSameCallIdAlwaysGivesTheSameGatewayOrderAndCallIdsSpreadByWeight() {
    Provider p = carrier(3, gateway("a.example", 1), gateway("b.example", 3), gateway("c.example", 0));
    String customer = Fixtures.uniqueId("c");
    route(customer, p.getId(), 0);

    SelectResponse first = select(customer, "call-7");
    assertThat(gateways(first)).hasSize(3).containsExactlyInAnyOrder("a.example", "b.example", "c.example");
    // A weight-0 gateway goes after every weighted one.
    assertThat(gateways(first).get(2)).isEqualTo("c.example");
    assertThat(first.getAttempts(0).getSipUri()).isEqualTo("sip:49301234567@" + first.getAttempts(0).getGateway());
    for (int i = 0; i < 5; i++) {
      assertThat(gateways(select(customer, "call-7"))).isEqualTo(gateways(first));
    }

    int bFirst = 0;
    int calls = 400;
    for (int i = 0; i < calls; i++) {
      if (select(customer, "spread-" + i).getAttempts(0).getGateway().equals("b.example")) {
        bFirst++;
      }
    }
    // Weight 3 of 4: b comes first for about 300 of 400 calls (binomial sd ~9).
    assertThat(bFirst).isBetween(250, 350);
  }

  @Test
  void aGatewayFaultMovesToTheCarriersNextGatewayAnyOtherFailoverCodeToTheNextCarrier() {
    // 408 is not in the default failover set: still the carrier's next gateway is tried. A
    // carrier per code: the failures would otherwise add up to open its gateways' circuits.
    for (int code : new int[] {408, 500, 502, 503, 504, 0}) {
      Provider carrier = carrier(2, gateway("g1.example", 1), gateway("g2.example", 1));
      Provider other = hostProvider();
      String customer = Fixtures.uniqueId("c");
      route(customer, carrier.getId(), 0);
      route(customer, other.getId(), 1);
      try (DialSession dial = server.dial(call(customer, "+49 30 1234567").build(), "fault-" + code)) {
        Attempt first = dial.first().orElseThrow();
        assertThat(first.getProviderId()).isEqualTo(carrier.getId());
        Optional<Attempt> next = code == 0 ? dial.reportTimeout() : dial.report(code);
        assertThat(next).as("after %s", code).map(Attempt::getProviderId).contains(carrier.getId());
        assertThat(next.get().getGateway()).isNotEqualTo(first.getGateway());
        Optional<Attempt> third = dial.reportTransportError();
        assertThat(third).map(Attempt::getProviderId).contains(other.getId());
        dial.report(200);
        assertThat(dial.end().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
        assertThat(dial.end().getConnectedIndex()).isEqualTo(2);
        dial.hangUp(Duration.ofMillis(100));
      }
    }

    Provider carrier = carrier(2, gateway("g1.example", 1), gateway("g2.example", 1));
    Provider other = hostProvider();
    String customer = Fixtures.uniqueId("c");
    route(customer, carrier.getId(), 0);
    route(customer, other.getId(), 1);
    // 404 is in the failover set but not the gateway's fault: the carrier's other gateway is
    // skipped, the next carrier is index 2 of the plan, and two attempts were offered.
    try (DialSession dial = server.dial(call(customer, "+49 30 1234567").build(), "not-found")) {
      assertThat(dial.first()).map(Attempt::getProviderId).contains(carrier.getId());
      Optional<Attempt> next = dial.report(404);
      assertThat(next).map(Attempt::getProviderId).contains(other.getId());
      assertThat(next.get().getIndex()).isEqualTo(2);
      assertThat(dial.report(404)).isEmpty();
      assertThat(dial.end().getOutcome()).isEqualTo(DialOutcome.EXHAUSTED);
      assertThat(dial.end().getAttempts()).isEqualTo(2);
    }

    // 486 does not fail over at all.
    try (DialSession dial = server.dial(call(customer, "+49 30 1234567").build(), "busy")) {
      dial.first();
      assertThat(dial.report(486)).isEmpty();
      assertThat(dial.end().getOutcome()).isEqualTo(DialOutcome.FAILED);
    }
  }

  @Test
  void disabledGatewaysAreNeverOffered() {
    Provider p = carrier(3, Gateway.newBuilder().setAddress("off.example").setWeight(100).setDisabled(true).build(),
        gateway("on1.example", 1), gateway("on2.example", 1));
    Provider allOff = carrier(1, Gateway.newBuilder().setAddress("x.example").setDisabled(true).build());
    String customer = Fixtures.uniqueId("c");
    route(customer, p.getId(), 0);
    route(customer, allOff.getId(), 1);

    for (int i = 0; i < 20; i++) {
      SelectResponse response = select(customer, "disabled-" + i);
      assertThat(gateways(response)).containsExactlyInAnyOrder("on1.example", "on2.example");
    }
    SelectResponse explained =
        server.select().select(call(customer, "+49 30 1234567").setExplain(true).build());
    assertThat(explained.getConsideredList())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("provider '" + allOff.getId() + "' has every gateway disabled"));
    assertThat(explained.getAttempts(0).getReasonsList())
        .anySatisfy(r -> assertThat(r).startsWith("gateway '").contains("1 of 2 tried for this provider, of 2 enabled"));
  }

  private void openCircuit(String providerId, String gateway) {
    for (int i = 0; i < 5; i++) {
      server.select().reportOutcome(ReportOutcomeRequest.newBuilder()
          .setProviderId(providerId).setGateway(gateway).setCallingCode(49).setSipCode(503).build());
    }
  }

  @Test
  void circuitsOpenPerGatewayAndTheCarrierOnlyWhenAllOfThemAre() {
    Provider carrier = carrier(1, gateway("c1.example", 1), gateway("c2.example", 1));
    Provider other = hostProvider();
    String customer = Fixtures.uniqueId("c");
    route(customer, carrier.getId(), 0);
    route(customer, other.getId(), 1);

    openCircuit(carrier.getId(), "c1.example");
    for (int i = 0; i < 20; i++) {
      SelectResponse response = select(customer, "circuit-" + i);
      assertThat(response.getAttempts(0).getProviderId()).isEqualTo(carrier.getId());
      assertThat(response.getAttempts(0).getGateway()).isEqualTo("c2.example");
    }
    var status = admin.getProviderStatus(GetProviderStatusRequest.newBuilder().setProviderId(carrier.getId()).build());
    assertThat(status.getDegradedReason()).isEmpty();
    assertThat(status.getCircuitState().name()).isEqualTo("CLOSED");
    // Each gateway counts for itself: c1 took the five failures, c2 none.
    assertThat(status.getGatewaysList()).extracting(g -> g.getAddress()).containsExactly("c1.example", "c2.example");
    assertThat(status.getGateways(0).getCircuitState().name()).isEqualTo("OPEN");
    assertThat(status.getGateways(0).getDegradedReason()).isEqualTo("circuit open");
    assertThat(status.getGateways(0).getStatistics().getServerFailures()).isEqualTo(5);
    assertThat(status.getGateways(1).getCircuitState().name()).isEqualTo("CLOSED");
    assertThat(status.getGateways(1).getStatistics().getAttempts()).isZero();
    assertThat(status.getStatistics().getAttempts()).isEqualTo(5);

    openCircuit(carrier.getId(), "c2.example");
    SelectResponse response =
        server.select().select(call(customer, "+49 30 1234567").setCallId("all-open").setExplain(true).build());
    assertThat(response.getAttemptsList()).extracting(Attempt::getProviderId).containsExactly(other.getId(), carrier.getId());
    assertThat(response.getAttempts(1).getReasonsList()).contains("after healthy providers: every gateway degraded (circuit open)");
    status = admin.getProviderStatus(GetProviderStatusRequest.newBuilder().setProviderId(carrier.getId()).build());
    assertThat(status.getCircuitState().name()).isEqualTo("OPEN");
    assertThat(status.getDegradedReason()).isEqualTo("every gateway degraded (circuit open)");
  }

  @Test
  void badGatewaysAreRefusedNamingTheField() {
    String id = Fixtures.uniqueId("p");
    Provider.Builder bad = Provider.newBuilder().setId(id).setName(id)
        .addGateways(gateway("ok.example", 1)).addGateways(gateway("not a host", 1));
    invalid("provider.gateways[1].address", () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(bad).build()));

    List<String> fields = invalid("provider.gateways[1].address", () -> admin.createProvider(CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(id).setName(id).setGatewayAttempts(17)
            .addGateways(gateway("dup.example", 1)).addGateways(gateway("DUP.example", 1))
            .addGateways(gateway("w.example", 1_000_001)))
        .build()));
    assertThat(fields).contains("provider.gateway_attempts", "provider.gateways[2].weight");

    invalid("provider.hostname", () -> admin.createProvider(CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(id).setName(id).setHostname("h.example").addGateways(gateway("g.example", 1)))
        .build()));
    invalid("provider.hostname", () -> admin.createProvider(CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(id).setName(id)).build()));
    Provider.Builder many = Provider.newBuilder().setId(id).setName(id);
    for (int i = 0; i < 17; i++) {
      many.addGateways(gateway("g" + i + ".example", 1));
    }
    invalid("provider.gateways", () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(many).build()));

    // An update that adds gateways to a provider with a hostname must clear the hostname too.
    Provider single = hostProvider();
    invalid("provider.hostname", () -> admin.updateProvider(UpdateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(single.getId()).addGateways(gateway("g.example", 1)))
        .setUpdateMask(FieldMask.newBuilder().addPaths("gateways"))
        .build()));

    invalid("gateway", () -> server.select().reportOutcome(ReportOutcomeRequest.newBuilder()
        .setProviderId(single.getId()).setGateway("elsewhere.example").setCallingCode(49).setSipCode(503).build()));
  }
}
