package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.quality.QualityTestSupport.call49;
import static org.siproute.server.quality.QualityTestSupport.eventually;
import static org.siproute.server.quality.QualityTestSupport.order;
import static org.siproute.server.quality.QualityTestSupport.reasonsOf;
import static org.siproute.server.quality.QualityTestSupport.status;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.DialClient;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.RoutingTestServer;

/** Concurrent-call limits through gRPC: which Dial events hold and free a provider's slots. */
class CallLimitTest {
  private RoutingTestServer server;

  private void start(Duration dialIdleTimeout, int p0Limit) {
    server =
        QualityTestSupport.server(
            RoutingTestServer.freshH2Url(), QualityConfig.DEFAULTS, dialIdleTimeout, QualityTestSupport.clock());
    QualityTestSupport.providersFor49(server, "p0", "p1");
    server.admin.updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("p0").setMaxConcurrentCalls(p0Limit))
            .setUpdateMask(FieldMask.newBuilder().addPaths("max_concurrent_calls"))
            .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DialClient dialTo(String expectedProvider) {
    DialClient dial = new DialClient(server.selectAsync);
    assertThat(dial.start(call49(), "").getAttempt().getProviderId()).isEqualTo(expectedProvider);
    return dial;
  }

  private int active(String providerId) {
    return status(server, providerId).getActiveCalls();
  }

