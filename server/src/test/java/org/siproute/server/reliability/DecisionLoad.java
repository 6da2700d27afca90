package org.siproute.server.reliability;

import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.siproute.client.DialSession;
import org.siproute.client.SiprouteClient;
import org.siproute.proto.v1.SelectRequest;
import org.siproute.proto.v1.SelectResponse;

/**
 * Call services at work: threads asking Select and driving Dial streams (first attempt, a 503,
 * the next attempt) without pause through the Java client, counting decisions and keeping every
 * failure. A decision fails when the call fails, takes longer than {@link #CALL_DEADLINE} (give
 * the client that deadline), or routes the call nowhere although a route exists.
 */
final class DecisionLoad implements AutoCloseable {
  /** Far above a decision's normal time (micro- to milliseconds); only a hang reaches it. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

  private final SiprouteClient client;
  private final SelectRequest call;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong selects = new AtomicLong();
  private final AtomicLong dials = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private DecisionLoad(SiprouteClient client, SelectRequest call) {
    this.client = client;
    this.call = call;
  }

  /** Starts {@code selectThreads} Select callers and {@code dialThreads} Dial callers. */
  static DecisionLoad start(SiprouteClient client, SelectRequest call, int selectThreads, int dialThreads) {
    DecisionLoad load = new DecisionLoad(client, call);
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
      t.join(CALL_DEADLINE.multipliedBy(3).toMillis());
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
      SelectResponse plan = client.select(call);
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
    try (DialSession dial = client.dial(call, "load-" + dials.get())) {
      if (dial.first().isEmpty()) {
        failures.add("Dial start answered " + dial.end());
        return;
      }
      if (dial.report(503).isEmpty() && dial.end() == null) {
        failures.add("Dial after a 503 answered neither an attempt nor an end");
        return;
      }
      dials.incrementAndGet();
    } catch (StatusRuntimeException e) {
      failures.add("Dial failed: " + e.getStatus());
    }
  }
}
