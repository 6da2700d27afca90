package org.siproute.server.routing;

/**
 * Sorts the positions 0..n-1 of rows kept in parallel primitive arrays (route entries and
 * their prefix keys, rate lines), so that a builder orders a million rows without an object per
 * row: a stable merge sort over an {@code int[]}, insertion sort for short runs. Rows usually
 * arrive nearly in order (a table scan in key order), so halves already in order are not merged.
 */
final class PositionSort {
  /** Orders two positions: negative, zero or positive, as a comparator does. */
  @FunctionalInterface
  interface Order {
    int compare(int a, int b);
  }

  private static final int INSERTION_SORT_BELOW = 24;

  private PositionSort() {}

  /** The positions 0..size-1 sorted by {@code order}, positions of equal rows in ascending order. */
  static int[] sorted(int size, Order order) {
    int[] positions = new int[size];
    for (int i = 0; i < size; i++) {
      positions[i] = i;
    }
    sort(positions, new int[size], 0, size, order);
    return positions;
  }

  private static void sort(int[] positions, int[] scratch, int from, int to, Order order) {
    if (to - from < INSERTION_SORT_BELOW) {
      for (int i = from + 1; i < to; i++) {
        int p = positions[i];
        int j = i - 1;
        while (j >= from && order.compare(positions[j], p) > 0) {
          positions[j + 1] = positions[j];
          j--;
        }
        positions[j + 1] = p;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    sort(positions, scratch, from, middle, order);
    sort(positions, scratch, middle, to, order);
    if (order.compare(positions[middle - 1], positions[middle]) <= 0) {
      return;
    }
    System.arraycopy(positions, from, scratch, from, to - from);
    int left = from;
    int right = middle;
    for (int out = from; out < to; out++) {
      if (right >= to || (left < middle && order.compare(scratch[left], scratch[right]) <= 0)) {
        positions[out] = scratch[left++];
      } else {
        positions[out] = scratch[right++];
      }
    }
  }
}
