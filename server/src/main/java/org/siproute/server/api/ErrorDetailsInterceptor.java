package org.siproute.server.api;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Gives every non-OK status a call closes with its google.rpc.ErrorInfo (and RetryInfo), also
 * the ones {@link StatusMapper#toStatus} did not make: malformed requests refused by {@link
 * MalformedRequests}, a Dial stream's idle time-out, a call cancelled while it waited. Those
 * made by the mapper already carry their details and pass unchanged. Outermost, so that it sees
 * every close.
 */
final class ErrorDetailsInterceptor implements ServerInterceptor {
  static final ErrorDetailsInterceptor INSTANCE = new ErrorDetailsInterceptor();

  private ErrorDetailsInterceptor() {}

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return next.startCall(
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            super.close(status, StatusMapper.withDetails(status, trailers));
          }
        },
        headers);
  }
}
