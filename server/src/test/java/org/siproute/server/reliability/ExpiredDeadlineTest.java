package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.api.RouteSelectService;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.TestServer;

/**
 * A Select whose deadline passed before it was served (it waited in a socket buffer or behind
 * other calls) is answered DEADLINE_EXCEEDED and not decided: under overload that work would
 * only delay the calls that can still be answered in time.
 */
class ExpiredDeadlineTest {
  private static final SelectRequest CALL =
      SelectRequest.newBuilder().setCustomerId("acme").setDestination("+49 30 1234567").build();

  @Test
  void aSelectPastItsDeadlineIsAnsweredDeadlineExceededWithoutADecision() throws Exception {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (TestServer server = TestServer.start()) {
      server.admin().createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
      Fixtures.createRoute(server.admin(), Fixtures.route("", "49", "alpha"));
      RouteSelectService service = server.instance(RouteSelectService.class);
      Metrics metrics = server.instance(Metrics.class);
      assertThat(answer(service, Context.current())).as("a call in time is decided").isNull();
      double decided = decisions(metrics);
      assertThat(decided).isEqualTo(1);

      // The service runs as gRPC runs it: in the call's context, whose deadline has passed.
      Context.CancellableContext late =
          Context.current().withDeadline(Deadline.after(1, TimeUnit.NANOSECONDS), timers);
      Thread.sleep(5);
      Status status = answer(service, late);

      assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(decisions(metrics)).as("no decision was made for it").isEqualTo(decided);
      late.close();
    } finally {
      timers.shutdownNow();
    }
  }

  /** The status the service answered within {@code context}; null for OK. */
  private static Status answer(RouteSelectService service, Context context) throws Exception {
    CompletableFuture<Status> done = new CompletableFuture<>();
    context.run(
        () ->
            service.select(
                CALL,
                new StreamObserver<SelectResponse>() {
                  @Override
                  public void onNext(SelectResponse value) {}

                  @Override
                  public void onError(Throwable t) {
                    done.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                }));
    return done.get(10, TimeUnit.SECONDS);
  }

  private static double decisions(Metrics metrics) {
    return metrics.registry().scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals("siproute_decisions"))
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }
}
