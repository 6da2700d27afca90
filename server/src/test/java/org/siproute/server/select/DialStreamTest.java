package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Calls.statusOf;
import static org.siproute.server.testing.RoutingFixtures.call;
import static org.siproute.server.testing.RoutingFixtures.provider;
import static org.siproute.server.testing.RoutingFixtures.route;
import static org.siproute.server.testing.RoutingFixtures.routeTo;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.RawDial;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/**
 * The Dial protocol over the real gRPC stack: failover classes, outcomes, protocol errors. Calls
 * are driven as a call service drives them, with the client-stub's DialSession; the protocol
 * errors, which DialSession never makes, with raw messages.
 */
@OnEachDatabase
class DialStreamTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server =
        TestServer.builder()
            .database(TestDatabase.underTest())
            .config(c -> c.withPollInterval(Duration.ofSeconds(1)).withDialIdleTimeout(Duration.ofSeconds(1)))
            .start();
    for (String p : List.of("p0", "p1", "p2")) {
      provider(server.admin(), p);
    }
    route(server.admin(), routeTo("p0", "", "49", 0));
    route(server.admin(), routeTo("p1", "", "49", 1));
    route(server.admin(), routeTo("p2", "", "49", 2));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private DialSession dial(String customer, String destination, String callId) {
    return server.dial(call(customer, destination).build(), callId);
  }

  private static String providerOf(Optional<Attempt> attempt) {
    return attempt.orElseThrow(() -> new AssertionError("no attempt offered")).getProviderId();
  }

  private int openSessions() {
    return server.instance(DialSessions.class).openSessions();
  }

  @Test
  void failsOverOn503And404ThenConnectsAndEndsWhenTheCallHangsUp() {
    DialSession dial = dial("acme", "+49 30 1234567", "call-1");
    assertThat(providerOf(dial.first())).isEqualTo("p0");
    assertThat(dial.plan().getDestination()).isEqualTo("49301234567");
    assertThat(dial.plan().getAttemptsList()).as("attempts come one by one").isEmpty();

    assertThat(providerOf(dial.report(503))).isEqualTo("p1");
    Attempt third = dial.report(404).orElseThrow();
    assertThat(third.getProviderId()).isEqualTo("p2");
    assertThat(third.getIndex()).isEqualTo(2);

    assertThat(dial.report(200)).isEmpty();
    DialEnd end = dial.end();
    assertThat(end.getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    assertThat(end.getConnectedIndex()).isEqualTo(2);
    assertThat(end.getAttempts()).isEqualTo(3);
    assertThat(server.streamOf(dial).isClosed()).as("the stream lives as long as the call").isFalse();

    dial.hangUp(Duration.ofMillis(65_000));
    assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 500, 502, 503, 504, 580, 604, 606})
  void failoverCodesOfTheDefaultSetBringTheNextProvider(int code) {
    DialSession dial = dial("acme", "4930123456", "c");
    assertThat(providerOf(dial.report(code))).isEqualTo("p1");
    dial.close();
    assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
  }

  @ParameterizedTest
  @ValueSource(ints = {486, 487, 600, 603, 480, 403, 302})
  void busyDeclinedCancelledAndOtherCodesEndTheCallWithoutRingingAnotherProvider(int code) {
    DialSession dial = dial("acme", "4930123456", "c");
    assertThat(dial.report(code)).isEmpty();
    DialEnd end = dial.end();
    assertThat(end.getOutcome()).isEqualTo(DialOutcome.FAILED);
    assertThat(end.getSipCode()).isEqualTo(code);
    assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
  }

  @Test
  void timeoutsAndTransportErrorsFailOverAndRunningOutIsExhausted() {
    DialSession dial = dial("acme", "4930123456", "c");
    assertThat(dial.reportTimeout().orElseThrow().getIndex()).isEqualTo(1);
    assertThat(dial.reportTransportError().orElseThrow().getIndex()).isEqualTo(2);
    assertThat(dial.report(503)).isEmpty();
    DialEnd end = dial.end();
    assertThat(end.getOutcome()).isEqualTo(DialOutcome.EXHAUSTED);
    assertThat(end.getSipCode()).isEqualTo(503);
    assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
  }

  @Test
  void aCustomersOwnFailoverCodesApply() {
    server.admin().updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId("acme").addAllFailoverCodes(List.of("486", "5xx")))
            .setUpdateMask(FieldMask.newBuilder().addPaths("failover_codes"))
            .build());
    DialSession acme = dial("acme", "4930123456", "c");
    assertThat(providerOf(acme.report(486))).isEqualTo("p1");
    acme.report(404);
    assertThat(acme.end().getOutcome()).as("404 is not in acme's set").isEqualTo(DialOutcome.FAILED);

    DialSession other = dial("other", "4930123456", "c");
    other.report(486);
    assertThat(other.end().getOutcome()).isEqualTo(DialOutcome.FAILED);
  }

  @Test
  void noRouteEndsTheStreamAtOnce() {
    DialSession dial = dial("acme", "+1 212 555 0100", "c");
    assertThat(dial.first()).isEmpty();
    assertThat(dial.end().getOutcome()).isEqualTo(DialOutcome.NO_ROUTE);
    assertThat(dial.plan().getDestination()).isEqualTo("12125550100");
    assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
  }

  @Test
  void aResultBeforeStartIsRefused() {
    RawDial dial = RawDial.open(server.channel());
    dial.send(DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(0).setSipCode(503)).build());
    assertThat(dial.awaitClose().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  /** A raw stream with the call to 4930123456 started and its first attempt offered. */
  private RawDial started() {
    RawDial dial = RawDial.open(server.channel());
    dial.send(DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(call("acme", "4930123456")).setCallId("c")).build());
    dial.next();
    return dial;
  }

  @Test
  void aSecondStartIsRefused() {
    RawDial dial = started();
    dial.send(DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(call("acme", "4930123456"))).build());
    assertThat(dial.awaitClose().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aResultForAnAttemptNotOfferedIsRefused() {
    RawDial dial = started();
    dial.send(DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(2).setSipCode(503)).build());
    Status status = dial.awaitClose();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("result.index");
  }

  @Test
  void aSecondResultForTheSameAttemptIsRefused() {
    RawDial dial = started();
    dial.send(DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(0).setSipCode(503)).build());
    dial.next();
    dial.send(DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(0).setSipCode(503)).build());
    assertThat(dial.awaitClose().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aProvisionalOrMissingCodeIsRefused() {
    RawDial dial = started();
    dial.send(DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(0).setSipCode(180)).build());
    Status status = dial.awaitClose();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("result.sip_code");
  }

  @Test
  void aBadStartNamesTheField() {
    Status status = statusOf(() -> dial("acme", "not a number", "c"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("start.request.destination");
  }

  @Test
  void theSameCallIdGetsTheSameOrderOnEveryStream() {
    route(server.admin(), routeTo("p1", "acme", "4930", 0).setWeight(1));
    route(server.admin(), routeTo("p2", "acme", "4930", 0).setWeight(1));
    for (int i = 0; i < 20; i++) {
      String callId = "same-" + i;
      String first;
      try (DialSession dial = dial("acme", "4930123456", callId)) {
        first = providerOf(dial.first());
      }
      for (int repeat = 0; repeat < 3; repeat++) {
        try (DialSession dial = dial("acme", "4930123456", callId)) {
          assertThat(providerOf(dial.first())).isEqualTo(first);
        }
      }
    }
  }

  @Test
  void cancelledStreamsFreeTheirSessionAtOnce() throws Exception {
    DialSession dial = dial("acme", "4930123456", "c");
    assertThat(openSessions()).isEqualTo(1);
    server.streamOf(dial).cancel();
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (openSessions() != 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(openSessions()).isZero();
  }

  @Test
  void aConnectedCallOutlivesTheIdleTimeoutUntilItEnds() throws Exception {
    DialSession dial = dial("acme", "4930123456", "c");
    dial.report(200);
    assertThat(dial.end().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    Thread.sleep(2_000); // twice the server's 1 s idle timeout in this suite
    assertThat(server.streamOf(dial).isClosed()).as("the stream lives as long as the call").isFalse();
    dial.hangUp(Duration.ofMillis(2_000));
    assertThat(server.streamOf(dial).awaitClose()).isEqualTo(Status.OK);
  }

  @Test
  void idleStreamsAreClosedAfterTheIdleTimeout() {
    DialSession dial = dial("acme", "4930123456", "c");
    Status status = server.streamOf(dial).awaitClose(); // the server's idle timeout is 1 s in this test
    assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(org.siproute.server.testing.Refusals.errorInfo(status, server.streamOf(dial).trailers()).getReason())
        .isEqualTo("DEADLINE_EXCEEDED");
    assertThat(openSessions()).isZero();
  }
}
