package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.invalid;
import static org.siproute.server.testing.Refusals.refused;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DeleteRouteRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.ServerPerClass;

/** Routes through RouteAdmin: owners, schedules, duplicates, masks, etags, listing by owner. */
@OnEachDatabase
class RouteAdminTest extends ServerPerClass {
  private Provider carrier;
  private Provider backup;
  private String customer;

  @BeforeEach
  void providers() {
    carrier = createProvider(admin);
    backup = createProvider(admin);
    customer = uniqueId("cust");
  }

  private Route get(String id) {
    return admin.getRoute(GetRouteRequest.newBuilder().setId(id).build());
  }

  private Route update(Route r, String... paths) {
    return admin.updateRoute(
        UpdateRouteRequest.newBuilder()
            .setRoute(r)
            .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
            .build());
  }

  private List<Route> routesOf(String customerId) {
    return admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(customerId).build()).getRoutesList();
  }

  private static Schedule officeHours() {
    return Schedule.newBuilder()
        .setTimeZone("Europe/Berlin")
        .addWindows(TimeWindow.newBuilder().addDays(1).addDays(2).addDays(3).addDays(4).addDays(5).setStartTime("08:00").setEndTime("18:00"))
        .addWindows(TimeWindow.newBuilder().setStartTime("22:00").setEndTime("06:00"))
        .build();
  }

  @Test
  void createdRouteReadsBackWithItsSchedule() {
    Route created =
        createRoute(admin, route(customer, "4930", carrier.getId()).setSchedule(officeHours()).setDetail("office hours via carrier"));

    assertThat(created.getId()).isNotEmpty();
    assertThat(created.getEtag()).isNotEmpty();
    assertThat(created.getCustomerId()).isEqualTo(customer);
    assertThat(created.getPrefix()).isEqualTo("4930");
    assertThat(created.getProviderId()).isEqualTo(carrier.getId());
    assertThat(created.getPriority()).isEqualTo(10);
    assertThat(created.getSchedule()).isEqualTo(officeHours());
    assertThat(created.getDetail()).isEqualTo("office hours via carrier");
    assertThat(get(created.getId())).isEqualTo(created);
  }

  @Test
  void defaultRouteWithEmptyPrefixMatchesEverything() {
    Route created = createRoute(admin, route("", "", carrier.getId()));

    assertThat(created.getCustomerId()).isEmpty();
    assertThat(created.getPrefix()).isEmpty();
    assertThat(created.hasSchedule()).isFalse();
    assertThat(
            admin.listRoutes(ListRoutesRequest.newBuilder().setDefaultOnly(true).setPageSize(1000).build()).getRoutesList())
        .contains(created);
  }

  @Test
  void routeToUnknownProviderIsNotFoundAndCreatesNothing() {
    String missing = uniqueId("missing");

    var e = refused(Status.Code.NOT_FOUND, () -> createRoute(admin, route(customer, "49", missing)));

    assertThat(e.getStatus().getDescription()).contains(missing);
    assertThat(routesOf(customer)).isEmpty();
  }

  @Test
  void sameOwnerPrefixAndProviderTwiceIsAlreadyExists() {
    Route first = createRoute(admin, route(customer, "49", carrier.getId()));

    var e = refused(Status.Code.ALREADY_EXISTS, () -> createRoute(admin, route(customer, "49", carrier.getId()).setPriority(1)));

    assertThat(e.getStatus().getDescription()).contains(first.getId());
    assertThat(routesOf(customer)).containsExactly(first);
  }

  @Test
  void samePrefixIsFineForAnotherProviderAnotherOwnerOrTheDefaults() {
    createRoute(admin, route(customer, "44", carrier.getId()));

    createRoute(admin, route(customer, "44", backup.getId()));
    createRoute(admin, route(uniqueId("cust"), "44", carrier.getId()));
    createRoute(admin, route("", "44", carrier.getId()));

    assertThat(routesOf(customer)).hasSize(2);
  }

  @Test
  void customerIdsAreCaseSensitive() {
    String upper = uniqueId("Acme");
    String lower = upper.toLowerCase(java.util.Locale.ROOT);
    Route upperRoute = createRoute(admin, route(upper, "49", carrier.getId()));

    Route lowerRoute = createRoute(admin, route(lower, "49", carrier.getId()));

    assertThat(routesOf(upper)).containsExactly(upperRoute);
    assertThat(routesOf(lower)).containsExactly(lowerRoute);
  }

  @Test
  void listFiltersByOwner() {
    Route own = createRoute(admin, route(customer, "1", carrier.getId()));
    Route other = createRoute(admin, route(uniqueId("cust"), "1", carrier.getId()));
    Route byDefault = createRoute(admin, route("", "1", backup.getId()));

    assertThat(routesOf(customer)).containsExactly(own);
    List<Route> defaults =
        admin.listRoutes(ListRoutesRequest.newBuilder().setDefaultOnly(true).setPageSize(1000).build()).getRoutesList();
    assertThat(defaults).contains(byDefault).doesNotContain(own, other).allMatch(r -> r.getCustomerId().isEmpty());
    List<Route> all = admin.listRoutes(ListRoutesRequest.newBuilder().setPageSize(1000).build()).getRoutesList();
    assertThat(all).contains(own, other, byDefault);
    invalid(
        "default_only",
        () -> admin.listRoutes(ListRoutesRequest.newBuilder().setDefaultOnly(true).setCustomerId(customer).build()));
  }

  @Test
  void updateChangesOnlyTheMaskedFields() {
    Route stored = createRoute(admin, route(customer, "49", carrier.getId()).setSchedule(officeHours()));

    Route updated = update(stored.toBuilder().setPriority(3).setPrefix("1").setName("renamed").build(), "priority");

    assertThat(updated.getPriority()).isEqualTo(3);
    assertThat(updated.getPrefix()).isEqualTo("49");
    assertThat(updated.getName()).isEqualTo(stored.getName());
    assertThat(updated.getSchedule()).isEqualTo(officeHours());
    assertThat(updated.getEtag()).isNotEqualTo(stored.getEtag());
    assertThat(get(stored.getId())).isEqualTo(updated);
  }

  @Test
  void scheduleInTheMaskWithoutAScheduleClearsIt() {
    Route stored = createRoute(admin, route(customer, "49", carrier.getId()).setSchedule(officeHours()));

    Route updated = update(stored.toBuilder().clearSchedule().build(), "schedule");

    assertThat(updated.hasSchedule()).isFalse();
    assertThat(get(stored.getId()).hasSchedule()).isFalse();
  }

  @Test
  void updateCanMoveTheRouteToAnotherProvider() {
    Route stored = createRoute(admin, route(customer, "49", carrier.getId()));

    Route moved = update(stored.toBuilder().setProviderId(backup.getId()).build(), "provider_id");

    assertThat(moved.getProviderId()).isEqualTo(backup.getId());
    refused(Status.Code.NOT_FOUND, () -> update(moved.toBuilder().setProviderId(uniqueId("missing")).build(), "provider_id"));
    assertThat(get(stored.getId())).isEqualTo(moved);
  }

  @Test
  void updateIntoADuplicateIsAlreadyExistsAndChangesNothing() {
    createRoute(admin, route(customer, "49", carrier.getId()));
    Route other = createRoute(admin, route(customer, "49", backup.getId()));

    refused(Status.Code.ALREADY_EXISTS, () -> update(other.toBuilder().setProviderId(carrier.getId()).build(), "provider_id"));

    assertThat(get(other.getId())).isEqualTo(other);
  }

  @Test
  void ownerCannotBeChanged() {
    Route stored = createRoute(admin, route(customer, "49", carrier.getId()));

    invalid("route.customer_id", () -> update(stored.toBuilder().setCustomerId(uniqueId("cust")).build()));
    invalid("update_mask", () -> update(stored.toBuilder().setCustomerId(uniqueId("cust")).build(), "customer_id"));

    assertThat(get(stored.getId())).isEqualTo(stored);
  }

  @Test
  void staleEtagIsAbortedAndTheRouteUnchanged() {
    Route stored = createRoute(admin, route(customer, "49", carrier.getId()));
    Route first = update(stored.toBuilder().setPriority(1).setEtag(stored.getEtag()).build(), "priority");

    refused(Status.Code.ABORTED, () -> update(stored.toBuilder().setPriority(2).build(), "priority"));
    refused(
        Status.Code.ABORTED,
        () -> admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(stored.getId()).setEtag(stored.getEtag()).build()));

    assertThat(get(stored.getId())).isEqualTo(first);
  }

  @Test
  void deleteRemovesTheRoute() {
    Route stored = createRoute(admin, route(customer, "49", carrier.getId()));

    admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(stored.getId()).setEtag(stored.getEtag()).build());

    refused(Status.Code.NOT_FOUND, () -> get(stored.getId()));
    refused(Status.Code.NOT_FOUND, () -> admin.deleteRoute(DeleteRouteRequest.newBuilder().setId(stored.getId()).build()));
    refused(Status.Code.NOT_FOUND, () -> update(stored, "priority"));
    assertThat(routesOf(customer)).isEmpty();
  }

  @Test
  void outputOnlyIdOfTheRequestIsIgnoredOnCreate() {
    Route created =
        admin.createRoute(CreateRouteRequest.newBuilder().setRoute(route(customer, "49", carrier.getId()).setId("chosen")).build());

    assertThat(created.getId()).isNotEqualTo("chosen");
  }
}
