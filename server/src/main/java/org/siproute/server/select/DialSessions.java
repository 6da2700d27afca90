package org.siproute.server.select;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.routing.CallEvents;

/**
 * Opens Dial calls, at most {@code --max-dial-streams} at once (each holds a plan and a timer,
 * and a flood of streams must not exhaust memory), and owns the timer that closes silent ones.
 */
@Singleton
public final class DialSessions implements Lifecycle {
  private final SelectService select;
  private final CallEvents events;
  private final Metrics metrics;
  private final Duration idleTimeout;
  private final Duration maxCallDuration;
  private final int maxStreams;
  private final AtomicInteger open = new AtomicInteger();
  private ScheduledExecutorService timers;

  @Inject
  DialSessions(SelectService select, CallEvents events, Metrics metrics, ServerConfig config) {
    this.select = select;
    this.events = events;
    this.metrics = metrics;
    this.idleTimeout = config.dialIdleTimeout();
    this.maxCallDuration = config.limits().maxCallDuration();
    this.maxStreams = config.limits().maxDialStreams();
    metrics.gauge("siproute_dial_streams_open", "Dial streams open on this instance", cb -> cb.call(open.get()));
  }

  /** A new call; OVERLOADED at the limit. The call gives its place back when released. */
  public DialCall open() {
    if (!takeStreamSlot()) {
      throw new ServiceException(
          ErrorCode.OVERLOADED,
          "this instance has " + maxStreams + " Dial streams open, its limit; try another instance or later");
    }
    return new DialCall(select, events, metrics, open::decrementAndGet);
  }

  /** Counts a new stream in unless the limit is reached. */
  private boolean takeStreamSlot() {
    while (true) {
      int now = open.get();
      if (now >= maxStreams) {
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /**
   * Runs {@code task} once {@code call} has been silent for as long as it may be: before it
   * connects, a silent stream means a vanished caller (the idle timeout); a connected call's
   * stream is silent by design until the call ends, so it is bounded by the longest call.
   * Null before {@link #start}.
   */
  public ScheduledFuture<?> whenSilent(DialCall call, Runnable task) {
    if (timers == null) {
      return null;
    }
    return timers.schedule(task, silenceLimit(call).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How long {@code call} may be silent now. */
  public Duration silenceLimit(DialCall call) {
    return call.connected() ? maxCallDuration : idleTimeout;
  }

  /** Dial streams open on this instance now. */
  public int openSessions() {
    return open.get();
  }

  @Override
  public void start() {
    timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dial-idle-timer");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void stop() {
    if (timers != null) {
      timers.shutdownNow();
    }
  }
}
