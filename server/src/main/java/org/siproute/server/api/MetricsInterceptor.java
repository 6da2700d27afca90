package org.siproute.server.api;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.siproute.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every rpc and counts its status; writes one structured log line per admin write and
 * per failed rpc. Log lines carry the method, status, duration and the caller's key id, never
 * request contents (which may hold secrets).
 */
public final class MetricsInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger("siproute.rpc");
  private final Metrics metrics;

  public MetricsInterceptor(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long started = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    String bareMethod = call.getMethodDescriptor().getBareMethodName();
    boolean adminWrite =
        method.startsWith("siproute.v1.RouteAdmin/")
            && bareMethod != null
            && !bareMethod.startsWith("Get")
            && !bareMethod.startsWith("List");
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            long nanos = System.nanoTime() - started;
            metrics.rpcFinished(method, status.getCode().name(), nanos);
            if (adminWrite || !status.isOk()) {
              String line =
                  String.format(
                      "rpc=%s code=%s ms=%.1f caller=%s%s",
                      method,
                      status.getCode(),
                      nanos / 1e6,
                      caller(),
                      status.isOk() || status.getDescription() == null ? "" : " detail=\"" + oneLine(status.getDescription()) + "\"");
              if (status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNAVAILABLE) {
                log.warn(line);
              } else {
                log.info(line);
              }
            }
            super.close(status, trailers);
          }
        },
        headers);
  }

  private static String caller() {
    try {
      return AuthContext.principal().keyId();
    } catch (RuntimeException noCaller) {
      return "-";
    }
  }

  private static String oneLine(String text) {
    String flat = text.replace('\n', ' ').replace('\r', ' ').replace('"', '\'');
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
