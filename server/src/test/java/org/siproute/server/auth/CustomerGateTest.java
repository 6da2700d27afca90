package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siproute.server.testing.Calls.statusOf;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siproute.server.testing.TestKeys;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.Role;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.testing.AuthTestServer;

/**
 * The gate that keeps a CUSTOMER key to its own calls, in front of a fake RouteSelect that
 * records what reaches it: a refused message must never get there.
 */
class CustomerGateTest {
  private AuthTestServer keys;
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
    keys = AuthTestServer.start();
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

  /** A Dial stream with its responses and end in queues. */
  private final class DialStream {
    final LinkedBlockingQueue<DialResponse> responses = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();
    final StreamObserver<DialRequest> requests;

    DialStream(String key) {
      requests =
          RouteSelectGrpc.newStub(channel)
              .withCallCredentials(TestKeys.credentials(key))
              .dial(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(DialResponse value) {
                      responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                      end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                      end.complete(Status.OK);
                    }
                  });
    }

    DialResponse next() throws InterruptedException {
      DialResponse response = responses.poll(10, TimeUnit.SECONDS);
      assertThat(response).as("a response").isNotNull();
      return response;
    }

    Status end() throws Exception {
      return end.get(10, TimeUnit.SECONDS);
    }
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
    DialStream stream = new DialStream(acmeKey);
    stream.requests.onNext(start("globex"));
    assertThat(stream.end().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(fake.dialStreams).hasValue(0);
    assertThat(fake.dialMessages).isEmpty();
  }

  @Test
  void dialSwitchingCustomerMidStreamIsCutOffAndTheHandlerCancelled() throws Exception {
    DialStream stream = new DialStream(acmeKey);
    stream.requests.onNext(start("acme"));
    assertThat(stream.next().getAttempt().getIndex()).isEqualTo(1);
    DialRequest result = DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(0).setSipCode(503)).build();
    stream.requests.onNext(result);
    assertThat(stream.next().getAttempt().getIndex()).isEqualTo(2);

    stream.requests.onNext(start("globex"));
    assertThat(stream.end().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(fake.dialMessages).containsExactly(start("acme"), result);
    Throwable failure = fake.dialFailure.get(10, TimeUnit.SECONDS);
    assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void routerKeyIsNotBoundToACustomer() throws Exception {
    assertThat(select(routerKey).select(call("globex")).getDestination()).isEqualTo("+4930123456");
    DialStream stream = new DialStream(routerKey);
    stream.requests.onNext(start("acme"));
    stream.next();
    stream.requests.onNext(start("globex"));
    stream.next();
    stream.requests.onCompleted();
    assertThat(stream.end().getCode()).isEqualTo(Status.Code.OK);
    assertThat(fake.dialMessages).containsExactly(start("acme"), start("globex"));
  }

  @Test
  void customerDialHalfClosedBeforeAnyMessageStillReachesTheHandler() throws Exception {
    DialStream stream = new DialStream(acmeKey);
    stream.requests.onCompleted();
    assertThat(stream.end().getCode()).isEqualTo(Status.Code.OK);
    assertThat(fake.dialStreams).hasValue(1);
  }
}
