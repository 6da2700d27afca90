package org.siproute.server.select;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.server.error.ErrorCode;
import org.siproute.server.error.ServiceException;
import org.siproute.server.error.StatusMapper;
import org.siproute.server.routing.CallEvents;
import org.siproute.server.routing.Plan;

/**
 * One Dial stream: the plan of one call, handed out one attempt at a time as the caller
 * reports failures. Messages of one stream arrive in order, but the idle timer and
 * cancellation come from other threads, hence the lock.
 */
final class DialSession implements StreamObserver<DialRequest> {
  private final SelectService select;
  private final CallEvents events;
  private final org.siproute.server.metrics.Metrics metrics;
  private final ServerCallStreamObserver<DialResponse> out;
  private final ScheduledExecutorService timers;
  private final Duration idleTimeout;
  private final Duration maxCallDuration;
  private final Runnable onClose;

  private Plan plan;
  /** Attempts offered so far; the last one is outstanding while {@code awaiting}. */
  private int offered;
  private boolean awaiting;
  private int connectedIndex = -1;
  private boolean closed;
  private ScheduledFuture<?> idleTimer;

  DialSession(
      SelectService select,
      CallEvents events,
      org.siproute.server.metrics.Metrics metrics,
      ServerCallStreamObserver<DialResponse> out,
      ScheduledExecutorService timers,
      Duration idleTimeout,
      Duration maxCallDuration,
      Runnable onClose) {
    this.select = select;
    this.events = events;
    this.metrics = metrics;
    this.out = out;
    this.timers = timers;
    this.idleTimeout = idleTimeout;
    this.maxCallDuration = maxCallDuration;
    this.onClose = onClose;
  }

  @Override
  public synchronized void onNext(DialRequest request) {
    if (closed) {
      return;
    }
    if (Context.current().isCancelled()) {
      // Past its deadline or cancelled: the caller reads nothing more from this stream.
      release();
      return;
    }
    armIdleTimer();
    try {
      switch (request.getMessageCase()) {
        case START -> start(request.getStart());
        case RESULT -> result(request.getResult());
        case ENDED -> ended(request.getEnded().getDurationMs());
        case MESSAGE_NOT_SET -> throw ServiceException.invalid("message", "one of start, result or ended is required");
      }
    } catch (RuntimeException e) {
      fail(StatusMapper.toStatus(e));
    }
  }

