package org.siproute.server.bench;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.CallEnded;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.DialOutcome;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;

/**
 * Open-loop load at a fixed rate: request i is due at start + i / rate whatever happened to
 * the earlier ones, and its latency is measured from that intended time, so a stall counts
 * against every request it delays (no coordinated omission). One sender thread; replies are
 * recorded on the channel's threads into an HdrHistogram Recorder.
 *
 * <p>{@link #runPhases} sends several rates back to back with no pause between them (an
 * overload, then what follows it) and keeps every call's intended time, latency and status
 * code in a {@link CallLog}, for figures per phase and per time window.
 */
final class OpenLoop {
  /** More than this many requests in flight: the server is not keeping up; later ones are dropped as errors. */
  static final int MAX_IN_FLIGHT = 20_000;

  /** The status of a call the generator did not send because too many were in flight. */
  static final int NOT_SENT = -1;

  enum Kind { SELECT, DIAL }

  record Result(Kind kind, double targetRate, double achievedRate, long completed, long errors, Histogram latency) {
    double p(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6; // ns -> ms
    }

    String row() {
      return String.format("| %s | %,.0f | %,.0f | %.3f | %.3f | %.3f | %.3f | %.3f | %d |", kind, targetRate, achievedRate,
          p(50), p(90), p(99), p(99.9), latency.getMaxValue() / 1e6, errors);
    }
  }

  /** {@code rate} calls per second for {@code seconds}. */
  record Phase(String name, double rate, double seconds) {
    long calls() {
      return (long) (rate * seconds);
    }
  }

  final Recorder recorder = new Recorder(3);
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong lastDone = new AtomicLong();
  private final RouteSelectGrpc.RouteSelectStub stub;
  private final SelectRequest[] requests;
  private final Kind kind;
  private long deadlineMillis;
  private long maxInFlight = MAX_IN_FLIGHT;
  private CallLog log;

  OpenLoop(RouteSelectGrpc.RouteSelectStub stub, SelectRequest[] requests, Kind kind) {
    this.stub = stub;
    this.requests = requests;
    this.kind = kind;
  }

  /** Every call gets this deadline (from its actual send), as a caller that gives up would; 0: none. */
  OpenLoop withDeadline(long millis) {
    this.deadlineMillis = millis;
    return this;
  }

  /** Calls beyond this many in flight are not sent, and count as {@link #NOT_SENT}. */
  OpenLoop withMaxInFlight(long calls) {
    this.maxInFlight = calls;
    return this;
  }

  /** Sends at {@code rate} per second for {@code seconds}, waits for the stragglers, reports. */
  Result run(double rate, double seconds) throws InterruptedException {
    log = null;
    long start = send(List.of(new Phase("run", rate, seconds)));
    long sendEnd = System.nanoTime();
    awaitStragglers();
    double elapsed = (Math.max(sendEnd, lastDone.get()) - start) / 1e9;
    Histogram h = recorder.getIntervalHistogram();
    return new Result(kind, rate, completed.get() / elapsed, completed.get(), errors.get(), h);
  }

  /** Sends the phases back to back, waits for the stragglers, returns every call's outcome. */
  CallLog runPhases(List<Phase> phases) throws InterruptedException {
    long calls = phases.stream().mapToLong(Phase::calls).sum();
    if (calls > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many calls for one log: " + calls);
    }
    log = new CallLog(phases, (int) calls);
    log.start = send(phases);
    awaitStragglers();
    CallLog done = log;
    log = null;
    return done;
  }

