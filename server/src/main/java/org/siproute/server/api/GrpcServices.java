package org.siproute.server.api;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Every service the server offers (RouteAdmin, RouteSelect, health, reflection), each behind
 * the same interceptors, so that whatever is added later is protected too: authentication
 * (health and reflection are let through by it) inside a guard that refuses malformed request
 * bytes as INVALID_ARGUMENT instead of gRPC's UNKNOWN. The metrics interceptor is outermost: it
 * also times and counts calls that authentication refuses.
 */
public final class GrpcServices {
  private final List<BindableService> services;
  private final AuthInterceptor auth;
  private final MetricsInterceptor metrics;

  @Inject
  GrpcServices(
      RouteAdminService admin,
      RouteSelectService select,
      ServiceHealth health,
      AuthInterceptor auth,
      MetricsInterceptor metrics) {
    this.services = List.of(admin, select, ProtoReflectionServiceV1.newInstance(), health.service());
    this.auth = auth;
    this.metrics = metrics;
  }

  public List<ServerServiceDefinition> definitions() {
    List<ServerServiceDefinition> definitions = new ArrayList<>();
    for (BindableService service : services) {
      definitions.add(
          MalformedRequests.refusedAsInvalid(
              ServerInterceptors.intercept(ServerInterceptors.intercept(service, auth), metrics)));
    }
    return definitions;
  }
}