  private void start(DialStart start) {
    if (plan != null) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "the stream has already started; open a new stream for another call");
    }
    String callId = start.getCallId().isEmpty() ? start.getRequest().getCallId() : start.getCallId();
    plan = select.plan(start.getRequest(), "start.request.", callId);
    DialResponse.Builder first =
        DialResponse.newBuilder().setPlan(SelectService.describe(plan, start.getRequest().getExplain()));
    if (plan.isEmpty()) {
      end(first, DialOutcome.NO_ROUTE, 0);
      return;
    }
    offer(first);
  }

  private void offer(DialResponse.Builder response) {
    Plan.Attempt next = plan.attempts().get(offered);
    // The slot is taken before the caller can see the attempt, so no plan made meanwhile
    // finds the provider below its call limit.
    events.attemptStarted(next.providerId());
    offered++;
    awaiting = true;
    out.onNext(response.setAttempt(SelectService.attempt(next, offered - 1)).build());
  }

  private void result(AttemptResult result) {
    if (plan == null) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "send start before any result");
    }
    if (connectedIndex >= 0) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "the call is already connected; send ended or close the stream");
    }
    int index = result.getIndex();
    if (index < 0 || index >= offered) {
      throw ServiceException.invalid("result.index", "attempt " + index + " was not offered on this stream");
    }
    if (index != offered - 1 || !awaiting) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "the result of attempt " + index + " was already reported");
    }
    AttemptFailure failure = result.getFailure();
    if (failure == AttemptFailure.UNRECOGNIZED) {
      throw ServiceException.invalid("result.failure", "unknown failure kind");
    }
    int code = result.getSipCode();
    if (failure == AttemptFailure.ATTEMPT_FAILURE_UNSPECIFIED && (code < 200 || code > 699)) {
      throw ServiceException.invalid("result.sip_code", "must be a SIP final response code, 200 to 699, unless failure is set");
    }
    if (result.getPostDialDelayMs() < 0) {
      throw ServiceException.invalid("result.post_dial_delay_ms", "must not be negative");
    }
    awaiting = false;
    Plan.Attempt attempt = plan.attempts().get(index);
    boolean providerFailure = failure != AttemptFailure.ATTEMPT_FAILURE_UNSPECIFIED;
    int sipCode = providerFailure ? 0 : code;
    events.attemptFinished(
        attempt.providerId(), plan.destination().callingCode(), sipCode, failure, result.getPostDialDelayMs());
    DialResponse.Builder response = DialResponse.newBuilder();
    boolean failsOver = providerFailure || (code >= 300 && plan.policy().failoverCodes().failsOver(code));
    metrics.attemptResult(
        attempt.providerId(),
        providerFailure ? (failure == AttemptFailure.TIMEOUT ? "timeout" : "transport") : Integer.toString(code),
        failsOver && offered < plan.attempts().size());
    if (!providerFailure && code < 300) {
      connectedIndex = index;
      armIdleTimer(); // from now on bounded by the longest call, not the idle timeout
      out.onNext(response.setEnd(end(DialOutcome.CONNECTED, code)).build());
      return; // the stream lives as long as the call
    }
    if (failsOver) {
      if (offered < plan.attempts().size()) {
        offer(response);
      } else {
        end(response, DialOutcome.EXHAUSTED, sipCode);
      }
      return;
    }
    end(response, DialOutcome.FAILED, code);
  }

  private void ended(long durationMs) {
    if (connectedIndex < 0) {
      throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "no call is connected on this stream");
    }
    if (durationMs < 0) {
      throw ServiceException.invalid("ended.duration_ms", "must not be negative");
    }
    events.callEnded(plan.attempts().get(connectedIndex).providerId(), plan.destination().callingCode(), durationMs);
    connectedIndex = -2; // ended: nothing held any more
    complete();
  }

  private DialEnd end(DialOutcome outcome, int sipCode) {
    return DialEnd.newBuilder()
        .setOutcome(outcome)
        .setSipCode(sipCode)
        .setAttempts(offered)
        .setConnectedIndex(outcome == DialOutcome.CONNECTED ? offered - 1 : -1)
        .build();
  }

  private void end(DialResponse.Builder response, DialOutcome outcome, int sipCode) {
    out.onNext(response.setEnd(end(outcome, sipCode)).build());
    complete();
  }

  @Override
  public synchronized void onError(Throwable t) {
    release();
  }

  @Override
  public synchronized void onCompleted() {
    // The caller half-closed: after CONNECTED that is the call's end; otherwise it gave up.
    if (closed) {
      return;
    }
    complete();
  }

  synchronized void cancelled() {
    release();
  }

  /**
   * Before the call connects, a silent stream means a vanished caller: the idle timeout closes
   * it. A connected call's stream is silent by design until the call ends, so it is bounded by
   * the longest call instead (a caller whose connection dies is noticed by HTTP/2 keepalive).
   */
  synchronized void armIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
    if (!closed && timers != null) {
      Duration limit = connectedIndex >= 0 ? maxCallDuration : idleTimeout;
      idleTimer = timers.schedule(this::idle, limit.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void idle() {
    if (!closed) {
      String why =
          connectedIndex >= 0
              ? "the connected call passed the longest call duration (" + maxCallDuration.toMinutes() + " min); closed"
              : "no message on this Dial stream for " + idleTimeout.toSeconds() + " s; closed";
      fail(Status.DEADLINE_EXCEEDED.withDescription(why).asRuntimeException());
    }
  }

  private void complete() {
    if (!closed) {
      release();
      out.onCompleted();
    }
  }

  private void fail(RuntimeException status) {
    if (!closed) {
      release();
      try {
        out.onError(status);
      } catch (IllegalStateException alreadyClosed) {
        // the call was cancelled meanwhile; nothing to tell
      }
    }
  }

  /** Frees what the session holds; runs once. */
  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
    if (plan != null) {
      if (awaiting) {
        events.attemptAbandoned(plan.attempts().get(offered - 1).providerId(), plan.destination().callingCode());
      } else if (connectedIndex >= 0) {
        events.callEnded(plan.attempts().get(connectedIndex).providerId(), plan.destination().callingCode(), -1);
      }
    }
    onClose.run();
  }
}
