package org.siproute.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.provider;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.refused;

import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DeleteProviderRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Transport;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.ServerPerClass;

/**
 * The store under the admin API: one transaction per write, the routing revision bumped by
 * exactly the writes that commit, and nothing left behind by a write that fails half-way.
 */
@OnEachDatabase
class StoreTest extends ServerPerClass {
  private Store store;

  @BeforeEach
  void store() {
    store = server.injector().getInstance(Store.class);
  }

  @Test
  void dialectMatchesTheDatabase() {
    SQLDialect dialect = server.injector().getInstance(Database.class).dialect();

    if (server.database().url().startsWith("jdbc:h2:")) {
      assertThat(dialect).isEqualTo(SQLDialect.H2);
    } else {
      assertThat(dialect).isIn(SQLDialect.MARIADB, SQLDialect.MYSQL);
    }
  }

  @Test
  void everyCommittedWriteBumpsTheRevisionByOne() {
    long start = store.revision();

    var p = createProvider(admin);
    assertThat(store.revision()).isEqualTo(start + 1);
    admin.updateProvider(UpdateProviderRequest.newBuilder().setProvider(p.toBuilder().setName("x")).build());
    assertThat(store.revision()).isEqualTo(start + 2);
    RateImports.run(
        server.channel(),
        ImportRatesRequest.newBuilder()
            .setProviderId(p.getId())
            .addRates(Rate.newBuilder().setPrefix("1").setCurrency("USD"))
            .addRates(Rate.newBuilder().setPrefix("2").setCurrency("USD"))
            .build());
    assertThat(store.revision()).as("one import, one transaction").isEqualTo(start + 3);
    admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(p.getId()).build());
    assertThat(store.revision()).isEqualTo(start + 4);
  }

  @Test
  void refusedWritesLeaveTheRevisionAlone() {
    var p = createProvider(admin);
    createRoute(admin, route("", "49", p.getId()));
    long before = store.revision();

    refused(Status.Code.ALREADY_EXISTS, () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(provider(p.getId())).build()));
    refused(Status.Code.ALREADY_EXISTS, () -> createRoute(admin, route("", "49", p.getId())));
    refused(Status.Code.FAILED_PRECONDITION, () -> admin.deleteProvider(DeleteProviderRequest.newBuilder().setId(p.getId()).build()));
    refused(
        Status.Code.ABORTED,
        () -> admin.updateProvider(UpdateProviderRequest.newBuilder().setProvider(p.toBuilder().setEtag("999")).build()));
    refused(
        Status.Code.INVALID_ARGUMENT,
        () -> RateImports.run(
            server.channel(),
            ImportRatesRequest.newBuilder().setProviderId(p.getId()).addRates(Rate.newBuilder().setPrefix("x")).build()));

    assertThat(store.revision()).isEqualTo(before);
  }

  @Test
  void failureHalfWayThroughAWriteRollsEverythingBack() {
    String id = uniqueId("p");
    long before = store.revision();
    Provider provider =
        new Provider(id, "n", "carrier.example", Transport.UDP, "", "", Map.of("X-A", "1"), false, 0, 0, Map.of(), 1, 0, 0, NumberFormat.E164_DIGITS, List.of(), 0);

    Throwable failure =
        catchThrowable(
            () ->
                store.write(
                    tx -> {
                      new ProviderRepository(tx).insert(provider);
                      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "changed my mind");
                    }));

    assertThat(failure).isInstanceOf(ServiceException.class).hasMessage("changed my mind");
    java.util.Optional<Provider> found = store.read(db -> new ProviderRepository(db).find(id));
    assertThat(found).isEmpty();
    assertThat(store.revision()).isEqualTo(before);
  }

  @Test
  void databaseRefusesARouteToAMissingProviderEvenBehindTheApiBack() {
    // The foreign key, not only the service's check, guards integrity.
    String id = uniqueId("p");
    var route =
        new org.siproute.server.domain.Route(
            "00000000-0000-7000-8000-000000000001", "", "49", id, 0, 0, null, false, "", "", 1, 0, 0);

    Throwable failure = catchThrowable(() -> store.write(tx -> {
      new RouteRepository(tx).insert(route);
      return null;
    }));

    assertThat(failure).isInstanceOf(org.jooq.exception.IntegrityConstraintViolationException.class);
  }
}
