package org.siproute.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.client.DialSession;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.CreateRouteRequest;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.Route;
import org.siproute.server.select.DialSessions;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/** The Java client against a real server on a loopback port. */
class JavaClientTest {
  private TestServer server;
  private SiprouteClient client;

  @BeforeEach
  void start() {
    server = TestServer.builder().loopback().start();
    client = SiprouteClient.forTarget(server.target()).apiKey(TestKeys.ADMIN_KEY).defaultDeadline(Duration.ofSeconds(5)).build();
    for (String p : List.of("p0", "p1", "p2")) {
      client.admin().createProvider(CreateProviderRequest.newBuilder()
          .setProvider(Provider.newBuilder().setId(p).setName(p).setHostname(p + ".example")).build());
      client.admin().createRoute(CreateRouteRequest.newBuilder()
          .setRoute(Route.newBuilder().setProviderId(p).setPrefix("49").setPriority(Integer.parseInt(p.substring(1)))).build());
    }
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void selectReturnsThePlan() {
    assertThat(client.select("acme", "+49 30 123456").getAttemptsList())
        .extracting(Attempt::getProviderId)
        .containsExactly("p0", "p1", "p2");
  }

  @Test
  void aDialSessionFailsOverUntilConnectedAndHangsUp() throws Exception {
    try (DialSession call = client.dial("acme", "+4930123456", "call-7")) {
      Optional<Attempt> attempt = call.first();
      assertThat(attempt).map(Attempt::getProviderId).contains("p0");
      assertThat(call.plan().getDestination()).isEqualTo("4930123456");
      attempt = call.report(503);
      assertThat(attempt).map(Attempt::getProviderId).contains("p1");
      attempt = call.reportTimeout();
      assertThat(attempt).map(Attempt::getProviderId).contains("p2");
      assertThat(call.report(200, 1500)).isEmpty();
      assertThat(call.isConnected()).isTrue();
      assertThat(call.end().getConnectedIndex()).isEqualTo(2);
      assertThat(openSessions()).as("the stream lives as long as the call").isEqualTo(1);
      call.hangUp(Duration.ofSeconds(30));
    }
    awaitNoSessions();
  }

  @Test
  void aBusyCalleeEndsTheCallAndClosingFreesTheStream() throws Exception {
    try (DialSession call = client.dial("acme", "4930123456", "call-8")) {
      assertThat(call.report(486)).isEmpty();
      assertThat(call.end().getOutcome()).isEqualTo(DialOutcome.FAILED);
      assertThatThrownBy(() -> call.report(503)).isInstanceOf(IllegalStateException.class);
    }
    awaitNoSessions();
  }

  @Test
  void closingAnUnfinishedSessionFreesItOnTheServer() throws Exception {
    DialSession call = client.dial("acme", "4930123456", "call-9");
    assertThat(openSessions()).isEqualTo(1);
    call.close();
    awaitNoSessions();
  }

  @Test
  void noRouteIsAnEmptyFirstAttempt() {
    try (DialSession call = client.dial("acme", "+1 212 555 0100", "call-10")) {
      assertThat(call.first()).isEmpty();
      assertThat(call.end().getOutcome()).isEqualTo(DialOutcome.NO_ROUTE);
    }
  }

  @Test
  void badInputSurfacesAsTheServersStatus() {
    assertThatThrownBy(() -> client.dial("acme", "not-a-number", "c"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void selectIsRetriedWhileTheServerIsUnavailable() throws Exception {
    // A client pointed at a port where nothing listens gets UNAVAILABLE after its retries.
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (SiprouteClient offline = SiprouteClient.forTarget("127.0.0.1:" + port).maxAttempts(3).build()) {
      assertThatThrownBy(() -> offline.select("acme", "4930123456"))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  private int openSessions() {
    return server.instance(DialSessions.class).openSessions();
  }

  private void awaitNoSessions() throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (openSessions() != 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(openSessions()).isZero();
  }
}
