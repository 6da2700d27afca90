package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Calls.statusOf;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.api.AuthInterceptor;
import org.siproute.server.testing.RawDial;
import org.siproute.server.testing.TestKeys;
import org.siproute.server.testing.TestServer;

/**
 * The gate that keeps a CUSTOMER key to its own calls, in front of a fake RouteSelect that
 * records what reaches it: a refused message must never get there.
 */
class CustomerGateTest {
  private TestServer keys;
  private Server server;
  private ManagedChannel channel;
  private FakeSelect fake;
  private String acmeKey;
  private String routerKey;

  /** Answers every Select and every Dial message, and records them. */
  static final class FakeSelect extends RouteSelectGrpc.RouteSelectImplBase {
    final List<SelectRequest> selects = new CopyOnWriteArrayList<>();
    final List<DialRequest> dialMessages = new CopyOnWriteArrayList<>();
    final AtomicInteger dialStreams = new AtomicInteger();
    final CompletableFuture<Throwable> dialFailure = new CompletableFuture<>();

    @Override
    public void select(SelectRequest request, StreamObserver<SelectResponse> out) {
      selects.add(request);
      out.onNext(SelectResponse.newBuilder().setDestination(request.getDestination()).build());
      out.onCompleted();
    }

    @Override
    public StreamObserver<DialRequest> dial(StreamObserver<DialResponse> out) {
      dialStreams.incrementAndGet();
      return new StreamObserver<>() {
        @Override
        public void onNext(DialRequest message) {
          dialMessages.add(message);
          out.onNext(DialResponse.newBuilder().setAttempt(Attempt.newBuilder().setIndex(dialMessages.size())).build());
        }

        @Override
        public void onError(Throwable t) {
          dialFailure.complete(t);
        }

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }

  @BeforeEach
  void start() throws Exception {
    keys = TestServer.start();
    acmeKey = keys.createKey(Role.CUSTOMER, "acme");
    routerKey = keys.createKey(Role.ROUTER, "");
    fake = new FakeSelect();
    String name = "gate-" + UUID.randomUUID();
    server =
        InProcessServerBuilder.forName(name)
            .addService(fake)
            .intercept(keys.injector().getInstance(AuthInterceptor.class))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    keys.close();
  }

  private RouteSelectGrpc.RouteSelectBlockingStub select(String key) {
    return RouteSelectGrpc.newBlockingStub(channel).withCallCredentials(TestKeys.credentials(key));
  }

  private static SelectRequest call(String customer) {
    return SelectRequest.newBuilder().setCustomerId(customer).setDestination("+4930123456").build();
  }

  private static DialRequest start(String customer) {
    return DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(call(customer))).build();
  }

  /** A raw Dial stream with {@code key}: the gate is tested with messages DialSession never sends. */
  private RawDial dial(String key) {
    return RawDial.open(ClientInterceptors.intercept(channel, TestKeys.interceptor(key)));
  }

  @Test
  void selectForAnotherCustomerNeverReachesTheService() {
    Status status = statusOf(() -> select(acmeKey).select(call("globex")));
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(fake.selects).isEmpty();
  }

  @Test
  void selectForItsOwnCustomerIsServed() {
    assertThat(select(acmeKey).select(call("acme")).getDestination()).isEqualTo("+4930123456");
    assertThat(fake.selects).containsExactly(call("acme"));
  }

  @Test
  void dialStartingWithAnotherCustomerNeverStartsTheHandler() throws Exception {
    RawDial stream = dial(acmeKey);
    stream.send(start("globex"));
    assertThat(stream.awaitClose().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(fake.dialStreams).hasValue(0);
    assertThat(fake.dialMessages).isEmpty();
  }

  @Test
  void dialSwitchingCustomerMidStreamIsCutOffAndTheHandlerCancelled() throws Exception {
    RawDial stream = dial(acmeKey);
    stream.send(start("acme"));
    assertThat(stream.next().getAttempt().getIndex()).isEqualTo(1);
    DialRequest result = DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(0).setSipCode(503)).build();
    stream.send(result);
    assertThat(stream.next().getAttempt().getIndex()).isEqualTo(2);

    stream.send(start("globex"));
    assertThat(stream.awaitClose().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(fake.dialMessages).containsExactly(start("acme"), result);
    Throwable failure = fake.dialFailure.get(10, TimeUnit.SECONDS);
    assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void routerKeyIsNotBoundToACustomer() throws Exception {
    assertThat(select(routerKey).select(call("globex")).getDestination()).isEqualTo("+4930123456");
    RawDial stream = dial(routerKey);
    stream.send(start("acme"));
    stream.next();
    stream.send(start("globex"));
    stream.next();
    stream.halfClose();
    assertThat(stream.awaitClose().getCode()).isEqualTo(Status.Code.OK);
    assertThat(fake.dialMessages).containsExactly(start("acme"), start("globex"));
  }

  @Test
  void customerDialHalfClosedBeforeAnyMessageStillReachesTheHandler() throws Exception {
    RawDial stream = dial(acmeKey);
    stream.halfClose();
    assertThat(stream.awaitClose().getCode()).isEqualTo(Status.Code.OK);
    assertThat(fake.dialStreams).hasValue(1);
  }
}
