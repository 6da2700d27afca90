package org.siproute.server.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.RoutingFixtures.call;
import static org.siproute.server.testing.RoutingFixtures.provider;
import static org.siproute.server.testing.RoutingFixtures.route;
import static org.siproute.server.testing.RoutingFixtures.routeTo;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.RoutingPolicy;
import org.siproute.proto.v1.UpdateRoutingPolicyRequest;
import org.siproute.server.testing.DialClient;
import org.siproute.server.testing.RoutingTestServer;
import org.siproute.server.testing.TestDatabase;

/** The Dial protocol over the real gRPC stack: failover classes, outcomes, protocol errors. */
abstract class DialStreamSuite {
  private RoutingTestServer server;
  private TestDatabase database;

  /** The database the suite runs on: H2, or a scratch MariaDB database. */
  abstract TestDatabase database();

  @BeforeEach
  void start() {
    database = database();
    server = RoutingTestServer.onDatabase(database.url(), Duration.ofSeconds(1), Duration.ofSeconds(1));
    for (String p : List.of("p0", "p1", "p2")) {
      provider(server.admin, p);
    }
    route(server.admin, routeTo("p0", "", "49", 0));
    route(server.admin, routeTo("p1", "", "49", 1));
    route(server.admin, routeTo("p2", "", "49", 2));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private DialClient dial() {
    return new DialClient(server.selectAsync);
  }

  private int openSessions() {
    return server.injector.getInstance(DialSessions.class).openSessions();
  }

  @Test
  void failsOverOn503And404ThenConnectsAndEndsWhenTheCallHangsUp() {
    DialClient dial = dial();
    DialResponse first = dial.start(call("acme", "+49 30 1234567").build(), "call-1");
    assertThat(first.getAttempt().getProviderId()).isEqualTo("p0");
    assertThat(first.getPlan().getDestination()).isEqualTo("49301234567");
    assertThat(first.getPlan().getAttemptsList()).as("attempts come one by one").isEmpty();

    assertThat(dial.report(0, 503).getAttempt().getProviderId()).isEqualTo("p1");
    DialResponse third = dial.report(1, 404);
    assertThat(third.getAttempt().getProviderId()).isEqualTo("p2");
    assertThat(third.getAttempt().getIndex()).isEqualTo(2);

    DialEnd end = dial.report(2, 200).getEnd();
    assertThat(end.getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    assertThat(end.getConnectedIndex()).isEqualTo(2);
    assertThat(end.getAttempts()).isEqualTo(3);
    assertThat(dial.closed).as("the stream lives as long as the call").isNotDone();

    dial.ended(65_000);
    assertThat(dial.awaitClose()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 500, 502, 503, 504, 580, 604, 606})
  void failoverCodesOfTheDefaultSetBringTheNextProvider(int code) {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    assertThat(dial.report(0, code).getAttempt().getProviderId()).isEqualTo("p1");
    dial.halfClose();
    assertThat(dial.awaitClose()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {486, 487, 600, 603, 480, 403, 302})
  void busyDeclinedCancelledAndOtherCodesEndTheCallWithoutRingingAnotherProvider(int code) {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    DialEnd end = dial.report(0, code).getEnd();
    assertThat(end.getOutcome()).isEqualTo(DialOutcome.FAILED);
    assertThat(end.getSipCode()).isEqualTo(code);
    assertThat(dial.awaitClose()).isNull();
  }

  @Test
  void timeoutsAndTransportErrorsFailOverAndRunningOutIsExhausted() {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    assertThat(dial.fail(0, AttemptFailure.TIMEOUT).getAttempt().getIndex()).isEqualTo(1);
    assertThat(dial.fail(1, AttemptFailure.TRANSPORT_ERROR).getAttempt().getIndex()).isEqualTo(2);
    DialEnd end = dial.report(2, 503).getEnd();
    assertThat(end.getOutcome()).isEqualTo(DialOutcome.EXHAUSTED);
    assertThat(end.getSipCode()).isEqualTo(503);
    assertThat(dial.awaitClose()).isNull();
  }

  @Test
  void aCustomersOwnFailoverCodesApply() {
    server.admin.updateRoutingPolicy(
        UpdateRoutingPolicyRequest.newBuilder()
            .setPolicy(RoutingPolicy.newBuilder().setCustomerId("acme").addAllFailoverCodes(List.of("486", "5xx")))
            .setUpdateMask(FieldMask.newBuilder().addPaths("failover_codes"))
            .build());
    DialClient acme = dial();
    acme.start(call("acme", "4930123456").build(), "c");
    assertThat(acme.report(0, 486).getAttempt().getProviderId()).isEqualTo("p1");
    assertThat(acme.report(1, 404).getEnd().getOutcome()).as("404 is not in acme's set").isEqualTo(DialOutcome.FAILED);

    DialClient other = dial();
    other.start(call("other", "4930123456").build(), "c");
    assertThat(other.report(0, 486).getEnd().getOutcome()).isEqualTo(DialOutcome.FAILED);
  }

  @Test
  void noRouteEndsTheStreamAtOnce() {
    DialClient dial = dial();
    DialResponse response = dial.start(call("acme", "+1 212 555 0100").build(), "c");
    assertThat(response.getEnd().getOutcome()).isEqualTo(DialOutcome.NO_ROUTE);
    assertThat(response.getPlan().getDestination()).isEqualTo("12125550100");
    assertThat(dial.awaitClose()).isNull();
  }

  @Test
  void aResultBeforeStartIsRefused() {
    DialClient dial = dial();
    dial.send(DialRequest.newBuilder().setResult(org.siproute.proto.v1.AttemptResult.newBuilder().setIndex(0).setSipCode(503)).build());
    assertThat(dial.awaitClose().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aSecondStartIsRefused() {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    dial.send(DialRequest.newBuilder().setStart(org.siproute.proto.v1.DialStart.newBuilder().setRequest(call("acme", "4930123456"))).build());
    assertThat(dial.awaitClose().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aResultForAnAttemptNotOfferedIsRefused() {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    dial.send(DialRequest.newBuilder().setResult(org.siproute.proto.v1.AttemptResult.newBuilder().setIndex(2).setSipCode(503)).build());
    Status status = dial.awaitClose();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("result.index");
  }

  @Test
  void aSecondResultForTheSameAttemptIsRefused() {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    dial.report(0, 503);
    dial.send(DialRequest.newBuilder().setResult(org.siproute.proto.v1.AttemptResult.newBuilder().setIndex(0).setSipCode(503)).build());
    assertThat(dial.awaitClose().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aProvisionalOrMissingCodeIsRefused() {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    dial.send(DialRequest.newBuilder().setResult(org.siproute.proto.v1.AttemptResult.newBuilder().setIndex(0).setSipCode(180)).build());
    Status status = dial.awaitClose();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("result.sip_code");
  }

  @Test
  void aBadStartNamesTheField() {
    DialClient dial = dial();
    dial.send(DialRequest.newBuilder().setStart(org.siproute.proto.v1.DialStart.newBuilder().setRequest(call("acme", "not a number"))).build());
    Status status = dial.awaitClose();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("start.request.destination");
  }

  @Test
  void theSameCallIdGetsTheSameOrderOnEveryStream() {
    route(server.admin, routeTo("p1", "acme", "4930", 0).setWeight(1));
    route(server.admin, routeTo("p2", "acme", "4930", 0).setWeight(1));
    for (int i = 0; i < 20; i++) {
      String callId = "same-" + i;
      String first = dial().start(call("acme", "4930123456").build(), callId).getAttempt().getProviderId();
      for (int repeat = 0; repeat < 3; repeat++) {
        assertThat(dial().start(call("acme", "4930123456").build(), callId).getAttempt().getProviderId()).isEqualTo(first);
      }
    }
  }

  @Test
  void cancelledStreamsFreeTheirSessionAtOnce() throws Exception {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    assertThat(openSessions()).isEqualTo(1);
    dial.cancel();
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (openSessions() != 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(openSessions()).isZero();
  }

  @Test
  void aConnectedCallOutlivesTheIdleTimeoutUntilItEnds() throws Exception {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    assertThat(dial.report(0, 200).getEnd().getOutcome()).isEqualTo(DialOutcome.CONNECTED);
    Thread.sleep(2_000); // twice the server's 1 s idle timeout in this suite
    assertThat(dial.closed).as("the stream lives as long as the call").isNotDone();
    dial.ended(2_000);
    assertThat(dial.awaitClose()).isNull();
  }

  @Test
  void idleStreamsAreClosedAfterTheIdleTimeout() {
    DialClient dial = dial();
    dial.start(call("acme", "4930123456").build(), "c");
    Status status = dial.awaitClose(); // the server's idle timeout is 1 s in this test
    assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(openSessions()).isZero();
  }
}
