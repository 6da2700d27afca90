package org.siproute.server.api;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import java.time.Clock;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.ReportOutcomeResponse;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.quality.OutcomeReports;
import org.siproute.server.select.DialSessions;
import org.siproute.server.select.SelectService;

/**
 * The RouteSelect gRPC service: Select to {@link SelectService}, each Dial stream to a {@link
 * DialStream}, ReportOutcome to {@link OutcomeReports}. Everything is served from memory.
 */
public final class RouteSelectService extends RouteSelectGrpc.RouteSelectImplBase {
  private final SelectService select;
  private final DialSessions dialSessions;
  private final OutcomeReports outcomes;
  private final Clock clock;

  @Inject
  RouteSelectService(SelectService select, DialSessions dialSessions, OutcomeReports outcomes, Clock clock) {
    this.select = select;
    this.dialSessions = dialSessions;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  @Override
  public void select(SelectRequest request, StreamObserver<SelectResponse> out) {
    if (!Rpcs.stillWanted(out)) {
      return;
    }
    Rpcs.unaryInMemory(out, () -> decide(request));
  }

  /** Select without the transport: check, decide, answer. Public for the benchmarks. */
  public SelectResponse decide(SelectRequest request) {
    return SelectRequests.response(
        select.plan(SelectRequests.call(request, "", request.getCallId(), clock)), request.getExplain());
  }

  @Override
  public StreamObserver<DialRequest> dial(StreamObserver<DialResponse> out) {
    return DialStream.open(dialSessions, clock, out);
  }

  @Override
  public void reportOutcome(ReportOutcomeRequest request, StreamObserver<ReportOutcomeResponse> out) {
    if (!Rpcs.stillWanted(out)) {
      return;
    }
    Rpcs.unaryInMemory(
        out,
        () -> {
          outcomes.report(SelectRequests.outcome(request));
          return ReportOutcomeResponse.getDefaultInstance();
        });
  }
}
