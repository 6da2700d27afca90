package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.invalid;

import com.google.protobuf.FieldMask;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.Strategy;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.proto.v1.Transport;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/**
 * AIP-134 on every Update: without a mask an update changes the fields the request sets and
 * keeps the others; "*" replaces the resource; a named field left unset is cleared; JSON
 * clients' lowerCamelCase paths work.
 */
@OnEachDatabase
class UpdateMaskTest extends ServerPerClass {
  private Provider carrier;
  private Provider backup;

  @BeforeEach
  void providers() {
    carrier = createProvider(admin);
    backup = createProvider(admin);
  }

  private static Schedule officeHours() {
    return Schedule.newBuilder()
        .setTimeZone("Europe/Berlin")
        .addWindows(TimeWindow.newBuilder().addDays(1).addDays(5).setStartTime("08:00").setEndTime("18:00"))
        .build();
  }

  private static FieldMask mask(String... paths) {
    return FieldMask.newBuilder().addAllPaths(List.of(paths)).build();
  }

  private Route officeRoute() {
    return createRoute(admin, route(uniqueId("cust"), "4930", carrier.getId()).setSchedule(officeHours()).setDetail("Berlin office"));
  }

  private Route updateRoute(Route route, FieldMask mask) {
    UpdateRouteRequest.Builder request = UpdateRouteRequest.newBuilder().setRoute(route);
    if (mask != null) {
      request.setUpdateMask(mask);
    }
    return admin.updateRoute(request.build());
  }

  // ---- routes ----

  /** The case: {id, provider_id, priority} without a mask keeps prefix, schedule and name. */
  @Test
  void routeUpdateWithoutMaskChangesOnlyTheFieldsItSets() {
    Route stored = officeRoute();

    Route updated =
        updateRoute(Route.newBuilder().setId(stored.getId()).setProviderId(backup.getId()).setPriority(3).build(), null);

    assertThat(updated.getProviderId()).isEqualTo(backup.getId());
    assertThat(updated.getPriority()).isEqualTo(3);
    assertThat(updated.getPrefix()).isEqualTo("4930");
    assertThat(updated.getSchedule()).isEqualTo(officeHours());
    assertThat(updated.getName()).isEqualTo("route 4930");
    assertThat(updated.getDetail()).isEqualTo("Berlin office");
    assertThat(updated.getWeight()).isEqualTo(1);
    assertThat(updated.getCustomerId()).isEqualTo(stored.getCustomerId());
    assertThat(updated.getEtag()).isNotEqualTo(stored.getEtag());
  }

  @Test
  void routeUpdateWithEmptyMaskIsTheSameAsNoMask() {
    Route stored = officeRoute();

    Route updated = updateRoute(Route.newBuilder().setId(stored.getId()).setName("renamed").build(), FieldMask.getDefaultInstance());

    assertThat(updated.getName()).isEqualTo("renamed");
    assertThat(updated.toBuilder().setName(stored.getName()).clearEtag().clearUpdateTime().build())
        .isEqualTo(stored.toBuilder().clearEtag().clearUpdateTime().build());
  }

  @Test
  void routeUpdateWithStarReplacesEveryWritableField() {
    Route stored = officeRoute();

    Route replaced =
        updateRoute(Route.newBuilder().setId(stored.getId()).setProviderId(backup.getId()).setPriority(3).build(), mask("*"));

    assertThat(replaced.getProviderId()).isEqualTo(backup.getId());
    assertThat(replaced.getPriority()).isEqualTo(3);
    assertThat(replaced.getPrefix()).as("cleared: matches every number").isEmpty();
    assertThat(replaced.hasSchedule()).as("cleared: always").isFalse();
    assertThat(replaced.getName()).isEmpty();
    assertThat(replaced.getDetail()).isEmpty();
    assertThat(replaced.getWeight()).isZero();
    assertThat(replaced.getCustomerId()).as("not writable: kept").isEqualTo(stored.getCustomerId());
    assertThat(replaced.getCreateTime()).isEqualTo(stored.getCreateTime());
  }

  @Test
  void aFieldNamedInTheMaskButUnsetIsCleared() {
    Route stored = officeRoute();

    Route updated = updateRoute(Route.newBuilder().setId(stored.getId()).build(), mask("schedule", "detail"));

    assertThat(updated.hasSchedule()).isFalse();
    assertThat(updated.getDetail()).isEmpty();
    assertThat(updated.getPrefix()).isEqualTo("4930");
    assertThat(updated.getName()).isEqualTo("route 4930");
  }

  @Test
  void jsonClientsWriteTheMaskInLowerCamelCase() throws Exception {
    Route stored = officeRoute();
    String json =
        "{\"route\": {\"id\": \"" + stored.getId() + "\", \"providerId\": \"" + backup.getId() + "\", \"priority\": 0},"
            + " \"updateMask\": \"providerId,priority\"}";
    UpdateRouteRequest.Builder request = UpdateRouteRequest.newBuilder();
    JsonFormat.parser().merge(json, request);

    Route updated = admin.updateRoute(request.build());

    assertThat(updated.getProviderId()).isEqualTo(backup.getId());
    assertThat(updated.getPriority()).as("set to 0 because the mask names it").isZero();
    assertThat(updated.getSchedule()).isEqualTo(officeHours());
    // The same paths sent as such in binary (clients that do not go through JSON).
    Route again = updateRoute(Route.newBuilder().setId(stored.getId()).setProviderId(carrier.getId()).build(), mask("providerId", "priority"));
    assertThat(again.getProviderId()).isEqualTo(carrier.getId());
  }

