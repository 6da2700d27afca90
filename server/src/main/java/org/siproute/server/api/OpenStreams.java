package org.siproute.server.api;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streaming calls open now (Dial, ImportRates, health Watch), for shutdown: it closes the
 * health Watch streams once they have told NOT_SERVING, since a watcher never ends its stream
 * and would hold the shutdown for the whole grace period, and it names what is still open when
 * the grace period ends. Unary calls pass straight through: they end by themselves and are
 * never tracked (the decision path pays one comparison).
 */
public final class OpenStreams implements ServerInterceptor {
  private static final String WATCH = HealthGrpc.getWatchMethod().getFullMethodName();

  private final Set<Tracked<?, ?>> open = ConcurrentHashMap.newKeySet();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getMethodDescriptor().getType() == MethodType.UNARY) {
      return next.startCall(call, headers);
    }
    Tracked<Q, R> tracked = new Tracked<>(call, open);
    open.add(tracked);
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(tracked, headers);
    } catch (RuntimeException e) {
      open.remove(tracked);
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        open.remove(tracked);
        super.onCancel();
      }

      @Override
      public void onComplete() {
        open.remove(tracked);
        super.onComplete();
      }
    };
  }

  /** Ends every open health Watch stream with UNAVAILABLE; how many there were. */
  public int closeHealthWatches() {
    int closed = 0;
    for (Tracked<?, ?> call : open) {
      if (call.method().equals(WATCH) && call.closeForShutdown()) {
        closed++;
      }
    }
    return closed;
  }

  /** The streams open now by method, e.g. "2 siproute.v1.RouteSelect/Dial"; "none" when none. */
  public String describe() {
    Map<String, Integer> byMethod = new TreeMap<>();
    for (Tracked<?, ?> call : open) {
      byMethod.merge(call.method(), 1, Integer::sum);
    }
    if (byMethod.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    byMethod.forEach((method, count) -> b.append(b.length() == 0 ? "" : ", ").append(count).append(' ').append(method));
    return b.toString();
  }

  public int count() {
    return open.size();
  }

  /**
   * The call as the service sees it; sending and closing are serialized, so that shutdown can
   * close it from its own thread while the service might be sending.
   */
  private static final class Tracked<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final Set<Tracked<?, ?>> open;
    private boolean closed;

    Tracked(ServerCall<Q, R> call, Set<Tracked<?, ?>> open) {
      super(call);
      this.open = open;
    }

    String method() {
      return getMethodDescriptor().getFullMethodName();
    }

    synchronized boolean closeForShutdown() {
      if (closed) {
        return false;
      }
      closed = true;
      open.remove(this);
      super.close(Status.UNAVAILABLE.withDescription("the server is shutting down"), new Metadata());
      return true;
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        open.remove(this);
        super.close(status, trailers);
      }
    }
  }
}
