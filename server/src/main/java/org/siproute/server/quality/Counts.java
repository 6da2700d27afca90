package org.siproute.server.quality;

import java.util.Arrays;

/** Totals of every {@link Counter} over some span; immutable. */
final class Counts {
  static final Counts ZERO = new Counts(new long[Counter.COUNT]);

  private final long[] values;

  private Counts(long[] values) {
    this.values = values;
  }

  /** Wraps {@code values} (indexed by counter ordinal), which the caller must not change. */
  static Counts of(long[] values) {
    if (values.length != Counter.COUNT) {
      throw new IllegalArgumentException("expected " + Counter.COUNT + " counters");
    }
    return new Counts(values);
  }

  long get(Counter counter) {
    return values[counter.ordinal()];
  }

  Counts plus(Counts other) {
    long[] sum = values.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.values[i];
    }
    return new Counts(sum);
  }

  boolean isZero() {
    for (long v : values) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  /** answered / attempts, 0 without attempts. */
  double answerSeizureRatio() {
    long attempts = get(Counter.ATTEMPTS);
    return attempts == 0 ? 0 : (double) get(Counter.ANSWERED) / attempts;
  }

  long mean(Counter sum, Counter count) {
    long n = get(count);
    return n == 0 ? 0 : Math.round((double) get(sum) / n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Counts other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Counts{");
    for (Counter c : Counter.ALL) {
      if (values[c.ordinal()] != 0) {
        b.append(c.name().toLowerCase()).append('=').append(values[c.ordinal()]).append(' ');
      }
    }
    return b.append('}').toString();
  }
}
