package org.siproute.server.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.ReportOutcomeResponse;
import org.siproute.server.error.ServiceException;
import org.siproute.server.error.Violations;
import org.siproute.server.routing.Destination;
import org.siproute.server.routing.RoutingSnapshots;

/** RouteSelect.ReportOutcome: checks a report from a Select caller and records it. */
@Singleton
public final class OutcomeReports {
  static final long MAX_POST_DIAL_DELAY_MS = 3_600_000L;
  static final long MAX_DURATION_MS = 30L * 24 * 3_600_000L;

  private final QualityMonitor monitor;
  private final RoutingSnapshots snapshots;

  @Inject
  OutcomeReports(QualityMonitor monitor, RoutingSnapshots snapshots) {
    this.monitor = monitor;
    this.snapshots = snapshots;
  }

  public ReportOutcomeResponse report(ReportOutcomeRequest request) {
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
    if (request.getPostDialDelayMs() < 0 || request.getPostDialDelayMs() > MAX_POST_DIAL_DELAY_MS) {
      v.add("post_dial_delay_ms", "must be 0 (unknown) to " + MAX_POST_DIAL_DELAY_MS);
    }
    long durationMs = -1;
    if (request.hasDurationMs()) {
      durationMs = request.getDurationMs();
      if (durationMs < 0 || durationMs > MAX_DURATION_MS) {
        v.add("duration_ms", "must be 0 to " + MAX_DURATION_MS);
      } else if (failure != AttemptFailure.ATTEMPT_FAILURE_UNSPECIFIED || code < 200 || code >= 300) {
        v.add("duration_ms", "only an answered (2xx) call has a duration");
      }
    }
    v.throwIfAny();
    // Only providers that exist: statistics keyed by whatever callers send would grow without end.
    if (snapshots.provider(request.getProviderId()) == null) {
      throw ServiceException.notFound("provider", request.getProviderId());
    }
    monitor.reportOutcome(
        request.getProviderId(), callingCode, code, failure, request.getPostDialDelayMs(), durationMs);
    return ReportOutcomeResponse.getDefaultInstance();
  }
}
