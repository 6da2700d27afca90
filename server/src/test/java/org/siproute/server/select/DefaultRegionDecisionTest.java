package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.RoutingFixtures.call;

import com.google.protobuf.FieldMask;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RawDial;
import org.siproute.server.testing.ServerPerClass;

/**
 * A customer's default_region through the real gRPC stack and database: stored and checked,
 * and Select and Dial read the customer's numbers as people there dial them.
 */
@OnEachDatabase
class DefaultRegionDecisionTest extends ServerPerClass {

  /** A customer with the region and a route for every number to a provider of its own. */
  private String customerIn(String region) {
    String customer = Fixtures.uniqueId("c");
    String provider = Fixtures.uniqueId("p");
    admin.createProvider(CreateProviderRequest.newBuilder()
        .setProvider(Provider.newBuilder().setId(provider).setName(provider).setHostname(provider + ".example")).build());
    admin.createRoute(CreateRouteRequest.newBuilder().setRoute(Route.newBuilder().setCustomerId(customer).setProviderId(provider)).build());
    if (!region.isEmpty()) {
      region(customer, region);
    }
    return customer;
  }

  private RoutingPolicy region(String customer, String region) {
    return admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setDefaultRegion(region))
            .setUpdateMask(FieldMask.newBuilder().addPaths("default_region"))
            .build());
  }

  private SelectResponse select(String customer, String destination) {
    return server.select().select(call(customer, destination).setExplain(true).build());
  }

  @Test
  void nationalAndInternationalAccessCodeFormsAreReadInTheCustomersRegion() {
    String germany = customerIn("DE");
    String us = customerIn("US");

    for (String dialled : new String[] {"030 1234567", "0049 30 1234567", "+49 30 1234567", "49301234567"}) {
      assertThat(select(germany, dialled).getDestination()).as(dialled).isEqualTo("49301234567");
    }
    assertThat(select(us, "011 49 30 1234567").getDestination()).isEqualTo("49301234567");
    assertThat(select(us, "(212) 555-0100").getDestination()).isEqualTo("12125550100");
    Attempt attempt = select(germany, "030 1234567").getAttempts(0);
    assertThat(attempt.getDialedNumber()).isEqualTo("49301234567");
  }

  @Test
  void explainSaysHowTheNumberWasRead() {
    SelectResponse response = select(customerIn("DE"), "030 1234567");

    assertThat(response.getConsideredList())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("destination read as 49301234567: national number in DE (default_region DE)"));
  }

  @Test
  void withoutARegionTheDigitsAreTakenAsGiven() {
    assertThat(select(customerIn(""), "030 1234567").getDestination()).isEqualTo("0301234567");
  }

  @Test
  void dialReadsTheNumberInTheRegionToo() {
    String customer = customerIn("GB");

    RawDial dial = RawDial.open(server.channel());
    dial.send(DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(call(customer, "020 7123 4567"))).build());
    DialResponse first = dial.next();

    assertThat(first.getPlan().getDestination()).isEqualTo("442071234567");
    assertThat(first.getAttempt().getSipUri()).startsWith("sip:442071234567@");
    dial.cancel();
  }

  @Test
  void theRegionIsStoredAndCheckedAndANumberNotDialledThereIsRefused() {
    String customer = Fixtures.uniqueId("c");
    assertThat(region(customer, "FR").getDefaultRegion()).isEqualTo("FR");
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customer).build()).getDefaultRegion())
        .isEqualTo("FR");

    invalid("policy.default_region", () -> region(customer, "fr"));
    invalid("policy.default_region", () -> region(customer, "EU"));
    invalid("policy.default_region", () -> region(customer, "FRA"));
    invalid("destination", () -> select(customer, "01 23 x5 67 89"));
  }
}
