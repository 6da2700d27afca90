package org.siproute.server.api;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.select.DialCall;
import org.siproute.server.select.DialSessions;

/**
 * One Dial stream: its messages to the core's {@link DialCall} and its answers back. Messages
 * of one stream arrive in order, but the idle timer and cancellation come from other threads,
 * hence the lock.
 */
final class DialStream implements StreamObserver<DialRequest> {
  /** What a refused stream does with messages the caller sends anyway: nothing. */
  private static final StreamObserver<DialRequest> REFUSED =
      new StreamObserver<>() {
        @Override
        public void onNext(DialRequest value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };

  private final DialCall call;
  private final DialSessions sessions;
  private final Clock clock;
  private final ServerCallStreamObserver<DialResponse> out;
  private boolean closed;
  private ScheduledFuture<?> idleTimer;

  private DialStream(DialCall call, DialSessions sessions, Clock clock, ServerCallStreamObserver<DialResponse> out) {
    this.call = call;
    this.sessions = sessions;
    this.clock = clock;
    this.out = out;
  }

  /** Opens a stream, or refuses it (RESOURCE_EXHAUSTED) when this instance has too many. */
  static StreamObserver<DialRequest> open(
      DialSessions sessions, Clock clock, StreamObserver<DialResponse> responses) {
    ServerCallStreamObserver<DialResponse> out = (ServerCallStreamObserver<DialResponse>) responses;
    DialCall call;
    try {
      call = sessions.open();
    } catch (ServiceException refused) {
      out.onError(StatusMapper.toStatus(refused));
      return REFUSED;
    }
    DialStream stream = new DialStream(call, sessions, clock, out);
    out.setOnCancelHandler(stream::cancelled);
    stream.armIdleTimer();
    return stream;
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
    String callId = start.getCallId().isEmpty() ? start.getRequest().getCallId() : start.getCallId();
    DialCall.Next next =
        call.start(SelectRequests.call(start.getRequest(), "start.request.", callId, clock, call::defaultRegion));
    DialResponse.Builder first =
        DialResponse.newBuilder().setPlan(SelectRequests.describe(call.plan(), start.getRequest().getExplain()));
    answer(first, next);
  }

  private void result(AttemptResult result) {
    DialCall.Next next =
        call.result(
            result.getIndex(), result.getSipCode(), ProtoMapper.failure(result.getFailure()), result.getPostDialDelayMs());
    if (next == DialCall.Next.CONNECTED) {
      armIdleTimer(); // from now on bounded by the longest call, not the idle timeout
    }
    answer(DialResponse.newBuilder(), next);
  }

  private void answer(DialResponse.Builder response, DialCall.Next next) {
    switch (next) {
      case ATTEMPT ->
          out.onNext(response.setAttempt(SelectRequests.attempt(call.currentAttempt(), call.currentIndex())).build());
      case CONNECTED -> out.onNext(response.setEnd(end(DialOutcome.CONNECTED)).build()); // lives as long as the call
      case NO_ROUTE -> end(response, DialOutcome.NO_ROUTE);
      case BLOCKED -> end(response, DialOutcome.BLOCKED);
      case EXHAUSTED -> end(response, DialOutcome.EXHAUSTED);
      case FAILED -> end(response, DialOutcome.FAILED);
    }
  }

  private void ended(long durationMs) {
    call.ended(durationMs);
    complete();
  }

  private DialEnd end(DialOutcome outcome) {
    DialEnd.Builder end =
        DialEnd.newBuilder()
            .setOutcome(outcome)
            .setSipCode(outcome == DialOutcome.NO_ROUTE ? 0 : call.endSipCode())
            .setAttempts(call.offered())
            .setConnectedIndex(outcome == DialOutcome.CONNECTED ? call.currentIndex() : -1);
    if (outcome == DialOutcome.BLOCKED) {
      end.setBlocked(SelectRequests.blocked(call.plan().blocked()));
    }
    return end.build();
  }

  private void end(DialResponse.Builder response, DialOutcome outcome) {
    out.onNext(response.setEnd(end(outcome)).build());
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

  private synchronized void armIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
    if (!closed) {
      idleTimer = sessions.whenSilent(call, this::idle);
    }
  }

  private synchronized void idle() {
    if (!closed) {
      Duration limit = sessions.silenceLimit(call);
      String why =
          call.connected()
              ? "the connected call passed the longest call duration (" + limit.toMinutes() + " min); closed"
              : "no message on this Dial stream for " + limit.toSeconds() + " s; closed";
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

  /** Frees what the stream holds; runs once. */
  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
    call.release();
  }
}
