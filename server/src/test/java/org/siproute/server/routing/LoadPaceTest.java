package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

/**
 * A paced load uses no more than its share of a core. The bound is one way only: a busy machine
 * gives the thread less CPU than its share, never more, so the assertion holds under any load.
 */
class LoadPaceTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void aPacedThreadUsesAtMostItsShareOfACoreOverItsWork() {
    LoadPace pace = LoadPace.forThisThread(0.25);
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    long wallBefore = System.nanoTime();
    long sink = 0;
    for (int row = 0; row < 400_000; row++) {
      sink += busyRow(row);
      pace.row();
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
    long wall = System.nanoTime() - wallBefore;
    assertThat(sink).isNotZero();
    assertThat(pace.sleptMillis()).as("it slept to keep to its share").isPositive();
    // One unchecked window of rows (at most CHECK_EVERY_ROWS) may run over: a little slack.
    assertThat((double) cpu / wall).as("CPU / wall time of the paced thread").isLessThan(0.25 * 1.2);
  }

  @Test
  void theFirstLoadIsNotPaced() {
    LoadPace pace = LoadPace.FULL_SPEED;
    long sink = 0;
    for (int row = 0; row < 100_000; row++) {
      sink += busyRow(row);
      pace.row();
    }
    assertThat(sink).isNotZero();
    assertThat(pace.sleptMillis()).isZero();
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new LoadPace(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoadPace(1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  /** About a microsecond of work, like reading and building one row. */
  private static long busyRow(int row) {
    long h = row;
    for (int i = 0; i < 200; i++) {
      h = h * 6364136223846793005L + 1442695040888963407L;
    }
    return h | 1;
  }
}
