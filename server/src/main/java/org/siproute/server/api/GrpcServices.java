package org.siproute.server.api;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Every service the server offers (RouteAdmin, RouteSelect, health, reflection v1 and v1alpha,
 * the siproute files served with the error detail types: {@link ServedSchema}), each behind
 * the same interceptors, so that whatever is added later is protected too: authentication
 * (health and reflection are let through by it) inside a guard that refuses malformed request
 * bytes as INVALID_ARGUMENT instead of gRPC's UNKNOWN. The metrics interceptor is outside
 * authentication: it also times and counts calls that authentication refuses. Outside all of
 * them and the guard, {@link RpcExecution} refuses calls beyond the in-flight bounds (they are
 * counted in their own metric), and moves the admin rpcs to the admin threads: the guard parses
 * their (possibly large) messages there, while RouteSelect and health messages are parsed in
 * place on the event loop. Outermost, {@link ErrorDetailsInterceptor} gives every non-OK status
 * its google.rpc.ErrorInfo. {@link OpenStreams} is innermost: it keeps the open streams for shutdown, and a stream it closes still
 * passes the others.
 */
public final class GrpcServices {
  private final List<BindableService> services;
  private final AuthInterceptor auth;
  private final MetricsInterceptor metrics;
  private final RpcExecution execution;
  private final OpenStreams openStreams;

  @Inject
  GrpcServices(
      RouteAdminService admin,
      RouteSelectService select,
      ServiceHealth health,
      AuthInterceptor auth,
      MetricsInterceptor metrics,
      RpcExecution execution,
      OpenStreams openStreams) {
    this.services =
        List.of(admin, select, ProtoReflectionServiceV1.newInstance(), reflectionV1Alpha(), health.service());
    this.auth = auth;
    this.metrics = metrics;
    this.execution = execution;
    this.openStreams = openStreams;
  }

  public List<ServerServiceDefinition> definitions() {
    List<ServerServiceDefinition> definitions = new ArrayList<>();
    for (BindableService service : services) {
      definitions.add(
          ServerInterceptors.intercept(
              ServerInterceptors.intercept(
                  ServedSchema.withErrorDetails(
                      MalformedRequests.refusedAsInvalid(
                          ServerInterceptors.intercept(
                              ServerInterceptors.intercept(ServerInterceptors.intercept(service, openStreams), auth), metrics),
                          RpcExecution::onEventLoop)),
                  execution),
              ErrorDetailsInterceptor.INSTANCE));
    }
    return definitions;
  }

  /**
   * Reflection v1alpha, beside v1: grpcurl before 1.8.8, Postman, Evans, BloomRPC and older
   * grpcui speak only it. Deprecated by grpc-java in favour of v1, which it answers the same.
   */
  @SuppressWarnings("deprecation")
  private static BindableService reflectionV1Alpha() {
    return ProtoReflectionService.newInstance();
  }
}
