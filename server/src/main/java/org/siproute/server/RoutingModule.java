package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.routing.CallEvents;
import org.siproute.server.routing.ProviderHealth;
import org.siproute.server.routing.QualityScores;
import org.siproute.server.routing.RoutingSnapshots;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.select.DialSessions;

/** The routing engine: snapshot, decisions, Dial sessions and their background work. */
public final class RoutingModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(SnapshotRefresher.class).to(RoutingSnapshots.class);
    // Quality feedback (circuits, call limits, scores) plugs in here.
    bind(ProviderHealth.class).toInstance(ProviderHealth.ALWAYS_HEALTHY);
    bind(QualityScores.class).toInstance(QualityScores.NONE);
    bind(CallEvents.class).toInstance(CallEvents.NONE);

    Multibinder<SiprouteServer.Lifecycle> lifecycle =
        Multibinder.newSetBinder(binder(), SiprouteServer.Lifecycle.class);
    lifecycle.addBinding().to(RoutingSnapshots.class);
    lifecycle.addBinding().to(DialSessions.class);
  }
}
