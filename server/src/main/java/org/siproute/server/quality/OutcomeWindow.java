package org.siproute.server.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts of one provider and destination over a sliding window: a ring of time buckets. It is
 * written on the call path by many threads at once, so it takes no lock: counters are atomic
 * adds, and a bucket that has slid out of the window is replaced by compare-and-set with a
 * fresh one (the thread that loses the race uses the winner's). An add that read a bucket just
 * before a full window went by and it was replaced is lost; that needs a thread stalled for a
 * whole window. The window covers the current bucket and the {@code buckets - 1} before it.
 */
final class OutcomeWindow {
  private final long bucketMillis;
  private final AtomicReferenceArray<Bucket> ring;

  /** One time bucket: the counters of outcomes whose time falls in it. */
  static final class Bucket {
    /** Bucket number: start time / bucket width. */
    final long index;

    private final AtomicLongArray counts = new AtomicLongArray(Counter.COUNT);
    /** Set by every add, cleared by the flush that writes the bucket. */
    private volatile boolean dirty;

    Bucket(long index) {
      this.index = index;
    }

    void add(Counter counter, long delta) {
      counts.addAndGet(counter.ordinal(), delta);
    }

    /** Ends a batch of adds: the next flush writes this bucket. */
    void touch() {
      dirty = true;
    }

    long get(Counter counter) {
      return counts.get(counter.ordinal());
    }

    Counts snapshot() {
      long[] values = new long[Counter.COUNT];
      for (int i = 0; i < values.length; i++) {
        values[i] = counts.get(i);
      }
      return Counts.of(values);
    }
  }

  /** A bucket's totals as a flush writes them. */
  record BucketCounts(long startMillis, long widthMillis, Counts counts) {}

  OutcomeWindow(long bucketMillis, int buckets) {
    this.bucketMillis = bucketMillis;
    this.ring = new AtomicReferenceArray<>(buckets);
  }

  /** The bucket of time {@code nowMillis}, made fresh when its slot still holds an old one. */
  Bucket bucket(long nowMillis) {
    long index = Math.floorDiv(nowMillis, bucketMillis);
    int slot = (int) Math.floorMod(index, (long) ring.length());
    while (true) {
      Bucket current = ring.get(slot);
      // A newer bucket in the slot means the clock stepped back: count there rather than lose it.
      if (current != null && current.index >= index) {
        return current;
      }
      Bucket fresh = new Bucket(index);
      if (ring.compareAndSet(slot, current, fresh)) {
        return fresh;
      }
    }
  }

  /** The total of one counter over the window ending at {@code nowMillis}. */
  long sum(long nowMillis, Counter counter) {
    long newest = Math.floorDiv(nowMillis, bucketMillis);
    long total = 0;
    for (int i = 0; i < ring.length(); i++) {
      Bucket b = ring.get(i);
      if (b != null && inWindow(b.index, newest)) {
        total += b.get(counter);
      }
    }
    return total;
  }

  /** Every counter over the window ending at {@code nowMillis}. */
  Counts sum(long nowMillis) {
    long newest = Math.floorDiv(nowMillis, bucketMillis);
    long[] totals = new long[Counter.COUNT];
    for (int i = 0; i < ring.length(); i++) {
      Bucket b = ring.get(i);
      if (b != null && inWindow(b.index, newest)) {
        for (int c = 0; c < totals.length; c++) {
          totals[c] += b.counts.get(c);
        }
      }
    }
    return Counts.of(totals);
  }

  private boolean inWindow(long index, long newest) {
    return index > newest - ring.length() && index <= newest;
  }

  /**
   * The buckets changed since the last call, with their totals now. Clearing the mark before
   * reading makes an add that races with the flush set it again, so the next flush has it.
   */
  List<BucketCounts> takeChanged() {
    List<BucketCounts> changed = new ArrayList<>(2);
    for (int i = 0; i < ring.length(); i++) {
      Bucket b = ring.get(i);
      if (b != null && b.dirty) {
        b.dirty = false;
        changed.add(new BucketCounts(b.index * bucketMillis, bucketMillis, b.snapshot()));
      }
    }
    return changed;
  }

  /** True when nothing in the window ending at {@code nowMillis} is left to count or flush. */
  boolean isIdle(long nowMillis) {
    long newest = Math.floorDiv(nowMillis, bucketMillis);
    for (int i = 0; i < ring.length(); i++) {
      Bucket b = ring.get(i);
      if (b != null && (b.dirty || inWindow(b.index, newest))) {
        return false;
      }
    }
    return true;
  }
}
