package org.siproute.server.reliability;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.CallEnded;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;

/** One Dial stream driven step by step from a test, as a call service would. */
final class DialStream {
  private final BlockingQueue<DialResponse> responses = new LinkedBlockingQueue<>();
  /** Completes with OK on a clean end, or with the status the stream was closed with. */
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  private ClientCallStreamObserver<DialRequest> requests;

  private DialStream(Channel channel) {
    RouteSelectGrpc.newStub(channel)
        .withDeadlineAfter(60, TimeUnit.SECONDS)
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

  static DialStream open(Channel channel) {
    return new DialStream(channel);
  }

  /** Sends start and returns the first answer, or null when the stream closed instead. */
  DialResponse start(SelectRequest call) {
    requests.onNext(DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(call)).build());
    return next();
  }

  DialResponse report(int index, int sipCode) {
    requests.onNext(
        DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(index).setSipCode(sipCode)).build());
    return next();
  }

  void ended(long durationMs) {
    requests.onNext(DialRequest.newBuilder().setEnded(CallEnded.newBuilder().setDurationMs(durationMs)).build());
  }

  void cancel() {
    requests.cancel("the test is done with this stream", null);
  }

  /** The next answer, or null when the stream closed (or nothing came within 10 s). */
  DialResponse next() {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (System.nanoTime() < until) {
        DialResponse r = responses.poll(20, TimeUnit.MILLISECONDS);
        if (r != null) {
          return r;
        }
        if (closed.isDone()) {
          return responses.poll();
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** How the stream ended: OK for a clean end; fails when it is still open after 10 s. */
  Status awaitClose() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the Dial stream did not end", e);
    }
  }

  boolean isClosed() {
    return closed.isDone();
  }
}
