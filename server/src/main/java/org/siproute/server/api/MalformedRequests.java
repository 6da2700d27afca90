package org.siproute.server.api;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Refuses request messages that are not valid protobuf, and unary calls with no or several
 * request messages, with INVALID_ARGUMENT.
 *
 * <p>gRPC parses a request before any interceptor or service sees it, and ends the call with
 * UNKNOWN ("Application error processing RPC") when the bytes do not parse: truncated or
 * garbage messages, invalid UTF-8 in a string, nesting deeper than the parser allows. A unary
 * call half-closed without a message, or sent two, gets INTERNAL from gRPC. Both are the
 * caller's mistake, not the server's, and must say so. So each method is registered with a
 * parser that never throws but carries the failure along, and the call is closed with
 * INVALID_ARGUMENT when a malformed message (or a wrong number of them) arrives; the service's
 * side of the call is cancelled (a Dial session or rate import frees what it holds) and
 * whatever it sends afterwards is dropped.
 */
public final class MalformedRequests {
  private MalformedRequests() {}

  /**
   * {@code service} with every request parsed as described above. Requests of the methods
   * {@code parsedInPlace} accepts are parsed where gRPC reads them (the event loop; they are
   * small and their calls never block); the others' bytes are copied there and parsed when the
   * call's listener receives them, on whatever thread serves the call (the admin pool), so that
   * a large import message never holds an event loop for its parse.
   */
  public static ServerServiceDefinition refusedAsInvalid(
      ServerServiceDefinition service, Predicate<MethodDescriptor<?, ?>> parsedInPlace) {
    ServiceDescriptor original = service.getServiceDescriptor();
    // Same name and schema (server reflection describes the service from it), new methods.
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> guarded = guard(method, parsedInPlace.test(method.getMethodDescriptor()));
      descriptor.addMethod(guarded.getMethodDescriptor());
      methods.add(guarded);
    }
    ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(definition::addMethod);
    return definition.build();
  }

  /**
   * A request as parsed: the message, or why it could not be parsed; or, to be parsed later, its
   * bytes.
   */
  private record Parsed<ReqT>(ReqT message, RuntimeException failure, byte[] bytes) {
    /** This request parsed now, if it was left for later. */
    Parsed<ReqT> parsed(MethodDescriptor.Marshaller<ReqT> parser) {
      return bytes == null ? this : of(parser, new ByteArrayInputStream(bytes));
    }

    /** The request in {@code stream}, parsed, or why it could not be. */
    static <ReqT> Parsed<ReqT> of(MethodDescriptor.Marshaller<ReqT> parser, InputStream stream) {
      try {
        return new Parsed<>(parser.parse(stream), null, null);
      } catch (RuntimeException malformed) {
        return new Parsed<>(null, malformed, null);
      }
    }
  }

  private static <ReqT, RespT> ServerMethodDefinition<Parsed<ReqT>, RespT> guard(
      ServerMethodDefinition<ReqT, RespT> definition, boolean parseInPlace) {
    MethodDescriptor<ReqT, RespT> method = definition.getMethodDescriptor();
    MethodDescriptor.Marshaller<ReqT> parser = method.getRequestMarshaller();
    MethodDescriptor.Marshaller<Parsed<ReqT>> lenient =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(Parsed<ReqT> value) {
            return parser.stream(value.message());
          }

          @Override
          public Parsed<ReqT> parse(InputStream stream) {
            if (!parseInPlace) {
              try {
                // Bounded by --max-message-bytes: gRPC refuses a longer message before this.
                return new Parsed<>(null, null, stream.readAllBytes());
              } catch (IOException unreadable) {
                return new Parsed<>(null, new UncheckedIOException(unreadable), null);
              }
            }
            return Parsed.of(parser, stream);
          }
        };
    // The method is described anew here anyway, so its answers get their writer here too.
    MethodDescriptor<Parsed<ReqT>, RespT> wire =
        method.toBuilder(lenient, ProtoResponses.writtenThroughScratch(method.getResponseMarshaller())).build();
    ServerCallHandler<ReqT, RespT> handler = definition.getServerCallHandler();
    return ServerMethodDefinition.create(wire, (call, headers) -> new GuardedListener<>(call, headers, method, handler));
  }

  private static final class GuardedListener<ReqT, RespT> extends ServerCall.Listener<Parsed<ReqT>> {
    private final GuardedCall<ReqT, RespT> guardedCall;
    private final ServerCall.Listener<ReqT> delegate;
    private final String requestType;
    private final MethodDescriptor.Marshaller<ReqT> parser;
    /** Unary rpcs: gRPC itself would answer INTERNAL to none or several request messages. */
    private final boolean oneRequest;
    private int received;
    private boolean refused;

    GuardedListener(
        ServerCall<Parsed<ReqT>, RespT> call,
        Metadata headers,
        MethodDescriptor<ReqT, RespT> method,
        ServerCallHandler<ReqT, RespT> handler) {
      this.guardedCall = new GuardedCall<>(call, method);
      this.requestType = requestTypeName(method);
      this.parser = method.getRequestMarshaller();
      this.oneRequest = method.getType().clientSendsOneMessage();
      this.delegate = handler.startCall(guardedCall, headers);
    }

    @Override
    public void onMessage(Parsed<ReqT> wire) {
      if (refused) {
        return;
      }
      Parsed<ReqT> message = wire.parsed(parser);
      if (message.failure() != null) {
        refuse("the request is not a valid " + requestType + " message (malformed protobuf)");
        return;
      }
      if (oneRequest && ++received > 1) {
        refuse("this rpc takes exactly one " + requestType + " message; more were sent");
        return;
      }
      delegate.onMessage(message.message());
    }

    @Override
    public void onHalfClose() {
      if (refused) {
        return;
      }
      if (oneRequest && received == 0) {
        refuse("this rpc takes exactly one " + requestType + " message; none was sent");
        return;
      }
      delegate.onHalfClose();
    }

    private void refuse(String description) {
      refused = true;
      guardedCall.closeFromGuard(Status.INVALID_ARGUMENT.withDescription(description));
      delegate.onCancel(); // the service frees what the call holds
    }

    @Override
    public void onCancel() {
      if (!refused) {
        delegate.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!refused) {
        delegate.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        delegate.onReady();
      }
    }

    private static String requestTypeName(MethodDescriptor<?, ?> method) {
      if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
          && prototype.getMessagePrototype() instanceof com.google.protobuf.Message message) {
        return message.getDescriptorForType().getFullName();
      }
      return "request";
    }
  }

  /** The call as the service and interceptors see it: typed as they expect, and quiet once refused. */
  private static final class GuardedCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
    private final ServerCall<Parsed<ReqT>, RespT> call;
    private final MethodDescriptor<ReqT, RespT> method;
    private volatile boolean closedByGuard;

    GuardedCall(ServerCall<Parsed<ReqT>, RespT> call, MethodDescriptor<ReqT, RespT> method) {
      this.call = call;
      this.method = method;
    }

    synchronized void closeFromGuard(Status status) {
      if (!closedByGuard) {
        closedByGuard = true;
        try {
          call.close(status, new Metadata());
        } catch (IllegalStateException alreadyClosed) {
          // the service closed it first; its answer stands
        }
      }
    }

    @Override
    public void request(int numMessages) {
      call.request(numMessages);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      if (!closedByGuard) {
        call.sendHeaders(headers);
      }
    }

    @Override
    public void sendMessage(RespT message) {
      if (!closedByGuard) {
        call.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closedByGuard) {
        call.close(status, trailers);
      }
    }

    @Override
    public boolean isReady() {
      return !closedByGuard && call.isReady();
    }

    @Override
    public boolean isCancelled() {
      return call.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      call.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      call.setCompression(compressor);
    }

    @Override
    public io.grpc.SecurityLevel getSecurityLevel() {
      return call.getSecurityLevel();
    }

    @Override
    public io.grpc.Attributes getAttributes() {
      return call.getAttributes();
    }

    @Override
    public String getAuthority() {
      return call.getAuthority();
    }

    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return method;
    }
  }
}
