package org.siproute.server.select;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.routing.Plan;
import org.siproute.server.routing.RoutingEngine;

/** Select and the start of a Dial: decide a checked call's plan, and count the decision. */
@Singleton
public class SelectService {
  private final RoutingEngine engine;
  private final Metrics metrics;

  @Inject
  public SelectService(RoutingEngine engine, Metrics metrics) {
    this.engine = engine;
    this.metrics = metrics;
  }

  public Plan plan(RoutingEngine.Call call) {
    Plan plan = engine.plan(call);
    metrics.decision(plan.policy().strategy().name(), !plan.isEmpty());
    return plan;
  }
}
