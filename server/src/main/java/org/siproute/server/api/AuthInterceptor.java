package org.siproute.server.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Function;
import org.siproute.server.auth.Authenticator;
import org.siproute.server.auth.Principal;
import org.siproute.server.config.SecurityConfig;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Authentication and method-level authorization of every call, installed on the whole server
 * so that a service added later is protected without anyone remembering to. Only the health and
 * reflection services are open. The authenticated {@link Principal} and the rpc name travel to
 * the services in the gRPC {@link Context} ({@link AuthContext}).
 */
public final class AuthInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;
  private final boolean insecureNoAuth;

  @Inject
  AuthInterceptor(Authenticator authenticator, SecurityConfig security) {
    this.authenticator = authenticator;
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
      return refuse(call, refused);
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
