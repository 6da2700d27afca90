package org.siproute.server.api;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.siproute.proto.v1.RouteSelectGrpc;
import org.siproute.server.config.LimitsConfig;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;
import org.siproute.server.lifecycle.Lifecycle;
import org.siproute.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each rpc runs, and how many may be in flight at once.
 *
 * <p><b>No hand-off on the decision path.</b> The server's executor is direct: every call
 * arrives on the transport's event-loop thread that read it, as in the grpc-java floor, and
 * gRPC takes its direct path (no serializing queue per call, messages read in place). Handing
 * each call to an executor thread and its response back cost more CPU than the decision itself
 * (server/docs/benchmarks.md); so did merely installing a per-call executor choice, which makes
 * gRPC queue every callback of every call (about 1.5 µs a call). RouteSelect (Select, Dial,
 * ReportOutcome) and health never block and stay on the event loop. Every other rpc (RouteAdmin,
 * reflection) may wait on the database or on snapshot catch-up, so this interceptor moves it to
 * a fixed pool of {@code --admin-threads}: each admitted call gets a sequential executor on that
 * pool, and its start and every callback run there, in order and in the call's gRPC context (its
 * deadline and cancellation). A blocked admin call never stalls an event loop. The one decision
 * that waits on the database, a ReportOutcome with a request_id, is handed by its service to a
 * few recording threads ({@link #offloadDecision}).
 *
 * <p><b>Nothing queues without bound.</b>
 *
 * <ul>
 *   <li>Decisions: at most {@code --max-decisions-in-flight} Select and ReportOutcome calls may
 *       have their request here and not yet be answered. Beyond that a call is refused at once,
 *       when its request arrives, with RESOURCE_EXHAUSTED and a RetryInfo delay, before its
 *       decision. A Select on the event loop is answered in the turn that reads its request, so
 *       what the bound holds back in practice is ReportOutcome calls waiting for a recording
 *       thread, and calls whose client sent the request but not yet the end of its stream. Under
 *       overload the rest waits unread in the connections, bounded by {@code --max-read-bytes}
 *       and {@code --max-streams-per-connection}.
 *   <li>Admin calls: at most {@code --max-admin-calls} are admitted, served or waiting for an admin
 *       thread; the pool's queue holds at most one entry per admitted call (a call's sequential
 *       executor queues its own callbacks and submits one task at a time). Beyond that a call is
 *       refused the same way, on the event loop, without reaching the pool.
 *   <li>Dial streams have their own bound ({@code --max-dial-streams}, in {@code DialSessions}).
 * </ul>
 *
 * <p>Refusals are counted in {@code siproute_overload_refusals_total} and logged as a summary at
 * most every {@value #LOG_INTERVAL_SECONDS} s, never one line per call.
 */
public final class RpcExecution implements ServerInterceptor, Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(RpcExecution.class);
  private static final long LOG_INTERVAL_SECONDS = 10;

  /** Threads for decisions that must wait on the database: few such calls, each brief. */
  private static final int RECORDING_THREADS = 4;

  /** How long a refused decision is told to wait: a call-routing client has little time to spare. */
  static final Duration DECISION_RETRY_DELAY = Duration.ofMillis(100);

  /** How long a refused admin call is told to wait. */
  static final Duration ADMIN_RETRY_DELAY = Duration.ofSeconds(1);

  /** Services answered on the event loop: they never block. */
  private static final Set<String> EVENT_LOOP_SERVICES = Set.of(RouteSelectGrpc.SERVICE_NAME, HealthGrpc.SERVICE_NAME);

  /** Unary decisions, counted against --max-decisions-in-flight. Dial streams have their own bound. */
  private static final Set<String> DECISIONS =
      Set.of(
          RouteSelectGrpc.getSelectMethod().getFullMethodName(),
          RouteSelectGrpc.getReportOutcomeMethod().getFullMethodName());

  private final int maxDecisions;
  private final int adminThreads;
  private final int maxAdminCalls;
  private final AtomicInteger decisionsInFlight = new AtomicInteger();
  private final AtomicInteger adminCalls = new AtomicInteger();
  private final Refusals decisionRefusals;
  private final Refusals adminRefusals;
  private final Predicate<Place<?, ?>> admitDecision = this::admitDecision;
  private volatile ThreadPoolExecutor adminPool;
  private volatile ThreadPoolExecutor recordingPool;

  @Inject
  RpcExecution(ServerConfig config, Metrics metrics) {
    LimitsConfig limits = config.limits();
    this.maxDecisions = limits.maxDecisionsInFlight();
    this.adminThreads = limits.adminThreads();
    this.maxAdminCalls = limits.maxAdminCalls();
    this.decisionRefusals = new Refusals("decision", maxDecisions, DECISION_RETRY_DELAY, metrics);
    this.adminRefusals = new Refusals("admin", maxAdminCalls, ADMIN_RETRY_DELAY, metrics);
    metrics.gauge(
        "siproute_calls_in_flight",
        "Calls started and not yet ended, by kind (decision: Select and ReportOutcome; admin: rpcs of the admin threads)",
        cb -> {
          cb.call(decisionsInFlight.get(), "decision");
          cb.call(adminCalls.get(), "admin");
        },
        "kind");
  }

  @Override
  public synchronized void start() {
    if (adminPool != null) {
      return;
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            adminThreads,
            adminThreads,
            60,
            TimeUnit.SECONDS,
            // Each call's sequential executor sits in this queue at most once while it waits for a
            // thread: one entry per admitted call, plus one per call that has ended (and so freed
            // its place) but whose last callback has not run yet. That is at most twice the bound.
            new ArrayBlockingQueue<>(2 * maxAdminCalls),
            r -> {
              Thread t = new Thread(r, "siproute-admin-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    adminPool = pool;
    recordingPool = recordingPool();
  }

  /**
   * Threads for the few decisions that must wait on the database (a ReportOutcome with a
   * request_id). Such a call holds its decision place until it is answered, so the queue never
   * holds more than {@code --max-decisions-in-flight} entries.
   */
  private ThreadPoolExecutor recordingPool() {
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            RECORDING_THREADS,
            RECORDING_THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(maxDecisions),
            r -> {
              Thread t = new Thread(r, "siproute-record-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Runs {@code work}, a decision's blocking part that answers {@code responses} itself, on a
   * recording thread. If there is none (the server stopped) or the queue is full, the call is
   * answered RESOURCE_EXHAUSTED like any decision beyond the bound.
   */
  void offloadDecision(StreamObserver<?> responses, Runnable work) {
    ThreadPoolExecutor pool = recordingPool;
    try {
      if (pool != null) {
        pool.execute(work);
        return;
      }
    } catch (RejectedExecutionException e) {
      // answered below
    }
    decisionRefusals.counter.inc();
    responses.onError(decisionRefusals.status);
  }

  /** After the server stopped: admin calls still running are interrupted. */
  @Override
  public synchronized void stop() {
    if (adminPool != null) {
      adminPool.shutdownNow();
      adminPool = null;
    }
    if (recordingPool != null) {
      recordingPool.shutdownNow();
      recordingPool = null;
    }
  }

  /** Number of decisions (Select, ReportOutcome) started and not yet ended. */
  public int decisionsInFlight() {
    return decisionsInFlight.get();
  }

  /** Number of admin calls admitted and not yet closed or cancelled. */
  public int adminCallsInFlight() {
    return adminCalls.get();
  }

  /** Whether {@code method} is served on the event loop (it never blocks) rather than the admin pool. */
  static boolean onEventLoop(MethodDescriptor<?, ?> method) {
    return EVENT_LOOP_SERVICES.contains(method.getServiceName());
  }

  // ---------------------------------------------------------------- admission

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    if (onEventLoop(method)) {
      if (!DECISIONS.contains(method.getFullMethodName())) {
        return next.startCall(call, headers);
      }
      return admittedWithItsRequest(call, headers, next);
    }
    ThreadPoolExecutor pool = adminPool;
    if (pool == null || adminCalls.incrementAndGet() > maxAdminCalls) {
      if (pool != null) {
        adminCalls.decrementAndGet();
      }
      return adminRefusals.refuse(call);
    }
    return new OnAdminPool<>(new Place<>(call, adminCalls), headers, next, pool);
  }

  /**
   * Starts the decision with {@code next}; its place is taken when its request arrives, and given
   * back exactly once: when the service closes the call (before the client can see the answer),
   * or when the call is cancelled without being closed. Freed at close, a place is free again by
   * the time the client has its answer: a client making one call after another is never refused
   * because its last call's place was still held.
   *
   * <p>Counted from the request, not from the headers: a decision is work only once its request
   * is here. HTTP/2 clients (h2load, Envoy, grpc-go under load) open many streams before they
   * send their messages; counted from the headers, those idle streams filled the bound and
   * refused real work (goodput 64-69 % at the default bound against 92-94 % without it,
   * server/docs/benchmarks.md). Streams waiting for their request are bounded per connection
   * by {@code --max-streams-per-connection} and cost only their headers.
   */
  private <ReqT, RespT> ServerCall.Listener<ReqT> admittedWithItsRequest(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Place<ReqT, RespT> place = new Place<>(call, decisionsInFlight, admitDecision);
    place.listener = next.startCall(place, headers);
    return place.new DecisionListener();
  }

  /** Takes a place for the request that has just arrived, or refuses the call; whether it did. */
  private boolean admitDecision(Place<?, ?> place) {
    if (decisionsInFlight.incrementAndGet() > maxDecisions) {
      decisionsInFlight.decrementAndGet();
      decisionRefusals.refuse(place);
      return false;
    }
    place.taken();
    return true;
  }

  /**
   * An admitted admin call as the event loop sees it: its start and each callback are queued, in
   * order, on the call's own sequential executor over the admin pool, in the gRPC context of the
   * callback (deadline, cancellation). The place is freed on the event loop when the call ends,
   * so a full pool cannot hold places. A callback that throws ends the call with INTERNAL, never
   * with what it threw; a pool that no longer takes work (the server stopped) ends it with
   * UNAVAILABLE.
   */
  private static final class OnAdminPool<ReqT, RespT> extends ServerCall.Listener<ReqT> {
    private static final ServerCall.Listener<Object> NOTHING = new ServerCall.Listener<>() {};

    private final Place<ReqT, RespT> place;
    private final Executor serial;
    /** Set by the start, read by later callbacks: all run on the sequential executor, in order. */
    private ServerCall.Listener<ReqT> delegate;

    OnAdminPool(Place<ReqT, RespT> place, Metadata headers, ServerCallHandler<ReqT, RespT> next, Executor pool) {
      this.place = place;
      this.serial = MoreExecutors.newSequentialExecutor(pool);
      submit(() -> delegate = next.startCall(place, headers));
    }

    @Override
    public void onMessage(ReqT message) {
      submit(() -> delegate.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      submit(() -> delegate.onHalfClose());
    }

    @Override
    public void onReady() {
      submit(() -> delegate.onReady());
    }

    @Override
    public void onCancel() {
      place.release();
      submit(() -> delegate.onCancel());
    }

    @Override
    public void onComplete() {
      place.release();
      submit(() -> delegate.onComplete());
    }

    @SuppressWarnings("unchecked")
    private void submit(Runnable callback) {
      Runnable inContext =
          Context.current()
              .wrap(
                  () -> {
                    try {
                      callback.run();
                    } catch (RuntimeException | Error e) {
                      if (delegate == null) {
                        delegate = (ServerCall.Listener<ReqT>) NOTHING;
                      }
                      log.error("admin call {} failed", place.getMethodDescriptor().getFullMethodName(), e);
                      end(Status.INTERNAL.withDescription("internal error"));
                    }
                  });
      try {
        serial.execute(inContext);
      } catch (RejectedExecutionException stopped) {
        place.release();
        end(Status.UNAVAILABLE.withDescription("the server is shutting down"));
      }
    }

    private void end(Status status) {
      try {
        place.close(status, new Metadata());
      } catch (IllegalStateException alreadyClosed) {
        // the call had already answered; nothing more to tell
      }
    }
  }

  /**
   * One call's place, freed by its close or by its cancellation, whichever is first. An admin
   * call holds its place from its start; a decision from its request ({@link #taken}).
   */
  private static final class Place<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Place> RELEASED = AtomicIntegerFieldUpdater.newUpdater(Place.class, "released");

    private final AtomicInteger inFlight;
    /** 0 while the place is held; 1 before it is taken and after it is freed. */
    private volatile int released;
    /** Takes a decision's place when its request arrives, or refuses the call; whether it did. */
    private final Predicate<Place<?, ?>> admission;
    /** Event loop only, for a decision: whether its request has arrived, and whether it was refused then. */
    private boolean requestArrived;
    private boolean refused;
    private ServerCall.Listener<ReqT> listener;

    /** An admin call's place, taken already. */
    Place(ServerCall<ReqT, RespT> call, AtomicInteger inFlight) {
      super(call);
      this.inFlight = inFlight;
      this.admission = null;
    }

    /** A decision's place, to be taken by {@code admission} when its request arrives. */
    Place(ServerCall<ReqT, RespT> call, AtomicInteger inFlight, Predicate<Place<?, ?>> admission) {
      super(call);
      this.inFlight = inFlight;
      this.admission = admission;
      this.released = 1;
    }

    /** The place, already counted in {@code inFlight}, is now this call's. */
    private void taken() {
      released = 0;
    }

    private void release() {
      // close (on the service's thread) and onCancel (from gRPC) may both happen, concurrently.
      if (RELEASED.compareAndSet(this, 0, 1)) {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      release();
      super.close(status, trailers);
    }

    /**
     * What gRPC calls for a decision: the place taken when the request arrives (or the call
     * refused), then the service's listener, and the place freed on cancellation or completion.
     * A refused call's service never sees its request or half-close, only its end.
     */
    private final class DecisionListener extends ForwardingServerCallListener<ReqT> {
      @Override
      protected ServerCall.Listener<ReqT> delegate() {
        return listener;
      }

      @Override
      public void onMessage(ReqT message) {
        if (!requestArrived) {
          requestArrived = true;
          refused = !admission.test(Place.this);
        }
        if (!refused) {
          super.onMessage(message);
        }
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        release();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        release();
        super.onComplete();
      }
    }
  }


  /** The refusals of one kind: the status (built once), the counter, the summary in the log. */
  private static final class Refusals {
    private final String kind;
    private final int limit;
    private final StatusRuntimeException status;
    private final CounterDataPoint counter;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS));

    Refusals(String kind, int limit, Duration retryDelay, Metrics metrics) {
      this.kind = kind;
      this.limit = limit;
      this.counter = metrics.overloadRefusals(kind);
      this.status =
          StatusMapper.toStatus(
              new ServiceException(
                  ErrorCode.OVERLOADED,
                  "overloaded: " + limit + " " + (kind.equals("decision") ? "decisions" : "admin calls")
                      + " in flight on this instance; retry after " + retryDelay.toMillis() + " ms",
                  Map.of(ServiceException.RETRY_AFTER_MILLIS, Long.toString(retryDelay.toMillis()))));
    }

    <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call) {
      counter.inc();
      refused.incrementAndGet();
      long now = System.nanoTime();
      long last = lastLogNanos.get();
      if (now - last >= TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS) && lastLogNanos.compareAndSet(last, now)) {
        log.warn(
            "overloaded: refused {} {} calls in the last {} s (limit {} in flight); see siproute_overload_refusals_total",
            refused.getAndSet(0), kind, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(now - last)), limit);
      }
      // Trailers are copied: gRPC may add to them while writing.
      Metadata trailers = new Metadata();
      if (status.getTrailers() != null) {
        trailers.merge(status.getTrailers());
      }
      call.close(status.getStatus(), trailers);
      return new ServerCall.Listener<>() {};
    }
  }
}
