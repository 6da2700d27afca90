package org.siproute.server;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.quality.CallSlots;
import org.siproute.server.quality.CircuitBreakers;
import org.siproute.server.quality.OptionsProber;
import org.siproute.server.quality.OutcomeReports;
import org.siproute.server.quality.ProviderStatistics;
import org.siproute.server.quality.ProviderStatuses;
import org.siproute.server.quality.QualityMonitor;
import org.siproute.server.quality.StatisticsFlusher;
import org.siproute.server.quality.StatisticsStore;
import org.siproute.server.routing.CallEvents;
import org.siproute.server.routing.ProviderHealth;
import org.siproute.server.routing.QualityScores;
import org.siproute.server.routing.RoutingEngine;
import org.siproute.server.routing.RoutingSnapshots;
import org.siproute.server.routing.SnapshotRefresher;
import org.siproute.server.select.DialSessions;
import org.siproute.server.select.SelectService;

/**
 * The routing engine: snapshot, decisions, Dial calls, the quality feedback that steers them
 * (statistics, circuits, call slots, probes) and their background work.
 */
public final class RoutingModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(RoutingSnapshots.class).in(Scopes.SINGLETON);
    bind(SnapshotRefresher.class).to(RoutingSnapshots.class);
    bind(RoutingEngine.class).in(Scopes.SINGLETON);
    bind(SelectService.class).in(Scopes.SINGLETON);
    bind(DialSessions.class).in(Scopes.SINGLETON);

    // Quality feedback: outcomes and probes in, provider health and scores out.
    bind(ProviderStatistics.class).in(Scopes.SINGLETON);
    bind(StatisticsStore.class).in(Scopes.SINGLETON);
    bind(CircuitBreakers.class).in(Scopes.SINGLETON);
    bind(CallSlots.class).in(Scopes.SINGLETON);
    bind(OptionsProber.class).in(Scopes.SINGLETON);
    bind(QualityMonitor.class).in(Scopes.SINGLETON);
    bind(StatisticsFlusher.class).in(Scopes.SINGLETON);
    bind(OutcomeReports.class).in(Scopes.SINGLETON);
    bind(ProviderStatuses.class).in(Scopes.SINGLETON);
    bind(ProviderHealth.class).to(QualityMonitor.class);
    bind(QualityScores.class).to(ProviderStatistics.class);
    bind(CallEvents.class).to(QualityMonitor.class);

    // Started in this order, stopped in reverse: the snapshot is there before anything reads
    // it, and statistics are flushed one last time after the probes have stopped.
    Multibinder<Lifecycle> lifecycle = Multibinder.newSetBinder(binder(), Lifecycle.class);
    lifecycle.addBinding().to(RoutingSnapshots.class);
    lifecycle.addBinding().to(DialSessions.class);
    lifecycle.addBinding().to(StatisticsFlusher.class);
    lifecycle.addBinding().to(OptionsProber.class);
  }
}
