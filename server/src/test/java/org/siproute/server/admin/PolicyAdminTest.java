package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.DeleteRoutingPolicyRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/** Routing policies: the platform default, customers inheriting it, own policies. */
@OnEachDatabase
class PolicyAdminTest extends ServerPerClass {

  private RoutingPolicy get(String customerId) {
    return admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customerId).build());
  }

  private RoutingPolicy update(RoutingPolicy p, String... paths) {
    return admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(p)
            .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
            .build());
  }

  /** The fields a customer inherits, without the ones that say whose policy it is. */
  private static RoutingPolicy settings(RoutingPolicy p) {
    return p.toBuilder().clearCustomerId().clearEtag().clearInherited().clearUpdateTime().build();
  }

  @Test
  void platformDefaultIsTheProductDefault() {
    RoutingPolicy platform = get("");

    assertThat(platform.getCustomerId()).isEmpty();
    assertThat(platform.getInherited()).isFalse();
    assertThat(platform.getEtag()).isNotEmpty();
    assertThat(platform.getStrategy()).isEqualTo(Strategy.PRIORITY);
    assertThat(platform.getFailoverCodesList()).containsExactly("404", "5xx", "6xx", "!600", "!603");
    assertThat(platform.getMaxAttempts()).isEqualTo(5);
    assertThat(platform.getExcludeDefaultRoutes()).isFalse();
  }

  @Test
  void customerWithoutOwnPolicyInheritsThePlatformDefault() {
    String customer = uniqueId("cust");

    RoutingPolicy inherited = get(customer);

    assertThat(inherited.getCustomerId()).isEqualTo(customer);
    assertThat(inherited.getInherited()).isTrue();
    assertThat(inherited.getEtag()).as("nothing of the customer's own to guard").isEmpty();
    assertThat(settings(inherited)).isEqualTo(settings(get("")));
  }

  @Test
  void updateCreatesTheCustomersPolicyFromTheDefault() {
    String customer = uniqueId("cust");

    RoutingPolicy own =
        update(
            RoutingPolicy.newBuilder()
                .setCustomerId(customer)
                .setStrategy(Strategy.LEAST_COST)
                .setMaxPriceMicros(25_000)
                .setMaxAttempts(9)
                .build(),
            "strategy",
            "max_price_micros");

    assertThat(own.getInherited()).isFalse();
    assertThat(own.getEtag()).isNotEmpty();
    assertThat(own.getStrategy()).isEqualTo(Strategy.LEAST_COST);
    assertThat(own.getMaxPriceMicros()).isEqualTo(25_000);
    assertThat(own.getMaxAttempts()).as("not in the mask: copied from the default").isEqualTo(get("").getMaxAttempts());
    assertThat(own.getFailoverCodesList()).isEqualTo(get("").getFailoverCodesList());
    assertThat(get(customer)).isEqualTo(own);
  }

  @Test
  void ownPolicyUpdatesWithEtagsAndStaleOnesAreAborted() {
    String customer = uniqueId("cust");
    RoutingPolicy own =
        update(RoutingPolicy.newBuilder().setCustomerId(customer).addFailoverCodes("5xx").build(), "failover_codes");
    RoutingPolicy changed =
        update(own.toBuilder().clearFailoverCodes().addAllFailoverCodes(List.of("404", "500-503", "!502")).build(), "failover_codes");

    refused(Status.Code.ABORTED, "STALE_ETAG", () -> update(own.toBuilder().setMaxAttempts(2).build(), "max_attempts"));

    assertThat(changed.getFailoverCodesList()).containsExactly("404", "500-503", "!502");
    assertThat(get(customer)).isEqualTo(changed);
  }

  @Test
  void etagForAPolicyThatDoesNotExistYetIsAborted() {
    String customer = uniqueId("cust");

    refused(Status.Code.ABORTED, "STALE_ETAG", () -> update(RoutingPolicy.newBuilder().setCustomerId(customer).setEtag("3").setMaxAttempts(2).build(), "max_attempts"));

    assertThat(get(customer).getInherited()).isTrue();
  }

  @Test
  void deleteReturnsTheCustomerToTheDefault() {
    String customer = uniqueId("cust");
    RoutingPolicy own = update(RoutingPolicy.newBuilder().setCustomerId(customer).setMaxAttempts(2).build(), "max_attempts");
    update(own.toBuilder().setMaxAttempts(3).build(), "max_attempts");

    refused(
        Status.Code.ABORTED,
        "STALE_ETAG",
        () -> admin.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId(customer).setEtag(own.getEtag()).build()));
    assertThat(get(customer).getMaxAttempts()).isEqualTo(3);

    admin.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId(customer).build());

    assertThat(get(customer).getInherited()).isTrue();
    refused(Status.Code.NOT_FOUND, () -> admin.deleteRoutingPolicy(DeleteRoutingPolicyRequest.newBuilder().setCustomerId(customer).build()));
  }

  @Test
  void customerIdsDifferingOnlyInCaseHaveTheirOwnPolicies() {
    String upper = uniqueId("Acme");
    String lower = upper.toLowerCase(java.util.Locale.ROOT);

    update(RoutingPolicy.newBuilder().setCustomerId(upper).setMaxAttempts(2).build(), "max_attempts");

    assertThat(get(upper).getMaxAttempts()).isEqualTo(2);
    assertThat(get(lower).getInherited()).isTrue();
  }

  @Test
  void platformDefaultCannotBeDeleted() {
    invalid("customer_id", () -> admin.deleteRoutingPolicy(DeleteRoutingPolicyRequest.getDefaultInstance()));
    assertThat(get("").getInherited()).isFalse();
  }

  @Test
  void changingThePlatformDefaultChangesWhatCustomersInherit() {
    RoutingPolicy platform = get("");
    String customer = uniqueId("cust");
    try {
      RoutingPolicy changed = update(platform.toBuilder().setExcludeDefaultRoutes(true).build(), "exclude_default_routes");

      assertThat(changed.getExcludeDefaultRoutes()).isTrue();
      assertThat(get(customer).getExcludeDefaultRoutes()).isTrue();
    } finally {
      update(get("").toBuilder().setExcludeDefaultRoutes(false).build(), "exclude_default_routes");
    }
  }

  @Test
  void refusedPolicyChangesNothing() {
    String customer = uniqueId("cust");
    RoutingPolicy own = update(RoutingPolicy.newBuilder().setCustomerId(customer).setMaxAttempts(4).build(), "max_attempts");

    List<String> fields =
        invalid(
            "policy.failover_codes[1]",
            () ->
                update(
                    own.toBuilder().setMaxAttempts(21).clearFailoverCodes().addFailoverCodes("486").addFailoverCodes("7xx").build(),
                    "max_attempts",
                    "failover_codes"));

    assertThat(fields).containsExactlyInAnyOrder("policy.max_attempts", "policy.failover_codes[1]");
    assertThat(get(customer)).isEqualTo(own);
    invalid("update_mask", () -> update(own.toBuilder().setCustomerId(uniqueId("x")).build(), "customer_id"));
    assertThat(get(customer)).isEqualTo(own);
  }
}
