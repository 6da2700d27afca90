package org.siproute.server.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.SiprouteServer;

/** Metrics: the registry, the rpc interceptor and the HTTP endpoint. */
public final class MetricsModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Metrics.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), SiprouteServer.Lifecycle.class).addBinding().to(MetricsEndpoint.class);
  }

  @Provides
  @Singleton
  MetricsInterceptor interceptor(Metrics metrics) {
    return new MetricsInterceptor(metrics);
  }
}
