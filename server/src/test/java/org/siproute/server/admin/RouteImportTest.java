package org.siproute.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siproute.server.testing.Fixtures.createProvider;
import static org.siproute.server.testing.Fixtures.createRoute;
import static org.siproute.server.testing.Fixtures.route;
import static org.siproute.server.testing.Fixtures.uniqueId;
import static org.siproute.server.testing.Refusals.refused;
import static org.siproute.server.testing.Refusals.violatedFields;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.ImportRoutesRequest;
import org.siproute.proto.v1.ImportRoutesResponse;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RouteAction;
import org.siproute.proto.v1.Schedule;
import org.siproute.proto.v1.TimeWindow;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.server.store.RouteRepository;
import org.siproute.server.store.Store;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RouteImports;
import org.siproute.server.testing.ServerPerClass;
import org.siproute.server.testing.TestServer;

/**
 * ImportRoutes and ExportRoutes (issue 11): round trips, merge and replace by key, refusals
 * that name the row across the stream and write nothing, one revision and one audit event per
 * import, request_id retries, validate_only, customer keys, and imports racing single writes.
 */
@OnEachDatabase
class RouteImportTest extends ServerPerClass {
  private String carrierA;
  private String carrierB;
  private String owner;

  @BeforeEach
  void providers() {
    carrierA = createProvider(admin).getId();
    carrierB = createProvider(admin).getId();
    owner = uniqueId("cust");
  }

  /** A table using every Route field: schedules, a block, a caller prefix, translation. */
  private List<Route> table() {
    return List.of(
        route("", "49", carrierA).setPriority(1).setWeight(3).build(),
        route("", "49", carrierB).setPriority(2).setSourcePrefix("44").setStripDigits(2).setPrepend("0#").build(),
        route("", "4930", carrierA)
            .setDisabled(true)
            .setDetail("office hours only")
            .setSchedule(
                Schedule.newBuilder()
                    .setTimeZone("Europe/Berlin")
                    .addWindows(TimeWindow.newBuilder().addDays(1).setStartTime("08:00").setEndTime("18:00")))
            .build(),
        Route.newBuilder().setPrefix("4990").setAction(RouteAction.BLOCK).setBlockSipCode(404).setName("premium").build(),
        Route.newBuilder().setPrefix("4990").setAction(RouteAction.BLOCK).setSourcePrefix("1").build());
  }

  private ImportRoutesResponse importRoutes(String customerId, boolean replace, List<Route> routes) {
    return importInChunks(customerId, replace, routes, 2, "");
  }

  private ImportRoutesResponse importInChunks(String customerId, boolean replace, List<Route> routes, int perMessage, String requestId) {
    List<ImportRoutesRequest> messages = new ArrayList<>();
    for (int from = 0; from < routes.size() || from == 0; from += perMessage) {
      ImportRoutesRequest.Builder m =
          ImportRoutesRequest.newBuilder().addAllRoutes(routes.subList(from, Math.min(routes.size(), from + perMessage)));
      if (from == 0) {
        m.setCustomerId(customerId).setReplace(replace).setRequestId(requestId);
      }
      messages.add(m.build());
    }
    return RouteImports.run(server.channel(), messages);
  }

  private List<Route> export(String customerId) {
    return RouteImports.export(server.channel(), customerId);
  }

  private long revision() {
    return server.instance(Store.class).revision();
  }

  @Test
  void importExportImportIsARoundTripThatChangesNothing() {
    ImportRoutesResponse first = importRoutes(owner, false, table());
    assertThat(first.getCreated()).isEqualTo(5);
    List<Route> exported = export(owner);
    assertThat(exported)
        .extracting(Route::getCustomerId, Route::getPrefix, Route::getProviderId, Route::getSourcePrefix, Route::getAction)
        .containsExactlyInAnyOrder(
            tuple(owner, "49", carrierA, "", RouteAction.ROUTE),
            tuple(owner, "49", carrierB, "44", RouteAction.ROUTE),
            tuple(owner, "4930", carrierA, "", RouteAction.ROUTE),
            tuple(owner, "4990", "", "", RouteAction.BLOCK),
            tuple(owner, "4990", "", "1", RouteAction.BLOCK));
    assertThat(exported).extracting(Route::getId).isSorted();
    Route scheduled = exported.stream().filter(r -> r.getPrefix().equals("4930")).findFirst().orElseThrow();
    assertThat(scheduled.getSchedule().getWindowsList()).hasSize(1);
    assertThat(scheduled.getDisabled()).isTrue();
    long revision = revision();

    ImportRoutesResponse again = importRoutes(owner, true, exported);

    assertThat(again.getUnchanged()).isEqualTo(5);
    assertThat(again.getCreated() + again.getUpdated() + again.getDeleted()).isZero();
    assertThat(export(owner)).as("same ids, same etags").isEqualTo(exported);
    assertThat(revision()).as("the routing revision moves once per import").isEqualTo(revision + 1);
  }

