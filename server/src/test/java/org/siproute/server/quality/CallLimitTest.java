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
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.UpdateProviderRequest;
import org.siproute.server.config.QualityConfig;
import org.siproute.server.testing.DialStreams;
import org.siproute.server.testing.RoutingFixtures;
import org.siproute.server.testing.TestServer;

/** Concurrent-call limits through gRPC: which Dial events hold and free a provider's slots. */
class CallLimitTest {
  private TestServer server;

  private void start(Duration dialIdleTimeout, int p0Limit) {
    server =
        QualityTestSupport.serverWith(QualityConfig.DEFAULTS, QualityTestSupport.clock())
            .config(c -> c.withDialIdleTimeout(dialIdleTimeout))
            .start();
    QualityTestSupport.providersFor49(server, "p0", "p1");
    server.admin().updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("p0").setMaxConcurrentCalls(p0Limit))
            .setUpdateMask(FieldMask.newBuilder().addPaths("max_concurrent_calls"))
            .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DialSession dialTo(String expectedProvider) {
    DialSession dial = server.dial(call49(), "");
    assertThat(dial.first()).map(Attempt::getProviderId).contains(expectedProvider);
    return dial;
  }

  private DialStreams.Stream streamOf(DialSession dial) {
    return server.streamOf(dial);
  }

  private int active(String providerId) {
    return status(server, providerId).getActiveCalls();
  }

