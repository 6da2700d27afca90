package org.siproute.server.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.RouteSelectGrpc;

/** Small helpers to observe how calls end. */
public final class Calls {
  private Calls() {}

  /** The status a blocking call ended with: OK when it returned. */
  public static Status statusOf(Runnable call) {
    try {
      call.run();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  /**
   * Opens a Dial stream, sends {@code first} and reports how far it got: OK as soon as the
   * server answers with a message (the stream is then cancelled), else the status it closed
   * with.
   */
  public static Status dial(Channel channel, DialRequest first) {
    ClientCall<DialRequest, DialResponse> call =
        channel.newCall(RouteSelectGrpc.getDialMethod(), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    CompletableFuture<Status> outcome = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(DialResponse message) {
            outcome.complete(Status.OK);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            outcome.complete(status);
          }
        },
        new Metadata());
    call.request(1);
    call.sendMessage(first);
    try {
      return outcome.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Dial did not answer", e);
    } finally {
      call.cancel("test done", null);
    }
  }
}
