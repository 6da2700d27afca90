package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.metrics.MetricsEndpoint;

/** Metrics: the registry and the HTTP endpoint (the rpc interceptor is the edge's). */
public final class MetricsModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Metrics.class).in(Singleton.class);
    bind(MetricsEndpoint.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(MetricsEndpoint.class);
  }
}