  @Test
  void aProviderAtItsLimitGetsNoNewCallsUntilACallEnds() {
    start(Duration.ofSeconds(120), 2);
    DialSession first = dialTo("p0");
    DialSession second = dialTo("p0");
    assertThat(active("p0")).isEqualTo(2);
    assertThat(status(server, "p0").getDegradedReason()).isEqualTo("at call limit 2");
    assertThat(order(server)).as("behind the others, never dropped").containsExactly("p1", "p0");
    assertThat(reasonsOf(server, "p0")).contains("after healthy providers: at call limit 2");
    DialSession third = dialTo("p1");

    assertThat(first.report(503)).map(Attempt::getProviderId).as("first fails over").contains("p1");
    assertThat(active("p0")).as("a failure frees the slot").isEqualTo(1);
    DialSession fourth = dialTo("p0");

    second.report(200);
    assertThat(second.end().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    assertThat(active("p0")).as("a connected call keeps its slot").isEqualTo(2);
    assertThat(order(server)).containsExactly("p1", "p0");
    second.hangUp(Duration.ofMillis(42_000));
    assertThat(streamOf(second).awaitClose()).isEqualTo(Status.OK);
    assertThat(active("p0")).as("the call ended").isEqualTo(1);
    assertThat(order(server)).containsExactly("p0", "p1");

    fourth.report(486);
    assertThat(fourth.end().getOutcome()).isEqualTo(DialOutcome.FAILED);
    assertThat(active("p0")).isZero();
    first.close();
    third.close();
    assertThat(streamOf(first).awaitClose()).isEqualTo(Status.OK);
    assertThat(streamOf(third).awaitClose()).isEqualTo(Status.OK);
    assertThat(active("p1")).as("callers that give up free their attempts' slots").isZero();
  }

  @Test
  void aConnectedCallHoldsItsSlotUntilTheCallerClosesTheStream() {
    start(Duration.ofSeconds(120), 1);
    DialSession call = dialTo("p0");
    call.report(200);
    assertThat(active("p0")).isEqualTo(1);
    call.close();
    assertThat(streamOf(call).awaitClose()).isEqualTo(Status.OK);
    assertThat(active("p0")).isZero();
    assertThat(status(server, "p0").getStatistics().getCallsEnded()).as("no length was reported").isZero();
  }

  @Test
  void timeoutsAndTransportErrorsFreeTheSlotAsTheyFailOver() {
    start(Duration.ofSeconds(120), 1);
    DialSession call = dialTo("p0");
    assertThat(call.reportTransportError()).map(Attempt::getProviderId).contains("p1");
    assertThat(active("p0")).isZero();
    assertThat(active("p1")).isEqualTo(1);
    call.reportTimeout();
    assertThat(call.end().getOutcome()).isEqualTo(DialOutcome.EXHAUSTED);
    assertThat(active("p1")).isZero();
  }

  @Test
  void aCancelledStreamFreesTheSlotOfItsOutstandingAttempt() {
    start(Duration.ofSeconds(120), 1);
    DialSession call = dialTo("p0");
    streamOf(call).cancel();
    eventually("the slot is freed", () -> active("p0") == 0);
    assertThat(status(server, "p0").getStatistics().getAbandoned()).isEqualTo(1);
    assertThat(status(server, "p0").getStatistics().getAttempts()).as("no outcome was reported").isZero();
  }

  @Test
  void aCancelledConnectedCallFreesItsSlot() {
    start(Duration.ofSeconds(120), 1);
    DialSession call = dialTo("p0");
    call.report(200);
    streamOf(call).cancel();
    eventually("the slot is freed", () -> active("p0") == 0);
  }

  @Test
  void theIdleTimeoutFreesSlotsOfCallersThatVanishedButNotOfConnectedCalls() {
    start(Duration.ofSeconds(1), 2);
    DialSession attempting = dialTo("p0");
    DialSession connected = dialTo("p0");
    connected.report(200);
    assertThat(active("p0")).isEqualTo(2);
    // Neither caller says anything more: the idle timeout (1 s here) closes the stream still
    // waiting for a result; the connected call's stream lives as long as the call.
    assertThat(streamOf(attempting).awaitClose().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    eventually("the vanished attempt's slot is freed", () -> active("p0") == 1);
    assertThat(streamOf(connected).isClosed()).as("a connected call outlives the idle timeout").isFalse();
    streamOf(connected).cancel(); // the caller's connection goes away
    eventually("the connected call's slot is freed", () -> active("p0") == 0);
    assertThat(order(server)).containsExactly("p0", "p1");
  }

  @Test
  void everySlotIsAccountedForUnderConcurrentStreams() throws Exception {
    start(Duration.ofSeconds(120), 0); // no limit: every call goes to p0 first
    int calls = 40;
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<DialSession>> started = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        started.add(CompletableFuture.supplyAsync(() -> dialTo("p0"), callers));
      }
      List<DialSession> open = new ArrayList<>();
      for (CompletableFuture<DialSession> f : started) {
        open.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(active("p0")).isEqualTo(calls);

      // Ten ways for a call to end, all at once from several threads.
      List<CompletableFuture<Void>> ended = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        DialSession dial = open.get(i);
        int way = i % 5;
        ended.add(
            CompletableFuture.runAsync(
                () -> {
                  switch (way) {
                    case 0 -> dial.report(486);
                    case 1 -> {
                      dial.report(200);
                      dial.hangUp(Duration.ofMillis(1000));
                    }
                    case 2 -> {
                      dial.report(200);
                      dial.close();
                    }
                    case 3 -> streamOf(dial).cancel();
                    default -> {
                      dial.report(503); // fails over to p1, then gives up
                      dial.close();
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
    DialSession held = dialTo("p0");
    assertThat(order(server)).containsExactly("p1", "p0");
    server.admin().updateProvider(
        UpdateProviderRequest.newBuilder()
            .setProvider(Provider.newBuilder().setId("p0").setMaxConcurrentCalls(2))
            .setUpdateMask(FieldMask.newBuilder().addPaths("max_concurrent_calls"))
            .build());
    assertThat(order(server)).containsExactly("p0", "p1");
    assertThat(status(server, "p0").getMaxConcurrentCalls()).isEqualTo(2);
    streamOf(held).cancel();
    RoutingFixtures.provider(server.admin(), "p9"); // unrelated writes change nothing
    assertThat(status(server, "p9").getActiveCalls()).isZero();
  }
}
