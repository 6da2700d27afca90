package org.siproute.server.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lock-free bucket ring: exact under concurrent adds, and sliding one bucket at a time. */
class OutcomeWindowTest {
  private static final long BUCKET = 60_000;

  @Test
  void concurrentAddsAcrossBucketBoundariesAreAllCounted() throws Exception {
    OutcomeWindow window = new OutcomeWindow(BUCKET, 15);
    AtomicLong now = new AtomicLong(10 * BUCKET);
    int threads = 8;
    int addsPerThread = 20_000;
    // 160 000 adds 5 ms apart span 800 s: 13 bucket boundaries (14 buckets) are crossed under contention, yet
    // everything stays inside the 15-bucket window. (A wider span made the count depend on the
    // scheduler: a thread preempted for a whole ring rotation adds with a time from a bucket
    // already recycled, which the window counts in the newer bucket by design.)
    long step = 5;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < addsPerThread; i++) {
                  // Time moves on while threads add: buckets are created under contention.
                  OutcomeWindow.Bucket b = window.bucket(now.addAndGet(step));
                  b.add(Counter.ATTEMPTS, 1);
                  b.touch();
                }
              });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    long end = now.get();
    assertThat(end / BUCKET - 10).as("bucket boundaries crossed").isEqualTo(13);
    assertThat(window.sum(end, Counter.ATTEMPTS)).isEqualTo((long) threads * addsPerThread);
  }

  @Test
  void everyAddOfOneBucketIsCountedEvenUnderContention() throws Exception {
    OutcomeWindow window = new OutcomeWindow(BUCKET, 15);
    int threads = 8;
    int addsPerThread = 50_000;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                for (int i = 0; i < addsPerThread; i++) {
                  window.bucket(BUCKET * 3 + i % 1000).add(Counter.ANSWERED, 1);
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread w : workers) {
      w.join();
    }
    assertThat(window.sum(BUCKET * 3, Counter.ANSWERED)).isEqualTo((long) threads * addsPerThread);
  }

  @Test
  void theWindowSlidesOneBucketAtATime() {
    OutcomeWindow window = new OutcomeWindow(BUCKET, 15);
    for (int minute = 0; minute < 15; minute++) {
      window.bucket(minute * BUCKET).add(Counter.ATTEMPTS, 1);
    }
    assertThat(window.sum(14 * BUCKET, Counter.ATTEMPTS)).isEqualTo(15);
    assertThat(window.sum(15 * BUCKET, Counter.ATTEMPTS)).as("minute 0 slid out").isEqualTo(14);
    window.bucket(15 * BUCKET).add(Counter.ATTEMPTS, 5); // reuses minute 0's slot
    assertThat(window.sum(15 * BUCKET, Counter.ATTEMPTS)).isEqualTo(19);
    assertThat(window.sum(29 * BUCKET, Counter.ATTEMPTS)).isEqualTo(5);
    assertThat(window.sum(30 * BUCKET, Counter.ATTEMPTS)).isZero();
    assertThat(window.isIdle(31 * BUCKET)).isTrue();
    window.bucket(15 * BUCKET).touch();
    assertThat(window.isIdle(31 * BUCKET)).as("a bucket not flushed yet is not idle").isFalse();
  }

  @Test
  void aFlushTakesEachChangedBucketOnceUntilItChangesAgain() {
    OutcomeWindow window = new OutcomeWindow(BUCKET, 15);
    OutcomeWindow.Bucket b = window.bucket(BUCKET * 2 + 5);
    b.add(Counter.ATTEMPTS, 2);
    b.touch();
    List<OutcomeWindow.BucketCounts> changed = window.takeChanged();
    assertThat(changed).hasSize(1);
    assertThat(changed.get(0).startMillis()).isEqualTo(BUCKET * 2);
    assertThat(changed.get(0).counts().get(Counter.ATTEMPTS)).isEqualTo(2);
    assertThat(window.takeChanged()).isEmpty();
    b.add(Counter.ATTEMPTS, 1);
    b.touch();
    assertThat(window.takeChanged().get(0).counts().get(Counter.ATTEMPTS)).as("totals, not deltas").isEqualTo(3);
    assertThat(window.isIdle(BUCKET * 40)).isTrue();
  }
}
