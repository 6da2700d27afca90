package org.siproute.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.siproute.proto.v1.Attempt;
import org.siproute.proto.v1.AttemptFailure;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.CallEnded;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;

/**
 * The failover loop of one call, over a RouteSelect.Dial stream: dial {@link #first()}, report
 * each attempt's final SIP code with {@link #report}, dial what comes back until it is empty.
 * Then {@link #end()} says how the call ended. When a connected call hangs up, call {@link
 * #hangUp}; {@link #close()} always ends the stream. Not thread-safe: one call, one thread.
 */
public final class DialSession implements AutoCloseable {
  private static final Object CLOSED = new Object();

  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final Duration stepDeadline;
  private ClientCallStreamObserver<DialRequest> requests;
  private SelectResponse plan;
  private Attempt current;
  private DialEnd end;
  private boolean closed;

  private DialSession(Duration stepDeadline) {
    this.stepDeadline = stepDeadline;
  }

  static DialSession open(RouteSelectGrpc.RouteSelectStub stub, SelectRequest request, String callId, Duration deadline) {
    DialSession session = new DialSession(deadline);
    stub.dial(session.new Responses());
    session.requests.onNext(
        DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(request).setCallId(callId)).build());
    session.receive();
    return session;
  }

  /** The first provider to dial; empty when no route matched (see {@link #end()}). */
  public Optional<Attempt> first() {
    return Optional.ofNullable(current);
  }

  /** The plan's header: normalised destination, region, strategy, revision (explain: why). */
  public SelectResponse plan() {
    return plan;
  }

  /**
   * Reports the final SIP response of the current attempt. Returns the next provider to dial,
   * or empty when the call ended (connected, failed, exhausted: see {@link #end()}).
   */
  public Optional<Attempt> report(int sipCode) {
    return send(AttemptResult.newBuilder().setSipCode(sipCode));
  }

  /** Like {@link #report(int)}, with the post-dial delay in milliseconds. */
  public Optional<Attempt> report(int sipCode, long postDialDelayMs) {
    return send(AttemptResult.newBuilder().setSipCode(sipCode).setPostDialDelayMs(postDialDelayMs));
  }

  /** The current attempt got no final response in time. Fails over. */
  public Optional<Attempt> reportTimeout() {
    return send(AttemptResult.newBuilder().setFailure(AttemptFailure.TIMEOUT));
  }

  /** The current attempt's provider could not be reached. Fails over. */
  public Optional<Attempt> reportTransportError() {
    return send(AttemptResult.newBuilder().setFailure(AttemptFailure.TRANSPORT_ERROR));
  }

  private Optional<Attempt> send(AttemptResult.Builder result) {
    if (current == null) {
      throw new IllegalStateException("no attempt is outstanding" + (end == null ? "" : "; the call ended: " + end.getOutcome()));
    }
    requests.onNext(DialRequest.newBuilder().setResult(result.setIndex(current.getIndex())).build());
    current = null;
    receive();
    return Optional.ofNullable(current);
  }

  /** How the call ended; null while attempts are still being made. */
  public DialEnd end() {
    return end;
  }

  /** True when an attempt was answered. */
  public boolean isConnected() {
    return end != null && end.getOutcome() == org.siproute.proto.v1.DialOutcome.CONNECTED;
  }

  /** The connected call hung up after {@code talkTime}; ends the stream. */
  public void hangUp(Duration talkTime) {
    if (!isConnected()) {
      throw new IllegalStateException("no connected call to hang up");
    }
    if (!closed) {
      requests.onNext(DialRequest.newBuilder().setEnded(CallEnded.newBuilder().setDurationMs(talkTime.toMillis())).build());
      requests.onCompleted();
      closed = true;
    }
  }

  /** Ends the stream (the server frees what the call held). Safe to call more than once. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      requests.onCompleted();
    }
  }

  private void receive() {
    Object message;
    try {
      message = inbox.poll(stepDeadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort("interrupted");
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
    if (message == null) {
      abort("no answer within the deadline");
      throw Status.DEADLINE_EXCEEDED.withDescription("siproute did not answer within " + stepDeadline).asRuntimeException();
    }
    if (message instanceof StatusRuntimeException e) {
      closed = true;
      throw e;
    }
    if (message == CLOSED) {
      closed = true;
      throw Status.UNAVAILABLE.withDescription("the Dial stream ended unexpectedly").asRuntimeException();
    }
    DialResponse response = (DialResponse) message;
    if (response.hasPlan()) {
      plan = response.getPlan();
    }
    if (response.hasAttempt()) {
      current = response.getAttempt();
    } else if (response.hasEnd()) {
      end = response.getEnd();
      if (!isConnected()) {
        closed = true; // the server completes the stream after any other outcome
      }
    }
  }

  private void abort(String why) {
    closed = true;
    requests.cancel(why, null);
  }

  private final class Responses implements ClientResponseObserver<DialRequest, DialResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<DialRequest> requestStream) {
      requests = requestStream;
    }

    @Override
    public void onNext(DialResponse value) {
      inbox.add(value);
    }

    @Override
    public void onError(Throwable t) {
      inbox.add(t instanceof StatusRuntimeException sre ? sre : Status.fromThrowable(t).asRuntimeException());
    }

    @Override
    public void onCompleted() {
      inbox.add(CLOSED);
    }
  }
}
