package org.siproute.server.api;

import com.google.protobuf.util.Timestamps;
import java.time.Clock;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.Blocked;
import org.siproute.proto.v1.ConsideredRoute;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.domain.Violations;
import org.siproute.server.quality.OutcomeReport;
import org.siproute.server.quality.OutcomeReports;
import org.siproute.server.routing.Destination;
import org.siproute.server.routing.Plan;
import org.siproute.server.routing.RoutingEngine;

/**
 * RouteSelect requests in, plans out: checks a request and makes it the engine's call, puts a
 * plan in wire form, and checks outcome reports. Runs for every Select and Dial start, so it
 * allocates no more than the wire form needs.
 */
final class SelectRequests {
  private SelectRequests() {}

  /**
   * Checks a request (fields named under {@code path}) and makes it a call to decide; numbers
   * are read in the customer's default region ({@code regions}).
   */
  static RoutingEngine.Call call(
      SelectRequest request, String path, String callId, Clock clock, DefaultRegions regions) {
    Violations v = new Violations();
    AdminValidator.customerId(v, path + "customer_id", request.getCustomerId(), false);
    Destination destination = null;
    if (request.getDestination().isEmpty()) {
      v.add(path + "destination", "is required");
    } else {
      String region = v.size() == 0 ? regions.of(request.getCustomerId()) : "";
      destination = Destination.parse(request.getDestination(), region);
      if (destination == null) {
        v.add(path + "destination",
            "must be a phone number of " + Destination.MIN_DIGITS + " to " + Destination.MAX_DIGITS
                + " digits, optionally with a leading '+', spaces, dashes, dots or brackets"
                + (region.isEmpty() ? "" : ", or a number as dialled in " + region));
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
    // The caller's number picks routes with a source_prefix; one that is not a number picks
    // none of them, and is not refused (it was informational before).
    Destination source = null;
    if (!request.getSource().isEmpty() && destination != null) {
      source = Destination.parse(request.getSource(), regions.of(request.getCustomerId()));
    }
    if (callId.length() > 256) {
      v.add(path + "call_id", "must be at most 256 characters");
    }
    v.throwIfAny();
    return new RoutingEngine.Call(
        request.getCustomerId(), destination, source, callTimeMs, RoutingEngine.seedFor(callId), request.getExplain());
  }

  /** The default region of a customer's policy ("" for none). */
  @FunctionalInterface
  interface DefaultRegions {
    String of(String customerId);
  }

  /** A Select's answer: the plan's header and every attempt. */
  static SelectResponse response(Plan plan, boolean explain) {
    SelectResponse.Builder out = describe(plan, explain);
    for (int i = 0; i < plan.attempts().size(); i++) {
      out.addAttempts(attempt(plan.attempts().get(i), i));
    }
    return out.build();
  }

  /** The plan's header: destination, region, strategy, revision and (explain) the routes seen. */
  static SelectResponse.Builder describe(Plan plan, boolean explain) {
    SelectResponse.Builder out =
        SelectResponse.newBuilder()
            .setDestination(plan.destination().digits())
            .setDestinationRegion(explain ? plan.destination().exactRegion() : plan.destination().mainRegion())
            .setStrategy(plan.policy().strategy().name())
            .setAppliedStrategy(ProtoMapper.strategy(plan.policy().strategy()))
            .setRevision(plan.revision())
            .setExpectedCallSeconds(plan.expectedCallSeconds());
    if (plan.isBlocked()) {
      out.setBlocked(blocked(plan.blocked()));
    }
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

  static Blocked blocked(Plan.Block block) {
    return Blocked.newBuilder()
        .setRouteId(block.route().id())
        .setSipCode(block.sipCode())
        .setReason(block.reason())
        .build();
  }

  static Attempt attempt(Plan.Attempt a, int index) {
    Attempt.Builder out =
        Attempt.newBuilder()
            .setIndex(index)
            .setProviderId(a.providerId())
            .setProviderName(a.providerName())
            .setRouteId(a.route().id())
            .setSipUri(a.sipUri())
            .setDialedNumber(a.dialedNumber())
            .setGateway(a.gateway())
            .setPriceMicros(Math.max(0, a.priceMicros()))
            .setCurrency(a.currency())
            .setCostMicros(Math.max(0, a.costMicros()))
            .setCostCurrency(a.costCurrency())
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

  /** Checks a ReportOutcome request: every bad field is named in one refusal. */
  static OutcomeReport outcome(ReportOutcomeRequest request) {
    Violations v = new Violations();
    if (request.getProviderId().isEmpty()) {
      v.add("provider_id", "is required");
    }
    int callingCode = 0;
    switch (request.getCalledCase()) {
      case DESTINATION -> {
        Destination destination = Destination.parse(request.getDestination());
        if (destination == null) {
          v.add("destination",
              "must be a phone number of " + Destination.MIN_DIGITS + " to " + Destination.MAX_DIGITS
                  + " digits, optionally with a leading '+', spaces, dashes, dots or brackets");
        } else {
          callingCode = destination.callingCode();
        }
      }
      case CALLING_CODE -> {
        callingCode = request.getCallingCode();
        if (!Destination.isCallingCode(callingCode)) {
          v.add("calling_code", "must be an assigned country calling code, 1 to 999 (e.g. 49, 1)");
        }
      }
      case CALLED_NOT_SET -> v.add("destination", "destination or calling_code is required");
    }
    AttemptFailure failure = request.getFailure();
    int code = request.getSipCode();
    if (failure == AttemptFailure.UNRECOGNIZED) {
      v.add("failure", "unknown failure kind");
    } else if (failure == AttemptFailure.ATTEMPT_FAILURE_UNSPECIFIED) {
      if (code < 200 || code > 699) {
        v.add("sip_code", "must be a SIP final response code, 200 to 699, unless failure is set");
      }
    } else if (code != 0) {
      v.add("sip_code", "must be 0 when failure is set");
    }
    if (request.getPostDialDelayMs() < 0 || request.getPostDialDelayMs() > OutcomeReports.MAX_POST_DIAL_DELAY_MS) {
      v.add("post_dial_delay_ms", "must be 0 (unknown) to " + OutcomeReports.MAX_POST_DIAL_DELAY_MS);
    }
    if (request.getGateway().length() > 300) {
      v.add("gateway", "must be at most 300 characters: a gateway's address as in Attempt.gateway");
    }
    long durationMs = -1;
    if (request.hasDurationMs()) {
      durationMs = request.getDurationMs();
      if (durationMs < 0 || durationMs > OutcomeReports.MAX_DURATION_MS) {
        v.add("duration_ms", "must be 0 to " + OutcomeReports.MAX_DURATION_MS);
      } else if (failure != AttemptFailure.ATTEMPT_FAILURE_UNSPECIFIED || code < 200 || code >= 300) {
        v.add("duration_ms", "only an answered (2xx) call has a duration");
      }
    }
    v.throwIfAny();
    return new OutcomeReport(
        request.getProviderId(), request.getGateway().toLowerCase(java.util.Locale.ROOT), callingCode, code,
        ProtoMapper.failure(failure), request.getPostDialDelayMs(), durationMs);
  }
}