  @Test
  void starWithOtherPathsOrAnUnknownPathIsRefused() {
    Route stored = officeRoute();

    invalid("update_mask", () -> updateRoute(Route.newBuilder().setId(stored.getId()).build(), mask("*", "name")));
    invalid("update_mask", () -> updateRoute(Route.newBuilder().setId(stored.getId()).build(), mask("customer_id")));
    assertThat(updateRoute(Route.newBuilder().setId(stored.getId()).build(), null).getSchedule()).isEqualTo(officeHours());
  }

  // ---- providers ----

  private Provider updateProvider(Provider provider, FieldMask mask) {
    UpdateProviderRequest.Builder request = UpdateProviderRequest.newBuilder().setProvider(provider);
    if (mask != null) {
      request.setUpdateMask(mask);
    }
    return admin.updateProvider(request.build());
  }

  @Test
  void providerUpdateWithoutMaskChangesOnlyTheFieldsItSets() {
    Provider updated = updateProvider(Provider.newBuilder().setId(carrier.getId()).setWeight(7).putLabels("tier", "gold").build(), null);

    assertThat(updated.getWeight()).isEqualTo(7);
    assertThat(updated.getLabelsMap()).containsExactly(java.util.Map.entry("tier", "gold"));
    assertThat(updated.toBuilder().setWeight(carrier.getWeight()).clearLabels().putAllLabels(carrier.getLabelsMap())
            .clearEtag().clearUpdateTime().build())
        .isEqualTo(carrier.toBuilder().clearEtag().clearUpdateTime().build());
  }

  @Test
  void providerUpdateWithStarReplacesEveryWritableField() {
    Provider replaced =
        updateProvider(
            Provider.newBuilder().setId(carrier.getId()).setName("Replaced").setHostname("sip.replaced.example").build(), mask("*"));

    assertThat(replaced.getName()).isEqualTo("Replaced");
    assertThat(replaced.getHostname()).isEqualTo("sip.replaced.example");
    assertThat(replaced.getTransport()).as("cleared: the default").isEqualTo(Transport.UDP);
    assertThat(replaced.getTechPrefix()).isEmpty();
    assertThat(replaced.getTechPostfix()).isEmpty();
    assertThat(replaced.getTechHeadersMap()).isEmpty();
    assertThat(replaced.getLabelsMap()).isEmpty();
    assertThat(replaced.getWeight()).isZero();
    assertThat(replaced.getMaxConcurrentCalls()).isZero();
  }

  // ---- routing policies ----

  private RoutingPolicy updatePolicy(RoutingPolicy policy, FieldMask mask) {
    UpdateRoutingPolicyRequest.Builder request = UpdateRoutingPolicyRequest.newBuilder().setPolicy(policy);
    if (mask != null) {
      request.setUpdateMask(mask);
    }
    return admin.updateRoutingPolicy(request.build());
  }

  @Test
  void policyUpdateWithoutMaskChangesOnlyTheFieldsItSets() {
    String customer = uniqueId("cust");
    updatePolicy(
        RoutingPolicy.newBuilder()
            .setCustomerId(customer)
            .setStrategy(Strategy.LEAST_COST)
            .addFailoverCodes("5xx")
            .setMaxPriceMicros(20_000)
            .setExcludeDefaultRoutes(true)
            .build(),
        mask("*"));

    RoutingPolicy updated = updatePolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setMaxAttempts(3).build(), null);

    assertThat(updated.getMaxAttempts()).isEqualTo(3);
    assertThat(updated.getStrategy()).isEqualTo(Strategy.LEAST_COST);
    assertThat(updated.getFailoverCodesList()).containsExactly("5xx");
    assertThat(updated.getMaxPriceMicros()).isEqualTo(20_000);
    assertThat(updated.getExcludeDefaultRoutes()).isTrue();
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customer).build())).isEqualTo(updated);
  }

  @Test
  void policyUpdateWithStarReplacesEveryWritableField() {
    String customer = uniqueId("cust");
    updatePolicy(
        RoutingPolicy.newBuilder()
            .setCustomerId(customer)
            .setStrategy(Strategy.LEAST_COST)
            .addFailoverCodes("5xx")
            .setMaxAttempts(2)
            .setExcludeDefaultRoutes(true)
            .build(),
        null);

    RoutingPolicy replaced = updatePolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setStrategy(Strategy.QUALITY).build(), mask("*"));

    assertThat(replaced.getStrategy()).isEqualTo(Strategy.QUALITY);
    assertThat(replaced.getFailoverCodesList()).as("cleared: the product default").containsExactly("404", "5xx", "6xx", "!600", "!603");
    assertThat(replaced.getMaxAttempts()).as("cleared: the default").isEqualTo(5);
    assertThat(replaced.getExcludeDefaultRoutes()).isFalse();
    assertThat(replaced.getMaxPriceMicros()).isZero();
  }
}
