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

  /** The default region of the customer's policy, "" for none: how its numbers are read. */
  public String defaultRegion(String customerId) {
    return engine.defaultRegion(customerId);
  }

  public Plan plan(RoutingEngine.Call call) {
    Plan plan = engine.plan(call);
    metrics.decision(plan.policy().strategy(), !plan.isEmpty());
    return plan;
  }
}
