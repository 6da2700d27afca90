package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.GetRouteRequest;
import org.siproute.proto.v1.GetRoutingPolicyRequest;
import org.siproute.proto.v1.ImportRatesRequest;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListRatesRequest;
import org.siproute.proto.v1.ListRoutesRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Rate;
import org.siproute.proto.v1.Route;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.proto.v1.UpdateRouteRequest;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RateImports;
import org.siproute.server.testing.Refusals;
import org.siproute.server.testing.ServerPerClass;

/**
 * Many writers on the same resources at once. Read-modify-write with etags loses no update:
 * each writer adds one to a counter field (a weight, a price cap) with the etag it read and
 * retries on ABORTED, and the counter ends at exactly the number of successful updates.
 * Concurrent creates of the same thing make exactly one; the others get ALREADY_EXISTS (or
 * ABORTED, retryable), never INTERNAL and never a duplicate.
 */
@OnEachDatabase
class ConcurrentWritersTest extends ServerPerClass {
  private static final int WRITERS = 8;
  private static final int UPDATES_PER_WRITER = 15;

  @Test
  void etagUpdatesOfOneProviderLoseNoUpdate() throws Exception {
    String id = Fixtures.uniqueId("p");
    admin.createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider(id).setWeight(0)).build());

    Outcomes outcomes =
        runWriters(() -> {
          Provider current = admin.getProvider(get(id));
          admin.updateProvider(updateProvider(current.toBuilder().setWeight(current.getWeight() + 1).build()));
        });

    Provider last = admin.getProvider(get(id));
    assertThat(outcomes.unexpected).isEmpty();
    assertThat(outcomes.succeeded.get()).isEqualTo(WRITERS * UPDATES_PER_WRITER);
    assertThat(last.getWeight()).as("updates that survived").isEqualTo(WRITERS * UPDATES_PER_WRITER);
    assertThat(auditedUpdates("provider", id)).as("audit events of successful updates").isEqualTo(1 + WRITERS * UPDATES_PER_WRITER);
  }

  @Test
  void etagUpdatesOfOneRouteLoseNoUpdate() throws Exception {
    String provider = Fixtures.createProvider(admin).getId();
    Route route = Fixtures.createRoute(admin, Fixtures.route(Fixtures.uniqueId("c"), "44", provider).setWeight(0));

    Outcomes outcomes =
        runWriters(() -> {
          Route current = admin.getRoute(GetRouteRequest.newBuilder().setId(route.getId()).build());
          admin.updateRoute(
              UpdateRouteRequest.newBuilder()
                  .setRoute(current.toBuilder().setWeight(current.getWeight() + 1))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("weight"))
                  .build());
        });

    assertThat(outcomes.unexpected).isEmpty();
    assertThat(admin.getRoute(GetRouteRequest.newBuilder().setId(route.getId()).build()).getWeight())
        .isEqualTo(outcomes.succeeded.get())
        .isEqualTo(WRITERS * UPDATES_PER_WRITER);
  }

  @Test
  void etagUpdatesOfOnePolicyLoseNoUpdate() throws Exception {
    String customer = Fixtures.uniqueId("c");
    admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setMaxPriceMicros(1000))
            .build());

    Outcomes outcomes =
        runWriters(() -> {
          RoutingPolicy current = admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customer).build());
          admin.updateRoutingPolicy(
              UpdateRoutingPolicyRequest.newBuilder()
                  .setPolicy(current.toBuilder().setMaxPriceMicros(current.getMaxPriceMicros() + 1))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("max_price_micros"))
                  .build());
        });

    assertThat(outcomes.unexpected).isEmpty();
    assertThat(admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customer).build()).getMaxPriceMicros())
        .isEqualTo(1000 + outcomes.succeeded.get())
        .isEqualTo(1000 + WRITERS * UPDATES_PER_WRITER);
  }

  @Test
  void concurrentCreatesOfTheSameRouteMakeExactlyOne() throws Exception {
    String provider = Fixtures.createProvider(admin).getId();
    for (int round = 0; round < 10; round++) {
      String customer = Fixtures.uniqueId("c");
      Map<Status.Code, Integer> codes =
          race(i -> () -> Fixtures.createRoute(admin, Fixtures.route(customer, "49", provider).setName("writer " + i)));

      assertThat(codes).as("round %d", round).containsEntry(Status.Code.OK, 1);
      assertThat(codes.keySet()).as("round %d", round).containsOnly(Status.Code.OK, Status.Code.ALREADY_EXISTS);
      assertThat(admin.listRoutes(ListRoutesRequest.newBuilder().setCustomerId(customer).build()).getRoutesCount()).isEqualTo(1);
    }
  }

  @Test
  void concurrentCreatesOfTheSameProviderMakeExactlyOne() throws Exception {
    for (int round = 0; round < 10; round++) {
      String id = Fixtures.uniqueId("p");
      Map<Status.Code, Integer> codes =
          race(i -> () -> admin.createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider(id).setName("writer " + i)).build()));

      assertThat(codes).as("round %d", round).containsEntry(Status.Code.OK, 1);
      assertThat(codes.keySet()).as("round %d", round).containsOnly(Status.Code.OK, Status.Code.ALREADY_EXISTS);
    }
  }

  @Test
  void concurrentFirstPoliciesOfACustomerMakeOneAndRefuseNoneAsABug() throws Exception {
    for (int round = 0; round < 10; round++) {
      String customer = Fixtures.uniqueId("c");
      Map<Status.Code, Integer> codes =
          race(i -> () -> admin.updateRoutingPolicy(
              UpdateRoutingPolicyRequest.newBuilder()
                  .setPolicy(RoutingPolicy.newBuilder().setCustomerId(customer).setMaxAttempts(1 + i % 5))
                  .build()));

      // Without an etag each writer means "make it so": it succeeds, or is told to retry.
      assertThat(codes).as("round %d", round).containsKey(Status.Code.OK);
      assertThat(codes.keySet()).as("round %d", round).isSubsetOf(Status.Code.OK, Status.Code.ABORTED);
      RoutingPolicy stored = admin.getRoutingPolicy(GetRoutingPolicyRequest.newBuilder().setCustomerId(customer).build());
      assertThat(stored.getInherited()).isFalse();
    }
  }

  @Test
  void concurrentImportsOfTheSameRatesKeepOneRatePerPrefix() throws Exception {
    String provider = Fixtures.createProvider(admin).getId();
    for (int round = 0; round < 5; round++) {
      String prefix = "3" + round;
      Map<Status.Code, Integer> codes =
          race(i -> () -> RateImports.run(
              server.channel(),
              ImportRatesRequest.newBuilder()
                  .setProviderId(provider)
                  .addRates(Rate.newBuilder().setPrefix(prefix).setPriceMicros(1000 + i).setCurrency("EUR"))
                  .addRates(Rate.newBuilder().setPrefix(prefix + "1").setPriceMicros(2000 + i).setCurrency("EUR"))
                  .build()));

      // A line replaces a stored one with the same key: every import may succeed; one that
      // collides with another in flight may be told to retry.
      assertThat(codes).as("round %d", round).containsKey(Status.Code.OK);
      assertThat(codes.keySet()).as("round %d", round).isSubsetOf(Status.Code.OK, Status.Code.ABORTED);
      assertThat(
              admin.listRates(ListRatesRequest.newBuilder().setProviderId(provider).setPrefix(prefix).build()).getRatesCount())
          .isEqualTo(2);
    }
  }

  // ---- helpers ----

  /** How the writers fared: updates that went through, and anything but OK or ABORTED. */
  private static final class Outcomes {
    final AtomicInteger succeeded = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
  }

  @FunctionalInterface
  private interface Write {
    void run() throws Exception;
  }

  /**
   * Runs {@link #WRITERS} threads, each doing {@link #UPDATES_PER_WRITER} successful {@code
   * update}s, retrying each one that is ABORTED (the etag it read went stale).
   */
  private Outcomes runWriters(Write update) throws InterruptedException {
    Outcomes outcomes = new Outcomes();
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Thread t =
          new Thread(() -> {
            try {
              start.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              outcomes.unexpected.add("start: " + e);
              return;
            }
            for (int done = 0; done < UPDATES_PER_WRITER; ) {
              try {
                update.run();
                outcomes.succeeded.incrementAndGet();
                done++;
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.ABORTED) {
                  outcomes.retried.incrementAndGet();
                  continue;
                }
                outcomes.unexpected.add(e.getStatus().toString());
                return;
              } catch (Exception e) {
                outcomes.unexpected.add(e.toString());
                return;
              }
            }
          });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
    return outcomes;
  }

  /** Starts {@link #WRITERS} writes at the same moment; counts how they ended. */
  private Map<Status.Code, Integer> race(IntFunction<Write> writes) throws InterruptedException {
    Map<Status.Code, Integer> codes = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Throwable> leaks = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Write write = writes.apply(w);
      Thread t =
          new Thread(() -> {
            Status.Code code;
            try {
              start.await(30, TimeUnit.SECONDS);
              write.run();
              code = Status.Code.OK;
            } catch (StatusRuntimeException e) {
              code = e.getStatus().getCode();
              try {
                Refusals.assertNoInternals(e);
              } catch (AssertionError leak) {
                leaks.add(leak);
              }
            } catch (Exception e) {
              code = Status.Code.UNKNOWN;
              leaks.add(e);
            }
            codes.merge(code, 1, Integer::sum);
          });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
    assertThat(leaks).isEmpty();
    return codes;
  }

  private long auditedUpdates(String type, String id) {
    return admin.listAuditEvents(
            ListAuditEventsRequest.newBuilder().setResourceType(type).setResourceId(id).setPageSize(1000).build())
        .getAuditEventsCount();
  }

  private static GetProviderRequest get(String id) {
    return GetProviderRequest.newBuilder().setId(id).build();
  }

  private static UpdateProviderRequest updateProvider(Provider provider) {
    return UpdateProviderRequest.newBuilder()
        .setProvider(provider)
        .setUpdateMask(FieldMask.newBuilder().addPaths("weight"))
        .build();
  }
}
