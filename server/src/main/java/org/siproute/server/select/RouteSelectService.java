package org.siproute.server.select;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.ReportOutcomeRequest;
import org.siproute.proto.v1.ReportOutcomeResponse;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;
import org.siproute.server.error.Rpcs;
import org.siproute.server.quality.OutcomeReports;

/**
 * The RouteSelect gRPC service: Select goes to {@link SelectService}, Dial to a session,
 * ReportOutcome to {@link OutcomeReports}.
 */
public final class RouteSelectService extends RouteSelectGrpc.RouteSelectImplBase {
  private final SelectService select;
  private final DialSessions dialSessions;
  private final OutcomeReports outcomes;

  @Inject
  RouteSelectService(SelectService select, DialSessions dialSessions, OutcomeReports outcomes) {
    this.select = select;
    this.dialSessions = dialSessions;
    this.outcomes = outcomes;
  }

  @Override
  public void select(SelectRequest request, StreamObserver<SelectResponse> out) {
    Context context = Context.current();
    if (context.isCancelled()) {
      // The deadline passed (or the caller gave up) while the call waited for a thread:
      // nobody will read the plan, so none is computed.
      out.onError(Contexts.statusFromCancelled(context).asRuntimeException());
      return;
    }
    Rpcs.unary(out, () -> select.select(request));
  }

  @Override
  public StreamObserver<DialRequest> dial(StreamObserver<DialResponse> out) {
    return dialSessions.open(out);
  }

  @Override
  public void reportOutcome(ReportOutcomeRequest request, StreamObserver<ReportOutcomeResponse> out) {
    Rpcs.unary(out, () -> outcomes.report(request));
  }
}
