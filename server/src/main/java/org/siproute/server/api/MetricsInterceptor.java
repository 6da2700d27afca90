package org.siproute.server.api;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.siproute.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every rpc and counts its status; writes one structured log line per admin write and
 * per failed rpc. Log lines carry the method, status, duration and the caller's key id, never
 * request contents (which may hold secrets).
 *
 * <p>Light on the call path: what depends only on the method (its name, whether it is an admin
 * write, its latency series per status code) is worked out on its first call and kept; a call
 * then costs a map lookup by the method's (constant, hash-cached) name, one forwarding call
 * object and a histogram update. Log lines are built only when written.
 */
public final class MetricsInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger("siproute.rpc");
  private static final List<String> CODES = Arrays.stream(Status.Code.values()).map(Enum::name).toList();

  private final Metrics metrics;
  private final ConcurrentHashMap<String, MethodInfo> methods = new ConcurrentHashMap<>();

  public MetricsInterceptor(Metrics metrics) {
    this.metrics = metrics;
  }

  /** What the interceptor needs to know about one rpc, computed once. */
  private record MethodInfo(String name, boolean adminWrite, Metrics.RpcSeries series) {}

  private MethodInfo info(MethodDescriptor<?, ?> method) {
    MethodInfo info = methods.get(method.getFullMethodName());
    return info != null ? info : methods.computeIfAbsent(method.getFullMethodName(), name -> newInfo(method));
  }

  private MethodInfo newInfo(MethodDescriptor<?, ?> method) {
    String name = method.getFullMethodName();
    String bareMethod = method.getBareMethodName();
    boolean adminWrite =
        name.startsWith("siproute.v1.RouteAdmin/")
            && bareMethod != null
            && !bareMethod.startsWith("Get")
            && !bareMethod.startsWith("List");
    return new MethodInfo(name, adminWrite, metrics.rpcSeries(name, CODES));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long started = System.nanoTime();
    MethodInfo method = info(call.getMethodDescriptor());
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            long nanos = System.nanoTime() - started;
            method.series().finished(status.getCode().ordinal(), nanos);
            if (method.adminWrite() || (!status.isOk() && !summarizedElsewhere(status.getCode()))) {
              logCall(method.name(), status, nanos);
            }
            super.close(status, trailers);
          }
        },
        headers);
  }

  /**
   * Refusals that are counted here but logged as summaries by their owner, never one line per
   * call, so that a flood of them cannot flood the log: failed logins ({@code FailedLogins}) and
   * RESOURCE_EXHAUSTED (throttled logins, Dial stream limit; the in-flight bounds refuse before
   * this interceptor, see {@link RpcExecution}).
   */
  private static boolean summarizedElsewhere(Status.Code code) {
    return code == Status.Code.UNAUTHENTICATED || code == Status.Code.RESOURCE_EXHAUSTED;
  }

  private static void logCall(String method, Status status, long nanos) {
    boolean warn = status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNAVAILABLE;
    if (warn ? !log.isWarnEnabled() : !log.isInfoEnabled()) {
      return;
    }
    StringBuilder line =
        new StringBuilder(160)
            .append("rpc=").append(method)
            .append(" code=").append(status.getCode())
            .append(" ms=").append(String.format(Locale.ROOT, "%.1f", nanos / 1e6))
            .append(" caller=").append(caller());
    if (!status.isOk() && status.getDescription() != null) {
      line.append(" detail=\"").append(oneLine(status.getDescription())).append('"');
    }
    if (warn) {
      log.warn(line.toString());
    } else {
      log.info(line.toString());
    }
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
