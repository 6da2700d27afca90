package org.siproute.server.bench;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.DialEnd;
import org.siproute.proto.v1.CallEnded;
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
 */
final class OpenLoop {
  /** More than this many requests in flight: the server is not keeping up; later ones are dropped as errors. */
  static final int MAX_IN_FLIGHT = 20_000;

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

  final Recorder recorder = new Recorder(3);
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final RouteSelectGrpc.RouteSelectStub stub;
  private final SelectRequest[] requests;
  private final Kind kind;

  OpenLoop(RouteSelectGrpc.RouteSelectStub stub, SelectRequest[] requests, Kind kind) {
    this.stub = stub;
    this.requests = requests;
    this.kind = kind;
  }

  /** Sends at {@code rate} per second for {@code seconds}, waits for the stragglers, reports. */
  Result run(double rate, double seconds) throws InterruptedException {
    recorder.reset();
    completed.set(0);
    errors.set(0);
    long total = (long) (rate * seconds);
    double interval = 1e9 / rate;
    long start = System.nanoTime() + 1_000_000;
    for (long i = 0; i < total; i++) {
      long intended = start + (long) (i * interval);
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        if (wait > 60_000) {
          LockSupport.parkNanos(wait - 50_000);
        } else {
          Thread.onSpinWait();
        }
      }
      if (inFlight.get() >= MAX_IN_FLIGHT) {
        errors.incrementAndGet();
        continue;
      }
      inFlight.incrementAndGet();
      SelectRequest request = requests[(int) (i % requests.length)];
      if (kind == Kind.SELECT) {
        stub.select(request, new SelectCall(intended));
      } else {
        new DialCall(intended).start(request);
      }
    }
    long sendEnd = System.nanoTime();
    long deadline = sendEnd + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    double elapsed = (Math.max(sendEnd, lastDone.get()) - start) / 1e9;
    errors.addAndGet(inFlight.getAndSet(0)); // never answered within 10 s
    Histogram h = recorder.getIntervalHistogram();
    return new Result(kind, rate, completed.get() / elapsed, completed.get(), errors.get(), h);
  }

  private final AtomicLong lastDone = new AtomicLong();

  private void done(long intended, boolean ok) {
    long now = System.nanoTime();
    if (ok) {
      recorder.recordValue(Math.max(0, now - intended));
      completed.incrementAndGet();
    } else {
      errors.incrementAndGet();
    }
    lastDone.set(now);
    inFlight.decrementAndGet();
  }

  private final class SelectCall implements StreamObserver<SelectResponse> {
    private final long intended;
    private boolean ok;

    SelectCall(long intended) {
      this.intended = intended;
    }

    @Override
    public void onNext(SelectResponse value) {
      ok = true;
    }

    @Override
    public void onError(Throwable t) {
      done(intended, false);
    }

    @Override
    public void onCompleted() {
      done(intended, ok);
    }
  }

  /** Start; 503 for the first two attempts; 200 for the third; ended. Latency: the whole stream. */
  private final class DialCall implements StreamObserver<DialResponse> {
    private final long intended;
    private StreamObserver<DialRequest> requests;
    private boolean finished;

    DialCall(long intended) {
      this.intended = intended;
    }

    synchronized void start(SelectRequest request) {
      requests = stub.dial(this);
      requests.onNext(DialRequest.newBuilder()
          .setStart(DialStart.newBuilder().setRequest(request).setCallId("c" + intended)).build());
    }

    @Override
    public synchronized void onNext(DialResponse response) {
      if (response.hasAttempt()) {
        int index = response.getAttempt().getIndex();
        requests.onNext(DialRequest.newBuilder()
            .setResult(AttemptResult.newBuilder().setIndex(index).setSipCode(index < 2 ? 503 : 200).setPostDialDelayMs(800))
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
        done(intended, false);
      }
    }

    @Override
    public synchronized void onCompleted() {
      if (!finished) {
        finished = true;
        requests.onCompleted();
        done(intended, true);
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
