package org.siproute.server.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.siproute.server.auth.Authenticator;
import org.siproute.server.auth.FailedLogins;
import org.siproute.server.auth.Principal;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Authentication and method-level authorization of every call, installed on the whole server
 * so that a service added later is protected without anyone remembering to. Only the health and
 * reflection services are open. The authenticated {@link Principal} and the rpc name travel to
 * the services in the gRPC {@link Context} ({@link AuthContext}). A refused key is counted by
 * the caller's address ({@link FailedLogins}): an address failing too often gets
 * RESOURCE_EXHAUSTED with a RetryInfo for its failing calls, and the failures are logged as a
 * summary, not one line each.
 */
public final class AuthInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;
  private final boolean insecureNoAuth;
  private final FailedLogins failedLogins;

  @Inject
  AuthInterceptor(Authenticator authenticator, SecurityConfig security, FailedLogins failedLogins) {
    this.authenticator = authenticator;
    this.failedLogins = failedLogins;
    this.insecureNoAuth = security.insecureNoAuth();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (AccessPolicy.isPublic(call.getMethodDescriptor())) {
      return next.startCall(call, headers);
    }
    Principal principal;
    try {
      principal = insecureNoAuth ? Principal.anonymous() : authenticator.authenticate(headers.get(AUTHORIZATION));
    } catch (ServiceException refused) {
      SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
        failedLogins.failedWithoutAddress(peer == null ? "unknown" : peer.toString(), refused.getMessage());
        return refuse(call, refused);
      }
      Duration throttled = failedLogins.failed(inet.getAddress().getHostAddress(), refused.getMessage());
      if (throttled.isZero()) {
        return refuse(call, refused);
      }
      long retryMs = Math.max(1, throttled.toMillis());
      return refuse(
          call,
          new ServiceException(
              ErrorCode.OVERLOADED,
              "too many failed logins from this address; retry after " + retryMs + " ms",
              Map.of(ServiceException.RETRY_AFTER_MILLIS, Long.toString(retryMs))));
    }
    if (!AccessPolicy.allows(principal, call.getMethodDescriptor())) {
      return refuse(
          call,
          new ServiceException(
              ErrorCode.PERMISSION_DENIED,
              "a " + principal.role() + " key cannot call " + call.getMethodDescriptor().getFullMethodName()));
    }
    Context context = AuthContext.with(Context.current(), principal, call.getMethodDescriptor().getFullMethodName());
    Optional<Function<Object, Optional<String>>> requestCustomer =
        AccessPolicy.requestCustomer(principal, call.getMethodDescriptor());
    if (requestCustomer.isEmpty()) {
      return Contexts.interceptCall(context, call, headers, next);
    }
    return Contexts.interceptCall(
        context,
        call,
        headers,
        (gatedCall, gatedHeaders) -> new CustomerGate<>(gatedCall, gatedHeaders, next, principal, requestCustomer.get()));
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, ServiceException refusal) {
    StatusRuntimeException status = StatusMapper.toStatus(refusal);
    call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
