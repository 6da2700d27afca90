package org.siproute.server.routing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a full snapshot load that runs while an older snapshot serves decisions, so that the
 * load takes at most a share of one core and allocates at a bounded rate. A reload at full
 * speed on a small machine (two loader threads plus the database streaming a million rows)
 * left the transport threads waiting for a core and the collector copying the half-built
 * snapshot: Select p99 went to 325 ms at 5 000/s (server/docs/benchmarks.md). The first load,
 * before the server listens, has nobody to share with and runs at full speed.
 *
 * <p>The loading thread reports its rows; every {@value #CHECK_EVERY_ROWS} rows it compares
 * the CPU time it used with the wall time that passed and sleeps off the excess. Not thread
 * safe: one per loading thread.
 */
final class LoadPace {
  private static final int CHECK_EVERY_ROWS = 4_096;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** No pacing: the first load. */
  static final LoadPace FULL_SPEED = new LoadPace(1.0);

  private final double coreShare;
  private int rows;
  private long windowCpuNanos;
  private long windowWallNanos;
  private long sleptNanos;

  /** {@code coreShare}: the share of one core the loading thread may use, in (0, 1]. */
  LoadPace(double coreShare) {
    if (!(coreShare > 0 && coreShare <= 1)) {
      throw new IllegalArgumentException("core share must be in (0, 1]: " + coreShare);
    }
    this.coreShare = coreShare;
  }

  /** A pace for the calling thread at {@code coreShare} of a core. */
  static LoadPace forThisThread(double coreShare) {
    LoadPace pace = new LoadPace(coreShare);
    pace.restartWindow();
    return pace;
  }

  /** Counts one row read and built; now and then sleeps to keep to the share. */
  void row() {
    if (coreShare >= 1 || ++rows < CHECK_EVERY_ROWS) {
      return;
    }
    rows = 0;
    long cpu = THREADS.getCurrentThreadCpuTime() - windowCpuNanos;
    long wall = System.nanoTime() - windowWallNanos;
    // At share s, the CPU used over a window may be at most s times the window's wall time.
    long owed = (long) (cpu / coreShare) - wall;
    if (owed > 0) {
      long until = System.nanoTime() + owed;
      for (long left = owed; left > 0; left = until - System.nanoTime()) {
        LockSupport.parkNanos(left);
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      sleptNanos += owed;
    }
    restartWindow();
  }

  private void restartWindow() {
    windowCpuNanos = THREADS.getCurrentThreadCpuTime();
    windowWallNanos = System.nanoTime();
  }

  /** How long this pace made its thread sleep, in milliseconds. */
  long sleptMillis() {
    return TimeUnit.NANOSECONDS.toMillis(sleptNanos);
  }
}