  @Test
  void mergeUpdatesRoutesByKeyAndKeepsTheirIds() {
    importRoutes(owner, false, table());
    List<Route> before = export(owner);

    ImportRoutesResponse answer =
        importRoutes(
            owner,
            false,
            List.of(
                route("", "49", carrierA).setPriority(7).build(), // updated: same key, new priority
                Route.newBuilder().setPrefix("4990").setAction(RouteAction.BLOCK).setBlockSipCode(404).setName("premium").build(),
                route("", "33", carrierB).build())); // created

    assertThat(answer.getCreated()).isEqualTo(1);
    assertThat(answer.getUpdated()).isEqualTo(1);
    assertThat(answer.getUnchanged()).isEqualTo(1);
    assertThat(answer.getDeleted()).as("no replace: nothing deleted").isZero();
    List<Route> after = export(owner);
    assertThat(after).hasSize(6);
    Route updated = after.stream().filter(r -> r.getPrefix().equals("49") && r.getProviderId().equals(carrierA)).findFirst().orElseThrow();
    Route old = before.stream().filter(r -> r.getPrefix().equals("49") && r.getProviderId().equals(carrierA)).findFirst().orElseThrow();
    assertThat(updated.getId()).isEqualTo(old.getId());
    assertThat(updated.getPriority()).isEqualTo(7);
    assertThat(updated.getEtag()).isNotEqualTo(old.getEtag());
  }

  @Test
  void replaceDeletesTheOwnersUnnamedRoutesAndNoOtherOwners() {
    String other = uniqueId("cust");
    importRoutes(owner, false, table());
    importRoutes(other, false, table());
    Route defaultRoute = createRoute(admin, route("", uniqueDigits(), carrierA));

    ImportRoutesResponse answer = importRoutes(owner, true, List.of(route("", "49", carrierA).setPriority(1).setWeight(3).build()));

    assertThat(answer.getUnchanged()).isEqualTo(1);
    assertThat(answer.getDeleted()).isEqualTo(4);
    assertThat(export(owner)).extracting(Route::getPrefix, Route::getProviderId).containsExactly(tuple("49", carrierA));
    assertThat(export(other)).hasSize(5);
    assertThat(export("")).extracting(Route::getId).contains(defaultRoute.getId());
  }

  @Test
  void aBadRowInALaterMessageIsNamedByItsStreamIndexAndNothingIsWritten() {
    importRoutes(owner, false, table());
    List<Route> before = export(owner);
    long revision = revision();
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      routes.add(route("", "3" + i, carrierA).build());
    }
    routes.set(5, routes.get(5).toBuilder().setPrefix("12x").build()); // message 3 (of 2 each), its second route

    StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT, () -> importInChunks(owner, true, routes, 2, ""));

    assertThat(violatedFields(e)).containsExactly("routes[5].prefix");
    assertThat(export(owner)).isEqualTo(before);
    assertThat(revision()).isEqualTo(revision);
  }

  @Test
  void refusalsNameTheRowsWhatOnlyTheWholeImportOrTheStoreCanTell() {
    List<Route> duplicate = List.of(route("", "1", carrierA).build(), route("", "2", carrierA).build(), route("", "1", carrierA).setPriority(3).build());
    assertThat(violatedFields(refused(Status.Code.INVALID_ARGUMENT, () -> importRoutes(owner, false, duplicate))))
        .containsExactly("routes[2]");

    List<Route> unknownProvider = List.of(route("", "1", carrierA).build(), route("", "2", "no-such-carrier").build());
    assertThat(violatedFields(refused(Status.Code.INVALID_ARGUMENT, () -> importRoutes(owner, false, unknownProvider))))
        .containsExactly("routes[1].provider_id");

    List<Route> blockWithProvider =
        List.of(route("", "1", carrierA).build(), route("", "9", carrierA).setAction(RouteAction.BLOCK).build());
    assertThat(violatedFields(refused(Status.Code.INVALID_ARGUMENT, () -> importRoutes(owner, false, blockWithProvider))))
        .containsExactly("routes[1].provider_id");

    List<Route> otherOwner = List.of(route("somebody-else", "1", carrierA).build());
    assertThat(violatedFields(refused(Status.Code.INVALID_ARGUMENT, () -> importRoutes(owner, false, otherOwner))))
        .containsExactly("routes[0].customer_id");

    List<Route> manyBad = IntStream.range(0, 500).mapToObj(i -> route("", "x" + i, carrierA).build()).toList();
    StatusRuntimeException tooMany = refused(Status.Code.INVALID_ARGUMENT, () -> importInChunks(owner, false, manyBad, 500, ""));
    assertThat(violatedFields(tooMany)).as("a bounded number: the refusal must fit gRPC's 8 KiB of metadata").hasSize(10);

    assertThat(export(owner)).isEmpty();
  }

  @Test
  void oneAuditEventRecordsTheImportsCounts() {
    importRoutes(owner, false, table());

    List<AuditEvent> events =
        admin.listAuditEvents(ListAuditEventsRequest.newBuilder().setResourceType("route_table").setResourceId(owner).build())
            .getAuditEventsList();

    assertThat(events).hasSize(1);
    assertThat(events.get(0).getCustomerId()).isEqualTo(owner);
    assertThat(events.get(0).getAfterJson()).contains("\"created\":5");
  }

  @Test
  void aRetryWithTheSameRequestIdGetsTheFirstAnswerAndWritesNothing() {
    String requestId = UUID.randomUUID().toString();
    ImportRoutesResponse first = importInChunks(owner, false, table(), 2, requestId);
    long revision = revision();
    List<Route> stored = export(owner);

    ImportRoutesResponse retry = importInChunks(owner, false, table(), 2, requestId);

    assertThat(retry).isEqualTo(first);
    assertThat(retry.getCreated()).as("the first answer, not the unchanged a second import would say").isEqualTo(5);
    assertThat(revision()).isEqualTo(revision);
    assertThat(export(owner)).isEqualTo(stored);
    refused(Status.Code.INVALID_ARGUMENT, "REQUEST_ID_REUSED", () -> importInChunks(owner, true, table(), 2, requestId));
  }

  @Test
  void validateOnlyAnswersTheCountsAndWritesNothing() {
    long revision = revision();

    ImportRoutesResponse answer =
        RouteImports.run(
            server.channel(),
            List.of(ImportRoutesRequest.newBuilder().setCustomerId(owner).setValidateOnly(true).addAllRoutes(table()).build()));

    assertThat(answer.getCreated()).isEqualTo(5);
    assertThat(export(owner)).isEmpty();
    assertThat(revision()).isEqualTo(revision);
  }

  @Test
  void aCustomerKeyImportsAndExportsItsOwnRoutesOnly() {
    String key = server.createKey(Role.CUSTOMER, owner);
    List<ImportRoutesRequest> own =
        List.of(ImportRoutesRequest.newBuilder().setCustomerId(owner).addRoutes(route("", "49", carrierA)).build());

    assertThat(RouteImports.run(server.channel(key), own).getCreated()).isEqualTo(1);
    assertThat(RouteImports.export(server.channel(key), owner)).hasSize(1);

    List<ImportRoutesRequest> defaults =
        List.of(ImportRoutesRequest.newBuilder().setCustomerId("").addRoutes(route("", "49", carrierA)).build());
    refused(Status.Code.PERMISSION_DENIED, () -> RouteImports.run(server.channel(key), defaults));
    List<ImportRoutesRequest> other =
        List.of(ImportRoutesRequest.newBuilder().setCustomerId("other").addRoutes(route("", "49", carrierA)).build());
    refused(Status.Code.PERMISSION_DENIED, () -> RouteImports.run(server.channel(key), other));
    refused(Status.Code.PERMISSION_DENIED, () -> RouteImports.export(server.channel(key), "other"));
    refused(Status.Code.PERMISSION_DENIED, () -> RouteImports.export(server.channel(key), ""));
  }

  @Test
  void importsAndSingleWritesRacingLoseNothingAndEachMovesTheRevisionOnce() throws Exception {
    importRoutes(owner, false, List.of(route("", "1", carrierA).build()));
    long revision = revision();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Callable<Integer>> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int writer = w;
      // Each import adds its own 100 prefixes (merge): none may lose the others' routes.
      writers.add(
          () -> {
            List<Route> routes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
              routes.add(route("", (2 + writer) + String.format("%03d", i), carrierB).build());
            }
            return retried(() -> importRoutes(owner, false, routes)) ? 1 : 0;
          });
    }
    writers.add(
        () -> {
          int done = 0;
          for (int i = 0; i < 20; i++) {
            String prefix = "9" + String.format("%02d", i);
            done += retried(() -> createRoute(admin, route(owner, prefix, carrierA))) ? 1 : 0;
          }
          return done;
        });
    int writes = 0;
    for (Future<Integer> f : pool.invokeAll(writers)) {
      writes += f.get();
    }
    pool.shutdown();

    assertThat(export(owner)).hasSize(1 + 300 + 20);
    assertThat(revision()).as("one revision per committed write").isEqualTo(revision + writes);
    assertThat(writes).isEqualTo(3 + 20);
  }

  @Test
  void aBulkWriteBuiltOnAVersionThatMovedMeanwhileWritesNothing() {
    importRoutes(owner, false, List.of(route("", "1", carrierA).build()));
    Store store = server.instance(Store.class);
    org.siproute.server.domain.Route read = store.read(db -> new RouteRepository(db).owned(owner)).get(0);
    admin.updateRoute(
        UpdateRouteRequest.newBuilder()
            .setRoute(Route.newBuilder().setId(read.id()).setPriority(42))
            .setUpdateMask(FieldMask.newBuilder().addPaths("priority"))
            .build());

    boolean written =
        store.transaction(
            tx ->
                new RouteRepository(tx)
                    .apply(
                        new RouteRepository.Changes(
                            List.of(), List.of(read.withIdentity(read.id(), read.version() + 1, read.createMs(), 0)), List.of())));

    assertThat(written).as("the import's update of a version read before the single write").isFalse();
    boolean deleted =
        store.transaction(tx -> new RouteRepository(tx).apply(new RouteRepository.Changes(List.of(), List.of(), List.of(read))));
    assertThat(deleted).as("nor may it delete it").isFalse();
    assertThat(export(owner)).singleElement().satisfies(r -> assertThat(r.getPriority()).isEqualTo(42));
  }

  @Test
  void anImportOverMaxImportRoutesIsRefused() {
    try (TestServer small =
        TestServer.builder()
            .sharedDatabase(server.database())
            .config(c -> c.withLimits(c.limits().withMaxImportRoutes(3)))
            .start()) {
      List<ImportRoutesRequest> four =
          List.of(
              ImportRoutesRequest.newBuilder().setCustomerId(owner).addRoutes(route("", "1", carrierA)).addRoutes(route("", "2", carrierA)).build(),
              ImportRoutesRequest.newBuilder().addRoutes(route("", "3", carrierA)).addRoutes(route("", "4", carrierA)).build());

      assertThat(violatedFields(refused(Status.Code.INVALID_ARGUMENT, () -> RouteImports.run(small.channel(), four))))
          .containsExactly("routes");
    }
    assertThat(export(owner)).isEmpty();
  }

  /** Runs a write, retrying it while a concurrent write makes it ABORTED (CONFLICT). */
  private static boolean retried(Runnable write) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        write.run();
        return true;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED) {
          throw e;
        }
      }
    }
    return false;
  }

  private static String uniqueDigits() {
    return Long.toString(Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 1_000_000_000L);
  }
}
