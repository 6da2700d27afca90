package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.routing.SnapshotRefresher;

/** The routing engine: snapshot, decisions, Dial sessions and their background work. */
public final class RoutingModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), SiprouteServer.Lifecycle.class);
    bind(SnapshotRefresher.class).toInstance(revision -> {});
  }
}
