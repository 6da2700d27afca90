package org.siproute.server.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls any rpc with its default (empty) request and reports the status it ends with: enough
 * to see whether a call got past authentication and authorization, for every rpc of a service
 * without knowing its types.
 */
public final class RpcProbe {
  private RpcProbe() {}

  public static List<MethodDescriptor<?, ?>> methods(ServiceDescriptor service) {
    return List.copyOf(service.getMethods());
  }

  /** Sends the method's default request message, half-closes, and waits for the status. */
  public static Status call(Channel channel, MethodDescriptor<?, ?> method) {
    return callTyped(channel, method);
  }

  @SuppressWarnings("unchecked")
  private static <ReqT, RespT> Status callTyped(Channel channel, MethodDescriptor<ReqT, RespT> method) {
    ReqT request = ((MethodDescriptor.PrototypeMarshaller<ReqT>) method.getRequestMarshaller()).getMessagePrototype();
    ClientCall<ReqT, RespT> call =
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(Integer.MAX_VALUE);
    call.sendMessage(request);
    call.halfClose();
    try {
      return closed.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      call.cancel("probe gave up", e);
      throw new AssertionError("no answer from " + method.getFullMethodName(), e);
    }
  }

  /** True when the call was let through to the service (whatever the service then said). */
  public static boolean admitted(Status status) {
    return status.getCode() != Status.Code.UNAUTHENTICATED && status.getCode() != Status.Code.PERMISSION_DENIED;
  }
}
