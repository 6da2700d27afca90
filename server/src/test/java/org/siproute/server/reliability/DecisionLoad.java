package org.siproute.server.reliability;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.siproute.proto.v1.AttemptResult;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.proto.v1.DialStart;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;

/**
 * Call services at work: threads asking Select and driving Dial streams (first attempt, a 503,
 * the next attempt) without pause, counting decisions and keeping every failure. A decision
 * fails when the call fails, takes longer than {@link #CALL_DEADLINE_SECONDS}, or routes the
 * call nowhere although a route exists.
 */
final class DecisionLoad implements AutoCloseable {
  /** Far above a decision's normal time (micro- to milliseconds); only a hang reaches it. */
  static final long CALL_DEADLINE_SECONDS = 5;

  private final Channel channel;
  private final SelectRequest call;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong selects = new AtomicLong();
  private final AtomicLong dials = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private DecisionLoad(Channel channel, SelectRequest call) {
    this.channel = channel;
    this.call = call;
  }

  /** Starts {@code selectThreads} Select callers and {@code dialThreads} Dial callers. */
  static DecisionLoad start(Channel channel, SelectRequest call, int selectThreads, int dialThreads) {
    DecisionLoad load = new DecisionLoad(channel, call);
    for (int i = 0; i < selectThreads; i++) {
      load.spawn("select-load-" + i, load::selectOnce);
    }
    for (int i = 0; i < dialThreads; i++) {
      load.spawn("dial-load-" + i, load::dialOnce);
    }
    return load;
  }

  /** Decisions made so far (Select answers plus completed Dial exchanges). */
  long decisions() {
    return selects.get() + dials.get();
  }

  long dials() {
    return dials.get();
  }

  long selects() {
    return selects.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(CALL_DEADLINE_SECONDS * 3));
    }
  }

  private void spawn(String name, Runnable once) {
    Thread t =
        new Thread(
            () -> {
              while (running.get()) {
                once.run();
              }
            },
            name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void selectOnce() {
    try {
      SelectResponse plan =
          RouteSelectGrpc.newBlockingStub(channel)
              .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
              .select(call);
      if (plan.getAttemptsCount() == 0) {
        failures.add("Select routed the call nowhere");
      } else {
        selects.incrementAndGet();
      }
    } catch (StatusRuntimeException e) {
      failures.add("Select failed: " + e.getStatus());
    }
  }

  private void dialOnce() {
    BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    AtomicReference<ClientCallStreamObserver<DialRequest>> requests = new AtomicReference<>();
    RouteSelectGrpc.newStub(channel)
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .dial(
            new ClientResponseObserver<DialRequest, DialResponse>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<DialRequest> stream) {
                requests.set(stream);
              }

              @Override
              public void onNext(DialResponse value) {
                received.add(value);
              }

              @Override
              public void onError(Throwable t) {
                received.add(t);
              }

              @Override
              public void onCompleted() {
                received.add("completed");
              }
            });
    try {
      requests.get().onNext(DialRequest.newBuilder().setStart(DialStart.newBuilder().setRequest(call)).build());
      Object first = received.poll(CALL_DEADLINE_SECONDS + 1, TimeUnit.SECONDS);
      if (!(first instanceof DialResponse response) || !response.hasAttempt()) {
        failures.add("Dial start answered " + first);
        return;
      }
      requests.get().onNext(
          DialRequest.newBuilder()
              .setResult(AttemptResult.newBuilder().setIndex(response.getAttempt().getIndex()).setSipCode(503))
              .build());
      Object second = received.poll(CALL_DEADLINE_SECONDS + 1, TimeUnit.SECONDS);
      if (!(second instanceof DialResponse next) || !(next.hasAttempt() || next.hasEnd())) {
        failures.add("Dial after a 503 answered " + second);
        return;
      }
      dials.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      requests.get().cancel("the load is done with this call", null);
    }
  }
}