  @Test
  void aProviderAtItsLimitGetsNoNewCallsUntilACallEnds() {
    start(Duration.ofSeconds(120), 2);
    DialClient first = dialTo("p0");
    DialClient second = dialTo("p0");
    assertThat(active("p0")).isEqualTo(2);
    assertThat(status(server, "p0").getDegradedReason()).isEqualTo("at call limit 2");
    assertThat(order(server)).as("behind the others, never dropped").containsExactly("p1", "p0");
    assertThat(reasonsOf(server, "p0")).contains("after healthy providers: at call limit 2");
    DialClient third = dialTo("p1");

    assertThat(first.report(0, 503).getAttempt().getProviderId()).as("first fails over").isEqualTo("p1");
    assertThat(active("p0")).as("a failure frees the slot").isEqualTo(1);
    DialClient fourth = dialTo("p0");

    assertThat(second.report(0, 200).getEnd().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    assertThat(active("p0")).as("a connected call keeps its slot").isEqualTo(2);
    assertThat(order(server)).containsExactly("p1", "p0");
    second.ended(42_000);
    assertThat(second.awaitClose()).isNull();
    assertThat(active("p0")).as("the call ended").isEqualTo(1);
    assertThat(order(server)).containsExactly("p0", "p1");

    assertThat(fourth.report(0, 486).getEnd().getOutcome()).isEqualTo(DialOutcome.FAILED);
    assertThat(active("p0")).isZero();
    first.halfClose();
    third.halfClose();
    assertThat(first.awaitClose()).isNull();
    assertThat(third.awaitClose()).isNull();
    assertThat(active("p1")).as("callers that give up free their attempts' slots").isZero();
  }

  @Test
  void aConnectedCallHoldsItsSlotUntilTheCallerClosesTheStream() {
    start(Duration.ofSeconds(120), 1);
    DialClient call = dialTo("p0");
    call.report(0, 200);
    assertThat(active("p0")).isEqualTo(1);
    call.halfClose();
    assertThat(call.awaitClose()).isNull();
    assertThat(active("p0")).isZero();
    assertThat(status(server, "p0").getStatistics().getCallsEnded()).as("no length was reported").isZero();
  }

  @Test
  void timeoutsAndTransportErrorsFreeTheSlotAsTheyFailOver() {
    start(Duration.ofSeconds(120), 1);
    DialClient call = dialTo("p0");
    assertThat(call.fail(0, AttemptFailure.TRANSPORT_ERROR).getAttempt().getProviderId()).isEqualTo("p1");
    assertThat(active("p0")).isZero();
    assertThat(active("p1")).isEqualTo(1);
    assertThat(call.fail(1, AttemptFailure.TIMEOUT).getEnd().getOutcome()).isEqualTo(DialOutcome.EXHAUSTED);
    assertThat(active("p1")).isZero();
  }

  @Test
  void aCancelledStreamFreesTheSlotOfItsOutstandingAttempt() {
    start(Duration.ofSeconds(120), 1);
    DialClient call = dialTo("p0");
    call.cancel();
    eventually("the slot is freed", () -> active("p0") == 0);
    assertThat(status(server, "p0").getStatistics().getAbandoned()).isEqualTo(1);
    assertThat(status(server, "p0").getStatistics().getAttempts()).as("no outcome was reported").isZero();
  }

  @Test
  void aCancelledConnectedCallFreesItsSlot() {
    start(Duration.ofSeconds(120), 1);
    DialClient call = dialTo("p0");
    call.report(0, 200);
    call.cancel();
    eventually("the slot is freed", () -> active("p0") == 0);
  }

  @Test
  void theIdleTimeoutFreesSlotsOfCallersThatVanishedButNotOfConnectedCalls() {
    start(Duration.ofSeconds(1), 2);
    DialClient attempting = dialTo("p0");
    DialClient connected = dialTo("p0");
    connected.report(0, 200);
    assertThat(active("p0")).isEqualTo(2);
    // Neither caller says anything more: the idle timeout (1 s here) closes the stream still
    // waiting for a result; the connected call's stream lives as long as the call.
    assertThat(attempting.awaitClose().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    eventually("the vanished attempt's slot is freed", () -> active("p0") == 1);
    assertThat(connected.closed).as("a connected call outlives the idle timeout").isNotDone();
    connected.cancel(); // the caller's connection goes away
    eventually("the connected call's slot is freed", () -> active("p0") == 0);
    assertThat(order(server)).containsExactly("p0", "p1");
  }

  @Test
  void everySlotIsAccountedForUnderConcurrentStreams() throws Exception {
    start(Duration.ofSeconds(120), 0); // no limit: every call goes to p0 first
    int calls = 40;
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<DialClient>> started = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        started.add(CompletableFuture.supplyAsync(() -> dialTo("p0"), callers));
      }
      List<DialClient> open = new ArrayList<>();
      for (CompletableFuture<DialClient> f : started) {
        open.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(active("p0")).isEqualTo(calls);

      // Ten ways for a call to end, all at once from several threads.
      List<CompletableFuture<Void>> ended = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        DialClient dial = open.get(i);
        int way = i % 5;
        ended.add(
            CompletableFuture.runAsync(
                () -> {
                  switch (way) {
                    case 0 -> dial.report(0, 486);
                    case 1 -> {
                      dial.report(0, 200);
                      dial.ended(1000);
                    }
                    case 2 -> {
                      dial.report(0, 200);
                      dial.halfClose();
                    }
                    case 3 -> dial.cancel();
                    default -> {
                      dial.report(0, 503); // fails over to p1, then gives up
                      dial.halfClose();
                    }
                  }
                },
                callers));
      }
      for (CompletableFuture<Void> f : ended) {
        f.get(30, TimeUnit.SECONDS);
      }
      eventually("every p0 slot is freed", () -> active("p0") == 0);
      eventually("every p1 slot is freed", () -> active("p1") == 0);
      var stats = status(server, "p0").getStatistics();
      assertThat(stats.getAttempts()).isEqualTo(calls - calls / 5);
      assertThat(stats.getAnswered()).isEqualTo(2 * calls / 5);
      assertThat(stats.getAbandoned()).isEqualTo(calls / 5);
      assertThat(stats.getCallsEnded()).isEqualTo(calls / 5);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void raisingTheLimitTakesEffectForTheNextCall() {
    start(Duration.ofSeconds(120), 1);
    DialClient held = dialTo("p0");
    assertThat(order(server)).containsExactly("p1", "p0");
    server.admin.updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("p0").setMaxConcurrentCalls(2))
            .setUpdateMask(FieldMask.newBuilder().addPaths("max_concurrent_calls"))
            .build());
    assertThat(order(server)).containsExactly("p0", "p1");
    assertThat(status(server, "p0").getMaxConcurrentCalls()).isEqualTo(2);
    held.cancel();
    RoutingFixtures.provider(server.admin, "p9"); // unrelated writes change nothing
    assertThat(status(server, "p9").getActiveCalls()).isZero();
  }
}