  /** The open loop itself; returns the start (nanoTime) the intended times count from. */
  private long send(List<Phase> phases) {
    recorder.reset();
    completed.set(0);
    errors.set(0);
    long start = System.nanoTime() + 1_000_000;
    long phaseStart = start;
    int index = 0;
    for (int p = 0; p < phases.size(); p++) {
      Phase phase = phases.get(p);
      long total = phase.calls();
      double interval = 1e9 / phase.rate();
      for (long i = 0; i < total; i++, index++) {
        long intended = phaseStart + (long) (i * interval);
        long wait;
        while ((wait = intended - System.nanoTime()) > 0) {
          if (wait > 60_000) {
            LockSupport.parkNanos(wait - 50_000);
          } else {
            Thread.onSpinWait();
          }
        }
        if (inFlight.get() >= maxInFlight) {
          done(index, intended, NOT_SENT);
          continue;
        }
        inFlight.incrementAndGet();
        SelectRequest request = requests[index % requests.length];
        RouteSelectGrpc.RouteSelectStub callStub =
            deadlineMillis > 0 ? stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS) : stub;
        if (kind == Kind.SELECT) {
          callStub.select(request, new SelectCall(index, intended));
        } else {
          new DialCall(index, intended).start(callStub, request);
        }
      }
      phaseStart += (long) (phase.seconds() * 1e9);
      if (log != null) {
        log.sendBehindNanos[p] = Math.max(0, System.nanoTime() - phaseStart);
      }
    }
    return start;
  }

  private void awaitStragglers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    errors.addAndGet(inFlight.getAndSet(0)); // never answered within 10 s
  }

  private void done(int index, long intended, int code) {
    long now = System.nanoTime();
    if (code == Status.Code.OK.value()) {
      recorder.recordValue(Math.max(0, now - intended));
      completed.incrementAndGet();
    } else {
      errors.incrementAndGet();
    }
    CallLog calls = log;
    if (calls != null) {
      calls.record(index, now - intended, code);
    }
    lastDone.set(now);
    if (code != NOT_SENT) {
      inFlight.decrementAndGet();
    }
  }

  /**
   * Every call of a {@link #runPhases} run, by index in send order: when it was due (from
   * the phases' rates), its latency from then, and its gRPC status code ({@link #NOT_SENT}, or
   * {@link #UNANSWERED} if no reply came within 10 s after the last send).
   */
  static final class CallLog {
    static final int UNANSWERED = -2;

    final List<Phase> phases;
    final long[] sendBehindNanos;
    private final long[] latencyNanos;
    private final byte[] codes;
    private final long[] phaseFirst;
    private final AtomicLong recorded = new AtomicLong();
    long start;

    CallLog(List<Phase> phases, int calls) {
      this.phases = List.copyOf(phases);
      this.sendBehindNanos = new long[phases.size()];
      this.latencyNanos = new long[calls];
      this.codes = new byte[calls];
      java.util.Arrays.fill(codes, (byte) UNANSWERED);
      this.phaseFirst = new long[phases.size() + 1];
      for (int p = 0; p < phases.size(); p++) {
        phaseFirst[p + 1] = phaseFirst[p] + phases.get(p).calls();
      }
    }

    private void record(int index, long latency, int code) {
      latencyNanos[index] = latency;
      codes[index] = (byte) code;
      recorded.incrementAndGet(); // publishes the two writes to the reader of the log
    }

    int calls() {
      recorded.get();
      return codes.length;
    }

    int phaseOf(int index) {
      int p = 0;
      while (index >= phaseFirst[p + 1]) {
        p++;
      }
      return p;
    }

    /** Offset of the phase's start from the run's start, in nanoseconds. */
    long phaseStartNanos(int phase) {
      long at = 0;
      for (int p = 0; p < phase; p++) {
        at += (long) (phases.get(p).seconds() * 1e9);
      }
      return at;
    }

    /** When call {@code index} was due, as an offset from the run's start in nanoseconds. */
    long intendedNanos(int index) {
      int p = phaseOf(index);
      return phaseStartNanos(p) + (long) ((index - phaseFirst[p]) * (1e9 / phases.get(p).rate()));
    }

    int code(int index) {
      return codes[index];
    }

    long latencyNanos(int index) {
      return latencyNanos[index];
    }

    int firstOf(int phase) {
      return (int) phaseFirst[phase];
    }

    int endOf(int phase) {
      return (int) phaseFirst[phase + 1];
    }
  }

  private final class SelectCall implements StreamObserver<SelectResponse> {
    private final int index;
    private final long intended;
    private boolean ok;

    SelectCall(int index, long intended) {
      this.index = index;
      this.intended = intended;
    }

    @Override
    public void onNext(SelectResponse value) {
      ok = true;
    }

    @Override
    public void onError(Throwable t) {
      done(index, intended, Status.fromThrowable(t).getCode().value());
    }

    @Override
    public void onCompleted() {
      done(index, intended, ok ? Status.Code.OK.value() : Status.Code.UNKNOWN.value());
    }
  }

  /** Start; 503 for the first two attempts; 200 for the third; ended. Latency: the whole stream. */
  private final class DialCall implements StreamObserver<DialResponse> {
    private final int index;
    private final long intended;
    private StreamObserver<DialRequest> requests;
    private boolean finished;

    DialCall(int index, long intended) {
      this.index = index;
      this.intended = intended;
    }

    synchronized void start(RouteSelectGrpc.RouteSelectStub callStub, SelectRequest request) {
      requests = callStub.dial(this);
      requests.onNext(DialRequest.newBuilder()
          .setStart(DialStart.newBuilder().setRequest(request).setCallId("c" + intended)).build());
    }

    @Override
    public synchronized void onNext(DialResponse response) {
      if (response.hasAttempt()) {
        int attempt = response.getAttempt().getIndex();
        requests.onNext(DialRequest.newBuilder()
            .setResult(AttemptResult.newBuilder().setIndex(attempt).setSipCode(attempt < 2 ? 503 : 200).setPostDialDelayMs(800))
            .build());
      } else if (response.hasEnd()) {
        DialEnd end = response.getEnd();
        if (end.getOutcome() == DialOutcome.CONNECTED) {
          requests.onNext(DialRequest.newBuilder().setEnded(CallEnded.newBuilder().setDurationMs(60_000)).build());
        }
      }
    }

    @Override
    public synchronized void onError(Throwable t) {
      if (!finished) {
        finished = true;
        done(index, intended, Status.fromThrowable(t).getCode().value());
      }
    }

    @Override
    public synchronized void onCompleted() {
      if (!finished) {
        finished = true;
        requests.onCompleted();
        done(index, intended, Status.Code.OK.value());
      }
    }
  }

  /** Waits on a latch; used by callers that need the first reply of a probe. */
  static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no reply within 30 s");
    }
  }
}
