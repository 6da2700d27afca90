package org.siproute.server.select;

import com.google.protobuf.util.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.ConsideredRoute;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.admin.AdminValidator;
import org.siproute.server.error.Violations;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.routing.Destination;
import org.siproute.server.routing.Plan;
import org.siproute.server.routing.RoutingEngine;

/** Select in plain Java: check the request, ask the engine, put the plan in wire form. */
@Singleton
public class SelectService {
  private final RoutingEngine engine;
  private final Clock clock;
  private final Metrics metrics;

  @Inject
  public SelectService(RoutingEngine engine, Clock clock, Metrics metrics) {
    this.engine = engine;
    this.clock = clock;
    this.metrics = metrics;
  }

  public SelectResponse select(SelectRequest request) {
    Plan plan = plan(request, "", request.getCallId());
    SelectResponse.Builder out = describe(plan, request.getExplain());
    for (int i = 0; i < plan.attempts().size(); i++) {
      out.addAttempts(attempt(plan.attempts().get(i), i));
    }
    return out.build();
  }

  /** Validates a request (fields named under {@code path}) and decides its plan. */
  Plan plan(SelectRequest request, String path, String callId) {
    Violations v = new Violations();
    AdminValidator.customerId(v, path + "customer_id", request.getCustomerId(), false);
    Destination destination = null;
    if (request.getDestination().isEmpty()) {
      v.add(path + "destination", "is required");
    } else {
      destination = Destination.parse(request.getDestination());
      if (destination == null) {
        v.add(path + "destination",
            "must be a phone number of " + Destination.MIN_DIGITS + " to " + Destination.MAX_DIGITS
                + " digits, optionally with a leading '+', spaces, dashes, dots or brackets");
      }
    }
    long callTimeMs = clock.millis();
    if (request.hasCallTime()) {
      if (!Timestamps.isValid(request.getCallTime())) {
        v.add(path + "call_time", "is not a valid timestamp");
      } else {
        callTimeMs = Timestamps.toMillis(request.getCallTime());
      }
    }
    if (callId.length() > 256) {
      v.add(path + "call_id", "must be at most 256 characters");
    }
    v.throwIfAny();
    Plan plan =
        engine.plan(
            new RoutingEngine.Call(
                request.getCustomerId(), destination, callTimeMs, RoutingEngine.seedFor(callId), request.getExplain()));
    metrics.decision(plan.policy().strategy().name(), !plan.isEmpty());
    return plan;
  }

  /** The plan's header: destination, region, strategy, revision and (explain) the routes seen. */
  static SelectResponse.Builder describe(Plan plan, boolean explain) {
    SelectResponse.Builder out =
        SelectResponse.newBuilder()
            .setDestination(plan.destination().digits())
            .setDestinationRegion(explain ? plan.destination().exactRegion() : plan.destination().mainRegion())
            .setStrategy(plan.policy().strategy().name())
            .setRevision(plan.revision());
    if (explain) {
      for (Plan.Considered c : plan.considered()) {
        ConsideredRoute.Builder cr = ConsideredRoute.newBuilder().setSelected(c.selected()).setReason(c.reason());
        if (c.route() != null) {
          cr.setRouteId(c.route().id())
              .setProviderId(c.route().providerId())
              .setPrefix(c.route().prefix())
              .setDefaultRoute(c.route().isDefault());
        }
        out.addConsidered(cr);
      }
    }
    return out;
  }

  static Attempt attempt(Plan.Attempt a, int index) {
    Attempt.Builder out =
        Attempt.newBuilder()
            .setIndex(index)
            .setProviderId(a.providerId())
            .setProviderName(a.providerName())
            .setRouteId(a.route().id())
            .setSipUri(a.sipUri())
            .setPriceMicros(Math.max(0, a.priceMicros()))
            .setCurrency(a.currency())
            .setDefaultRoute(a.route().isDefault())
            .setMatchedPrefix(a.route().prefix());
    // Most providers have no extra headers and reasons come only with explain: putAll and
    // addAll on empty collections still make the builder allocate a mutable map or list.
    if (!a.headers().isEmpty()) {
      out.putAllHeaders(a.headers());
    }
    if (!a.reasons().isEmpty()) {
      out.addAllReasons(a.reasons());
    }
    return out.build();
  }
}
