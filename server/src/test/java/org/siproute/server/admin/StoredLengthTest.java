package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Refusals.invalid;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/**
 * What validation accepts, the database can store: a value too long for its column is refused
 * as INVALID_ARGUMENT naming the field, not left to the database (INTERNAL).
 */
@OnEachDatabase
class StoredLengthTest extends ServerPerClass {
  /** The longest valid failover pattern: with its comma, 9 characters of the stored list. */
  private static final String LONG_PATTERN = "!604-606";

  @Test
  void failoverCodesLongerTogetherThanTheStoredListAreRefused() {
    String customer = Fixtures.uniqueId("c");
    // 64 patterns (the most allowed) of 8 characters: 575 characters stored; the column has 512.
    RoutingPolicy tooLong =
        RoutingPolicy.newBuilder()
            .setCustomerId(customer)
            .addAllFailoverCodes(Collections.nCopies(64, LONG_PATTERN))
            .build();

    invalid("policy.failover_codes", () -> admin.updateRoutingPolicy(UpdateRoutingPolicyRequest.newBuilder().setPolicy(tooLong).build()));
  }

  @Test
  void failoverCodesUpToTheStoredLengthAreKept() {
    String customer = Fixtures.uniqueId("c");
    // 56 patterns: 503 characters stored.
    RoutingPolicy longest =
        RoutingPolicy.newBuilder()
            .setCustomerId(customer)
            .addAllFailoverCodes(Collections.nCopies(56, LONG_PATTERN))
            .build();

    admin.updateRoutingPolicy(UpdateRoutingPolicyRequest.newBuilder().setPolicy(longest).build());

    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customer).build()).getFailoverCodesList())
        .hasSize(56);
  }
}
