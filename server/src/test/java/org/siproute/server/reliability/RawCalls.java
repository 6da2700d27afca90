package org.siproute.server.reliability;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Calls any rpc with raw bytes as its messages, whatever its request type: what a broken or
 * malicious client can put on the wire.
 */
final class RawCalls {
  /** Far above any answer's normal time; a call that reaches it has hung. */
  static final long DEADLINE_SECONDS = 10;

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private RawCalls() {}

  /** How a call ended: its status and trailers, and every message the server sent. */
  record Outcome(Status status, Metadata trailers, List<byte[]> responses, boolean hung) {}

  /** The same rpc, with raw bytes in and out. */
  static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(method.getType())
        .setFullMethodName(method.getFullMethodName())
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /**
   * Sends {@code messages}, then half-closes (or cancels, when {@code cancel}), and waits for
   * the call to end.
   */
  static Outcome call(Channel channel, MethodDescriptor<byte[], byte[]> method, List<byte[]> messages, boolean cancel) {
    ClientCall<byte[], byte[]> call =
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS));
    List<byte[]> responses = new CopyOnWriteArrayList<>();
    CompletableFuture<Outcome> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(byte[] message) {
            responses.add(message);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(new Outcome(status, trailers, responses, status.getCode() == Status.Code.DEADLINE_EXCEEDED));
          }
        },
        new Metadata());
    call.request(Integer.MAX_VALUE);
    for (byte[] message : messages) {
      if (closed.isDone()) {
        break; // refused already
      }
      call.sendMessage(message);
    }
    if (cancel) {
      call.cancel("the client gives up", null);
    } else {
      call.halfClose();
    }
    try {
      return closed.get(DEADLINE_SECONDS + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      call.cancel("no answer", e);
      return new Outcome(Status.DEADLINE_EXCEEDED.withDescription("no answer at all"), new Metadata(), responses, true);
    }
  }
}
