package org.siproute.server.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.siproute.server.store.CallDeadline;

/** Runs the body of a unary rpc and maps whatever it throws through {@link StatusMapper}. */
final class Rpcs {
  private Rpcs() {}

  /**
   * For rpcs that may use the database: the body runs within the call's deadline, which bounds
   * every statement, and a failure is mapped within it too (whether the deadline has passed
   * decides how a database time-out reads).
   */
  static <T> void unary(StreamObserver<T> responses, Supplier<T> body) {
    withinDeadline(
        () -> {
          respond(responses, body);
          return null;
        });
  }

  /** For rpcs served from memory alone (Select, ReportOutcome): no deadline bookkeeping. */
  static <T> void unaryInMemory(StreamObserver<T> responses, Supplier<T> body) {
    respond(responses, body);
  }

  /**
   * Whether the caller of the current call still waits for an answer. A call whose deadline has
   * passed, or whose caller gave up, before its work began (it waited in a socket buffer or
   * behind other calls) is answered DEADLINE_EXCEEDED or CANCELLED at once and its work skipped:
   * nobody would read the result, and under overload that work would only delay the calls that
   * can still be answered in time. The deadline is read directly, not only through the
   * cancellation its timer triggers, which may not have run yet.
   */
  static boolean stillWanted(StreamObserver<?> responses) {
    Context context = Context.current();
    Deadline deadline = context.getDeadline();
    if (deadline != null && deadline.isExpired()) {
      responses.onError(Status.DEADLINE_EXCEEDED.withDescription("the deadline passed before the call was served").asRuntimeException());
      return false;
    }
    if (context.isCancelled()) {
      responses.onError(Contexts.statusFromCancelled(context).asRuntimeException());
      return false;
    }
    return true;
  }

  /** Runs {@code work} bounded by the gRPC deadline of the current call, if it has one. */
  static <T> T withinDeadline(Supplier<T> work) {
    Deadline deadline = Context.current().getDeadline();
    return deadline == null
        ? CallDeadline.NONE.run(work)
        : CallDeadline.after(deadline.timeRemaining(TimeUnit.NANOSECONDS)).run(work);
  }

  private static <T> void respond(StreamObserver<T> responses, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (Throwable t) {
      responses.onError(StatusMapper.toStatus(t));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }
}
