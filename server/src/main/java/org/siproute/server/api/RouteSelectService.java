package org.siproute.server.api;

import java.util.function.UnaryOperator;
import org.siproute.server.auth.RequestIds;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.quality.OutcomeReport;
import io.grpc.Context;
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
 * DialStream}, ReportOutcome to {@link OutcomeReports}. Everything is served from memory on the
 * transport thread, but for a ReportOutcome with a request_id: its id is stored in the database,
 * so that one is handed to {@link RpcExecution}'s recording threads and never blocks an event loop.
 */
public final class RouteSelectService extends RouteSelectGrpc.RouteSelectImplBase {
  private final SelectService select;
  private final DialSessions dialSessions;
  private final OutcomeReports outcomes;
  private final Clock clock;
  private final Idempotency idempotency;
  private final RequestIds requestIds;
  private final RpcExecution execution;

  @Inject
  RouteSelectService(
      SelectService select,
      DialSessions dialSessions,
      OutcomeReports outcomes,
      Clock clock,
      Idempotency idempotency,
      RequestIds requestIds,
      RpcExecution execution) {
    this.select = select;
    this.dialSessions = dialSessions;
    this.outcomes = outcomes;
    this.clock = clock;
    this.idempotency = idempotency;
    this.requestIds = requestIds;
    this.execution = execution;
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
        select.plan(SelectRequests.call(request, "", request.getCallId(), clock, select::defaultRegion)),
        request.getExplain());
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
    if (request.getRequestId().isEmpty()) {
      Rpcs.unaryInMemory(
          out,
          () -> {
            outcomes.report(SelectRequests.outcome(request));
            return ReportOutcomeResponse.getDefaultInstance();
          });
      return;
    }
    // With a request_id the report is counted once: its id is claimed in the database first,
    // and a retry (on any instance) finds it claimed and counts nothing. That waits on the
    // database, so it runs on a recording thread, in the call's context (caller, deadline).
    execution.offloadDecision(out, Context.current().wrap(() -> reportOnce(request, out)));
  }

  private void reportOnce(ReportOutcomeRequest request, StreamObserver<ReportOutcomeResponse> out) {
    Rpcs.unary(
        out,
        () -> {
          OutcomeReport report = SelectRequests.outcome(request);
          return idempotency.once(
              AuthContext.caller(),
              request.getRequestId(),
              request,
              ReportOutcomeResponse.getDefaultInstance(),
              caller -> {
                if (!requestIds.claim(caller, null)) {
                  throw new ServiceException(ErrorCode.CONFLICT, "a concurrent report with this request_id was counted first");
                }
                outcomes.report(report);
                return null;
              },
              nothing -> ReportOutcomeResponse.getDefaultInstance(),
              UnaryOperator.identity());
        });
  }
}
