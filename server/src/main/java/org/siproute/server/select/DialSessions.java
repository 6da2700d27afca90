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
import org.siproute.server.routing.CallEvents;

/** Opens Dial sessions and owns their idle timer. */
@Singleton
public final class DialSessions implements SiprouteServer.Lifecycle {
  private final SelectService select;
  private final CallEvents events;
  private final Metrics metrics;
  private final Duration idleTimeout;
  private final AtomicInteger open = new AtomicInteger();
  private ScheduledExecutorService timers;

  @Inject
  DialSessions(SelectService select, CallEvents events, Metrics metrics, ServerConfig config) {
    this.select = select;
    this.events = events;
    this.metrics = metrics;
    this.idleTimeout = config.dialIdleTimeout();
  }

  StreamObserver<DialRequest> open(StreamObserver<DialResponse> responses) {
    ServerCallStreamObserver<DialResponse> out = (ServerCallStreamObserver<DialResponse>) responses;
    DialSession session = new DialSession(select, events, metrics, out, timers, idleTimeout, open::decrementAndGet);
    open.incrementAndGet();
    out.setOnCancelHandler(session::cancelled);
    session.armIdleTimer();
    return session;
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
