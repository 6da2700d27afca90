package org.siproute.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Channel;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siproute.proto.v1.CreateProviderRequest;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.GetProviderRequest;
import org.siproute.proto.v1.Provider;
import org.siproute.proto.v1.RouteAdminGrpc;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.server.domain.Violations;
import org.siproute.server.select.DialSessions;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.Refusals;
import org.siproute.server.testing.TestServer;

/**
 * Malformed calls over a real (Netty) connection get an answer their caller can receive and
 * understand: bytes that are not a valid request message and unary calls with no or two
 * messages are INVALID_ARGUMENT (gRPC alone says UNKNOWN or INTERNAL), and a request with
 * thousands of bad fields gets an error small enough for the client's 8 KiB metadata limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {
  private TestServer server;
  private DialSessions sessions;
  private Channel channel;

  @BeforeAll
  void start() {
    server = TestServer.builder().loopback().start();
    sessions = server.instance(DialSessions.class);
    channel = server.channel();
    var admin = server.admin();
    admin.createProvider(CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("alpha")).build());
    Fixtures.createRoute(admin, Fixtures.route("", "49", "alpha"));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void bytesThatAreNotARequestMessageAreInvalidArgument() {
    byte[] truncated = CreateProviderRequest.newBuilder().setProvider(Fixtures.provider("truncated")).build().toByteArray();
    truncated = java.util.Arrays.copyOf(truncated, truncated.length - 5);
    byte[] invalidUtf8 = {0x0a, 0x04, (byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe};

    for (byte[] message : List.of(truncated, invalidUtf8, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})) {
      Status status = call(RouteAdminGrpc.getCreateProviderMethod(), List.of(message), false);
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("not a valid siproute.v1.CreateProviderRequest message");
      RawCalls.Outcome outcome = RawCalls.call(channel, RawCalls.raw(RouteAdminGrpc.getCreateProviderMethod()), List.of(message), false);
      assertThat(Refusals.errorInfo(outcome.status(), outcome.trailers()).getReason())
          .as("made by the guard, not the mapper, and still with its reason")
          .isEqualTo("INVALID_ARGUMENT");
    }
    Refusals.refused(
        Status.Code.NOT_FOUND,
        () -> RouteAdminGrpc.newBlockingStub(channel).getProvider(GetProviderRequest.newBuilder().setId("truncated").build()));
  }

  @Test
  void aUnaryCallWithNoOrTwoRequestMessagesIsInvalidArgument() {
    byte[] select = SelectRequest.newBuilder().setCustomerId("acme").setDestination("4930123456").build().toByteArray();

    Status none = call(RouteSelectGrpc.getSelectMethod(), List.of(), false);
    Status two = call(RouteSelectGrpc.getSelectMethod(), List.of(select, select), false);

    assertThat(none.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(none.getDescription()).contains("exactly one siproute.v1.SelectRequest message; none was sent");
    assertThat(two.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(two.getDescription()).contains("more were sent");
  }

  @Test
  void aMalformedMessageOnAnOpenDialStreamEndsItAndFreesTheSession() throws InterruptedException {
    byte[] start =
        DialRequest.newBuilder()
            .setStart(DialStart.newBuilder().setRequest(SelectRequest.newBuilder().setCustomerId("acme").setDestination("4930123456")))
            .build()
            .toByteArray();

    Status status = call(RouteSelectGrpc.getDialMethod(), List.of(start, new byte[] {0x12, 0x7f}), false);

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sessions.openSessions() > 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(sessions.openSessions()).as("Dial sessions still held").isZero();
  }

  @Test
  void aRequestWithThousandsOfBadFieldsGetsAnErrorItsCallerCanReceive() {
    Provider.Builder provider = Fixtures.provider("many-labels");
    for (int i = 0; i < 5000; i++) {
      provider.putLabels("Bad Label " + i, "value");
    }

    var refusal =
        Refusals.refused(
            Status.Code.INVALID_ARGUMENT,
            () -> RouteAdminGrpc.newBlockingStub(channel)
                .createProvider(CreateProviderRequest.newBuilder().setProvider(provider).build()));

    assertThat(Refusals.violatedFields(refusal)).hasSize(Violations.MAX_REPORTED);
    assertThat(refusal.getStatus().getDescription()).endsWith("more");
  }

  private Status call(io.grpc.MethodDescriptor<?, ?> method, List<byte[]> messages, boolean cancel) {
    return RawCalls.call(channel, RawCalls.raw(method), messages, cancel).status();
  }
}
