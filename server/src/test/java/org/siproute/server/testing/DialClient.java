package org.siproute.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.CallEnded;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;

/** Drives one Dial stream from a test, the way a call service would. */
public final class DialClient {
  private final BlockingQueue<DialResponse> responses = new LinkedBlockingQueue<>();
  /** Completes with null on a clean end, or with the status the server ended the stream with. */
  public final CompletableFuture<Status> closed = new CompletableFuture<>();
  private ClientCallStreamObserver<DialRequest> requests;

  public DialClient(RouteSelectGrpc.RouteSelectStub stub) {
    stub.dial(
        new ClientResponseObserver<DialRequest, DialResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<DialRequest> requestStream) {
            requests = requestStream;
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
            closed.complete(null);
          }
        });
  }

  public DialResponse start(SelectRequest request, String callId) {
    requests.onNext(DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(request).setCallId(callId)).build());
    return next();
  }

  public DialResponse report(int index, int sipCode) {
    send(DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(index).setSipCode(sipCode)).build());
    return next();
  }

  public DialResponse fail(int index, AttemptFailure failure) {
    send(DialRequest.newBuilder().setResult(AttemptResult.newBuilder().setIndex(index).setFailure(failure)).build());
    return next();
  }

  public void ended(long durationMs) {
    send(DialRequest.newBuilder().setEnded(CallEnded.newBuilder().setDurationMs(durationMs)).build());
  }

  public void send(DialRequest request) {
    requests.onNext(request);
  }

  public void halfClose() {
    requests.onCompleted();
  }

  public void cancel() {
    requests.cancel("test cancels", null);
  }

  public DialResponse next() {
    try {
      DialResponse r = responses.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a response from the server").isNotNull();
      return r;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The status the stream ended with; null for a clean completion. */
  public Status awaitClose() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the stream did not end", e);
    }
  }
}
