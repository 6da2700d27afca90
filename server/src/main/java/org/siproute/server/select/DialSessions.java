package org.siproute.server.select;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.siproute.proto.v1.DialRequest;
import org.siproute.proto.v1.DialResponse;
import org.siproute.server.SiprouteServer;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.metrics.Metrics;
import org.siproute.server.error.ErrorCode;
import org.siproute.server.error.ServiceException;
import org.siproute.server.error.StatusMapper;
import org.siproute.server.routing.CallEvents;

/**
 * Opens Dial sessions, at most {@code --max-dial-streams} at once (each holds a plan and a
 * timer, and a flood of streams must not exhaust memory), and owns their idle timer.
 */
@Singleton
public final class DialSessions implements SiprouteServer.Lifecycle {
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
  }

  StreamObserver<DialRequest> open(StreamObserver<DialResponse> responses) {
    ServerCallStreamObserver<DialResponse> out = (ServerCallStreamObserver<DialResponse>) responses;
    if (!takeStreamSlot()) {
      out.onError(
          StatusMapper.toStatus(
              new ServiceException(
                  ErrorCode.RESOURCE_EXHAUSTED,
                  "this instance has " + maxStreams + " Dial streams open, its limit; try another instance or later")));
      return REFUSED;
    }
    DialSession session = new DialSession(select, events, metrics, out, timers, idleTimeout, maxCallDuration, open::decrementAndGet);
    out.setOnCancelHandler(session::cancelled);
    session.armIdleTimer();
    return session;
  }

  /** Counts a new stream in unless the limit is reached; the session gives the slot back. */
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
