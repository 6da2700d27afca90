package org.siproute.server.store;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How long the call being served may still wait for the database, as a plain value: the edge
 * runs each call's work {@link #run within} its deadline, and {@link StatementTimeouts} bounds
 * every statement by what is left of it. Work that continues a call on another thread (a rate
 * import's writer) takes the deadline along with {@link #current}.
 */
public final class CallDeadline {
  /** No deadline: statements are bounded by the query and bulk timeouts alone. */
  public static final CallDeadline NONE = new CallDeadline(0, false);

  private static final ThreadLocal<CallDeadline> CURRENT = ThreadLocal.withInitial(() -> NONE);

  private final long nanoTime;
  private final boolean bounded;

  private CallDeadline(long nanoTime, boolean bounded) {
    this.nanoTime = nanoTime;
    this.bounded = bounded;
  }

  /** A deadline {@code nanos} from now. */
  public static CallDeadline after(long nanos) {
    return new CallDeadline(System.nanoTime() + nanos, true);
  }

  /** The deadline of the work running on this thread; {@link #NONE} outside any. */
  public static CallDeadline current() {
    return CURRENT.get();
  }

  /** Runs {@code work} on this thread under this deadline. */
  public <T> T run(Supplier<T> work) {
    CallDeadline outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return work.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /** Milliseconds left, 0 once passed; {@link Long#MAX_VALUE} without a deadline. */
  public long remainingMillis() {
    if (!bounded) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanoTime - System.nanoTime()));
  }

  public boolean passed() {
    return bounded && nanoTime - System.nanoTime() <= 0;
  }
}
