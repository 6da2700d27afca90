package org.siproute.server.routing;

import java.util.Arrays;

/**
 * Digit prefixes (0 to 15 digits) to values, in open addressing over primitive keys. A prefix
 * is keyed by its length and numeric value, so "1" and "01" stay apart, and the prefixes of a
 * number can be probed from longest to shortest without building strings. Built once, then
 * read by many threads without locking: it is never changed once a snapshot holds it. A patched
 * snapshot changes a {@link #copy} before publishing it.
 */
final class PrefixMap<V> {
  static final int MAX_DIGITS = 15;
  private static final long EMPTY = -1L;
  static final long[] POW10 = new long[MAX_DIGITS + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i <= MAX_DIGITS; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private long[] keys;
  private Object[] values;
  private int size;
  /** Bit L set: some prefix of length L is present; lookups skip the other lengths. */
  private int lengths;

  PrefixMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    values = new Object[capacity];
  }

  static long key(int length, long value) {
    return ((long) length << 50) | value;
  }

  /** The key of a digit string of at most 15 digits. */
  static long key(String digits) {
    return key(digits.length(), digits.isEmpty() ? 0 : Long.parseLong(digits));
  }

  /** The key of the first {@code length} digits of a number of {@code numberLength} digits. */
  static long prefixKey(long number, int numberLength, int length) {
    return key(length, number / POW10[numberLength - length]);
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29)) & mask;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == EMPTY) {
        return null;
      }
    }
  }

  boolean hasLength(int length) {
    return (lengths & (1 << length)) != 0;
  }

  int lengths() {
    return lengths;
  }

  @SuppressWarnings("unchecked")
  V getOrNull(String digits) {
    return get(key(digits));
  }

  void put(long key, V value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == EMPTY) {
        keys[i] = key;
        values[i] = value;
        size++;
        lengths |= 1 << (int) (key >>> 50);
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  /** What {@link #forEachEntry} calls, with the key unboxed. */
  interface EntryAction<V> {
    void accept(long key, V value);
  }

  @SuppressWarnings("unchecked")
  void forEachEntry(EntryAction<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        action.accept(keys[i], (V) values[i]);
      }
    }
  }

  @SuppressWarnings("unchecked")
  void forEach(java.util.function.BiConsumer<Long, V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        action.accept(keys[i], (V) values[i]);
      }
    }
  }

  /** A map with the same entries, to change without touching this one. */
  PrefixMap<V> copy() {
    PrefixMap<V> copy = new PrefixMap<>(1);
    copy.keys = keys.clone();
    copy.values = values.clone();
    copy.size = size;
    copy.lengths = lengths;
    return copy;
  }

  /**
   * Removes a key, if present. Backward-shift deletion keeps linear probing correct without
   * tombstones. The length bit stays set: a lookup of that length then finds nothing, as
   * before the key was there.
   */
  void remove(long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != key) {
      if (keys[i] == EMPTY) {
        return;
      }
      i = (i + 1) & mask;
    }
    size--;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (keys[j] == EMPTY) {
        break;
      }
      int home = slot(keys[j], mask);
      // keys[j] may stay unless its home slot lies cyclically outside (i, j].
      boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!stays) {
        keys[i] = keys[j];
        values[i] = values[j];
        i = j;
      }
    }
    keys[i] = EMPTY;
    values[i] = null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new Object[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], (V) oldValues[i]);
      }
    }
  }
}
