package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.api.AuthInterceptor;
import org.siproute.server.api.ConnectionLimits;
import org.siproute.server.api.GrpcServices;
import org.siproute.server.api.Idempotency;
import org.siproute.server.api.MetricsInterceptor;
import org.siproute.server.api.OpenStreams;
import org.siproute.server.api.ProtoAuditJson;
import org.siproute.server.api.RefusedRequests;
import org.siproute.server.api.RouteAdminService;
import org.siproute.server.api.RouteSelectService;
import org.siproute.server.api.RpcExecution;
import org.siproute.server.api.ServiceHealth;
import org.siproute.server.api.TransportSecurity;
import org.siproute.server.api.TransportWarmup;
import org.siproute.server.auth.AuditJson;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.metrics.Metrics;

/**
 * The gRPC edge: services, interceptors, health, TLS; and the audit trail's JSON form of
 * resources, which is the wire messages' (the core asks for it through {@link AuditJson}).
 */
public final class ApiModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(RouteAdminService.class).in(Singleton.class);
    bind(RouteSelectService.class).in(Singleton.class);
    bind(AuthInterceptor.class).in(Singleton.class);
    bind(ServiceHealth.class).in(Singleton.class);
    bind(GrpcServices.class).in(Singleton.class);
    bind(RpcExecution.class).in(Singleton.class);
    bind(ConnectionLimits.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(RpcExecution.class);
    Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(TransportSecurity.class);
    bind(OpenStreams.class).in(Singleton.class);
    bind(RefusedRequests.class).in(Singleton.class);
    bind(TransportWarmup.class).in(Singleton.class);
    bind(Idempotency.class).in(Singleton.class);
    bind(AuditJson.class).to(ProtoAuditJson.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  MetricsInterceptor metricsInterceptor(Metrics metrics) {
    return new MetricsInterceptor(metrics);
  }

  /** Built, and so checked, when the server is wired: a bad file stops startup. */
  @Provides
  @Singleton
  TransportSecurity transportSecurity(ServerConfig config) {
    return TransportSecurity.fromConfig(config);
  }
}
