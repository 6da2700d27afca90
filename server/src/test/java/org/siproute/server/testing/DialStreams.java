package org.siproute.server.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.siproute.client.DialSession;
import org.siproute.proto.v1.RouteSelectGrpc;

/**
 * The gRPC streams under {@link DialSession}s: a session shows the call as its caller sees it
 * (attempts, the end), not whether the server then closed the stream cleanly, kept it open or
 * cut it. This channel interceptor keeps that for the tests that assert it.
 */
public final class DialStreams implements ClientInterceptor {
  /** Where the Dial call opened in the current context goes; set only around {@link #watch}. */
  private static final Context.Key<Consumer<Stream>> OPENED = Context.key("siproute-test-dial-stream");

  private final Map<DialSession, Stream> streams = new ConcurrentHashMap<>();

  /** One Dial call as the wire sees it. */
  public static final class Stream {
    private final ClientCall<?, ?> call;
    private final CompletableFuture<Status> closed = new CompletableFuture<>();
    private volatile Metadata trailers;

    private Stream(ClientCall<?, ?> call) {
      this.call = call;
    }

    /** How the server ended the stream: OK for a clean end; fails when it is open after 10 s. */
    public Status awaitClose() {
      try {
        return closed.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the Dial stream did not end", e);
      }
    }

    /** The trailers the stream closed with (after {@link #awaitClose}). */
    public Metadata trailers() {
      awaitClose();
      return trailers;
    }

    public boolean isClosed() {
      return closed.isDone();
    }

    /** Cuts the stream as a caller that goes away does (no CallEnded, no half-close). */
    public void cancel() {
      call.cancel("the test cuts the stream", null);
    }
  }

  /** Runs {@code open}, which opens one Dial session, and keeps the stream under it. */
  DialSession watch(Supplier<DialSession> open) {
    AtomicReference<Stream> opened = new AtomicReference<>();
    Context context = Context.current().withValue(OPENED, opened::set);
    Context previous = context.attach();
    DialSession session;
    try {
      session = open.get();
    } finally {
      context.detach(previous);
    }
    streams.put(session, opened.get());
    return session;
  }

  Stream of(DialSession session) {
    Stream stream = streams.get(session);
    if (stream == null) {
      throw new IllegalArgumentException("not a session this server's dial() opened");
    }
    return stream;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    ClientCall<ReqT, RespT> call = next.newCall(method, options);
    Consumer<Stream> sink = OPENED.get();
    if (sink == null || !method.getFullMethodName().equals(RouteSelectGrpc.getDialMethod().getFullMethodName())) {
      return call;
    }
    Stream stream = new Stream(call);
    sink.accept(stream);
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onClose(Status status, Metadata trailers) {
                stream.trailers = trailers;
                stream.closed.complete(status);
                super.onClose(status, trailers);
              }
            },
            headers);
      }
    };
  }
}
