package org.siproute.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.RouteSelectGrpc;

/**
 * A Dial stream driven message by message, for tests that send what a well-behaved caller never
 * would (a result before the start, a second start, another customer mid-call) or that look at
 * the stream below the caller's view. A test that calls as a call service does uses the
 * client-stub's DialSession ({@link TestServer#dial}).
 */
public final class RawDial {
  private final BlockingQueue<DialResponse> responses = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  private ClientCallStreamObserver<DialRequest> requests;

  private RawDial(Channel channel) {
    RouteSelectGrpc.newStub(channel)
        .dial(
            new ClientResponseObserver<DialRequest, DialResponse>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<DialRequest> stream) {
                requests = stream;
              }

              @Override
              public void onNext(DialResponse value) {
                responses.add(value);
              }

              @Override
              public void onError(Throwable t) {
                closed.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                closed.complete(Status.OK);
              }
            });
  }

  public static RawDial open(Channel channel) {
    return new RawDial(channel);
  }

  /**
   * Opens a stream on {@code channel}, sends {@code first} and says how far it got: OK as soon
   * as the server answers with a message (the stream is then cut), else the status it ended with.
   */
  public static Status firstAnswer(Channel channel, DialRequest first) {
    RawDial dial = open(channel);
    try {
      dial.send(first);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < until) {
        if (dial.responses.poll(20, TimeUnit.MILLISECONDS) != null) {
          return Status.OK;
        }
        if (dial.closed.isDone()) {
          return dial.closed.join();
        }
      }
      throw new AssertionError("Dial did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      dial.cancel();
    }
  }

  public void send(DialRequest request) {
    requests.onNext(request);
  }

  /** The server's next message; fails when none comes within 10 s. */
  public DialResponse next() {
    try {
      DialResponse response = responses.poll(10, TimeUnit.SECONDS);
      assertThat(response).as("a response from the server").isNotNull();
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public void halfClose() {
    requests.onCompleted();
  }

  public void cancel() {
    requests.cancel("the test is done with this stream", null);
  }

  /** How the stream ended: OK for a clean end; fails when it is still open after 10 s. */
  public Status awaitClose() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the Dial stream did not end", e);
    }
  }
}
