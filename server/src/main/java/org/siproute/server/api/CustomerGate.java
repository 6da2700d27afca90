package org.siproute.server.api;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.function.Function;
import org.siproute.server.auth.Principal;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Lets a CUSTOMER key route only its own calls. Every request message is checked before the
 * service sees it, and the service's handler is not even started until the first message
 * passed: a refused Select or Dial reaches no routing code at all. A message refused later
 * (a Dial stream that switches customer) closes the call with PERMISSION_DENIED and cancels the
 * service's side, whose further writes to the closed call are dropped.
 */
final class CustomerGate<ReqT, RespT> extends ServerCall.Listener<ReqT> {
  private final GuardedCall<ReqT, RespT> call;
  private final Metadata headers;
  private final ServerCallHandler<ReqT, RespT> next;
  private final Principal principal;
  private final Function<Object, Optional<String>> customerOf;
  private ServerCall.Listener<ReqT> delegate;
  private boolean refused;

  CustomerGate(
      ServerCall<ReqT, RespT> call,
      Metadata headers,
      ServerCallHandler<ReqT, RespT> next,
      Principal principal,
      Function<Object, Optional<String>> customerOf) {
    this.call = new GuardedCall<>(call);
    this.headers = headers;
    this.next = next;
    this.principal = principal;
    this.customerOf = customerOf;
    // The handler is not started yet, so nobody else asks for the first message.
    this.call.request(1);
  }

  @Override
  public void onMessage(ReqT message) {
    if (refused) {
      return;
    }
    Optional<String> customer = customerOf.apply(message);
    if (customer.isPresent() && !customer.get().equals(principal.customerId())) {
      refuse();
      return;
    }
    startDelegate();
    delegate.onMessage(message);
  }

  @Override
  public void onHalfClose() {
    if (refused) {
      return;
    }
    startDelegate();
    delegate.onHalfClose();
  }

  @Override
  public void onCancel() {
    if (delegate != null && !refused) {
      delegate.onCancel();
    }
  }

  @Override
  public void onComplete() {
    if (delegate != null && !refused) {
      delegate.onComplete();
    }
  }

  @Override
  public void onReady() {
    if (delegate != null && !refused) {
      delegate.onReady();
    }
  }

  private void startDelegate() {
    if (delegate == null) {
      delegate = next.startCall(call, headers);
      if (call.isReady()) {
        delegate.onReady();
      }
    }
  }

  private void refuse() {
    refused = true;
    StatusRuntimeException denied =
        StatusMapper.toStatus(
            new ServiceException(
                ErrorCode.PERMISSION_DENIED,
                "this key may only route calls of customer '" + principal.customerId() + "'"));
    call.closeFromGate(denied.getStatus(), denied.getTrailers() == null ? new Metadata() : denied.getTrailers());
    if (delegate != null) {
      delegate.onCancel();
    }
  }

  /** The call as the service sees it: once the gate closed it, the service's writes are dropped. */
  private static final class GuardedCall<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private boolean closed;

    GuardedCall(ServerCall<ReqT, RespT> call) {
      super(call);
    }

    synchronized void closeFromGate(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(RespT message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void request(int numMessages) {
      if (!closed) {
        super.request(numMessages);
      }
    }

    @Override
    public synchronized boolean isCancelled() {
      return closed || super.isCancelled();
    }
  }
}
