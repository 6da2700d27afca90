package org.siproute.server.routing;

import java.util.Arrays;

/**
 * Digit prefixes (0 to 15 digits) to values, in open addressing over primitive keys. A prefix
 * is keyed by its length and numeric value, so "1" and "01" stay apart, and the prefixes of a
 * number can be probed from longest to shortest without building strings. Built once, then
 * read by many threads without locking: it is never changed once a snapshot holds it. A patched
 * snapshot changes a {@link #copy} before publishing it.
 *
 * <p>The table is split into pages (the top bits of a key's hash pick one), each an open-
 * addressing table of its own, so that a copy can share them: {@link #copy} copies only the
 * array of pages, and a change to either map clones the one page it touches, once. A write of
 * one route to the default routes (about 100 000 prefixes) then copies a few KB instead of a
 * 3 MB table, which G1 would allocate as humongous objects (issue #11). A lookup reads the
 * page besides its arrays, and still allocates nothing: over 92 000 prefixes a probe costs about
 * 2 ns more than in one unpaged table (SnapshotFootprintTest), a price for 9 KB per write
 * instead of 3 MB.
 */
final class PrefixMap<V> {
  static final int MAX_DIGITS = 15;
  private static final long EMPTY = -1L;
  static final long[] POW10 = new long[MAX_DIGITS + 1];

  /**
   * Entries per page a new map aims at: with about this many, a page is 1 to 3 KB (keys and
   * values) and the array of pages that every copy clones stays as small as the page it
   * changes. At 100 000 prefixes: 1 024 pages, 4 KB of page references and a 3 KB page.
   */
  private static final int ENTRIES_PER_PAGE = 64;
  /** The page index is taken from the top 12 bits of the hash. */
  private static final int MAX_PAGES = 1 << 12;

  static {
    POW10[0] = 1;
    for (int i = 1; i <= MAX_DIGITS; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** One open-addressing table; shared between maps until one of them changes it. */
  private static final class Page {
    final long[] keys;
    final Object[] values;
    int size;
    /** The map that may change this page in place; any other map clones it first. */
    Object owner;

    Page(int capacity, Object owner) {
      keys = new long[capacity];
      Arrays.fill(keys, EMPTY);
      values = new Object[capacity];
      this.owner = owner;
    }

    private Page(Page from, Object owner) {
      keys = from.keys.clone();
      values = from.values.clone();
      size = from.size;
      this.owner = owner;
    }
  }

  private Page[] pages;
  private int pageMask;
  private int size;
  /** Bit L set: some prefix of length L is present; lookups skip the other lengths. */
  private int lengths;
  /**
   * Which pages this map owns (may change in place): those whose {@link Page#owner} is this
   * token. {@link #copy} gives this map a new token, so that neither map changes a page the
   * other still holds.
   */
  private Object token = new Object();

  PrefixMap(int expected) {
    initPages(pagesFor(expected), expected);
  }

  private PrefixMap() {}

  private static int pagesFor(int entries) {
    return Math.min(MAX_PAGES, Integer.highestOneBit(Math.max(1, entries / ENTRIES_PER_PAGE)));
  }

  private void initPages(int count, int expected) {
    pages = new Page[count];
    pageMask = count - 1;
    int perPage = Math.max(1, expected / count);
    int capacity = Integer.highestOneBit(Math.max(4, perPage * 2 - 1)) << 1;
    for (int p = 0; p < count; p++) {
      pages[p] = new Page(capacity, token);
    }
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

  private static long hash(long key) {
    return key * 0x9E3779B97F4A7C15L;
  }

  /** The page from the hash's top bits, the slot in it from its low bits: independent. */
  private int pageIndex(long hash) {
    return (int) (hash >>> 52) & pageMask;
  }

  private static int slot(long hash, int mask) {
    return (int) (hash ^ (hash >>> 29)) & mask;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    long h = hash(key);
    Page page = pages[pageIndex(h)];
    long[] keys = page.keys;
    int mask = keys.length - 1;
    for (int i = slot(h, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return (V) page.values[i];
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
    long h = hash(key);
    int index = pageIndex(h);
    Page page = pages[index];
    // Doubled when full, else cloned when shared: only this page, the others stay shared.
    if ((page.size + 1) * 2 > page.keys.length) {
      page = rehashed(page, page.keys.length * 2);
      pages[index] = page;
    } else if (page.owner != token) {
      page = new Page(page, token);
      pages[index] = page;
    }
    if (insert(page, h, key, value)) {
      size++;
      lengths |= 1 << (int) (key >>> 50);
      if (size > pages.length * ENTRIES_PER_PAGE * 4 && pages.length < MAX_PAGES) {
        // Grown far past what it was made for (patches adding to a small owner): more pages,
        // so that a copy keeps cloning little. Amortised: the count at least doubles each time.
        repage(pagesFor(size));
      }
    }
  }

  /** Puts into a page this map owns, with room for one more; true when the key was new. */
  private static boolean insert(Page page, long h, long key, Object value) {
    long[] keys = page.keys;
    int mask = keys.length - 1;
    for (int i = slot(h, mask); ; i = (i + 1) & mask) {
      if (keys[i] == EMPTY) {
        keys[i] = key;
        page.values[i] = value;
        page.size++;
        return true;
      }
      if (keys[i] == key) {
        page.values[i] = value;
        return false;
      }
    }
  }

  private Page rehashed(Page from, int capacity) {
    Page page = new Page(capacity, token);
    for (int i = 0; i < from.keys.length; i++) {
      if (from.keys[i] != EMPTY) {
        insert(page, hash(from.keys[i]), from.keys[i], from.values[i]);
      }
    }
    return page;
  }

  private void repage(int count) {
    Page[] old = pages;
    initPages(count, size);
    for (Page page : old) {
      for (int i = 0; i < page.keys.length; i++) {
        if (page.keys[i] != EMPTY) {
          long h = hash(page.keys[i]);
          int index = pageIndex(h);
          Page target = pages[index];
          if ((target.size + 1) * 2 > target.keys.length) {
            target = rehashed(target, target.keys.length * 2);
            pages[index] = target;
          }
          insert(target, h, page.keys[i], page.values[i]);
        }
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
    for (Page page : pages) {
      for (int i = 0; i < page.keys.length; i++) {
        if (page.keys[i] != EMPTY) {
          action.accept(page.keys[i], (V) page.values[i]);
        }
      }
    }
  }

  void forEach(java.util.function.BiConsumer<Long, V> action) {
    forEachEntry(action::accept);
  }

  /**
   * Takes the pages of {@code previous} that hold exactly what this map's pages hold, in the
   * same places: same keys and the very same values. A full reload builds its maps anew; those
   * pages are already in the old generation, while new ones live on in the young generation,
   * where every young collection copies them until they are promoted (some 3 MB for 92 000
   * prefixes). This map's own pages that it drops are garbage at once. Neither map may change a
   * shared page in place afterwards: it is not this map's, and {@code previous} is in a snapshot.
   */
  void sharePagesOf(PrefixMap<V> previous) {
    if (previous == null || previous.pages.length != pages.length) {
      return;
    }
    for (int p = 0; p < pages.length; p++) {
      if (samePage(pages[p], previous.pages[p])) {
        pages[p] = previous.pages[p];
      }
    }
  }

  private static boolean samePage(Page a, Page b) {
    if (a.size != b.size || !Arrays.equals(a.keys, b.keys)) {
      return false;
    }
    for (int i = 0; i < a.values.length; i++) {
      if (a.values[i] != b.values[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether this map holds {@code page} of {@code other} itself (tests check the sharing with it). */
  boolean sharesPageWith(PrefixMap<V> other, int page) {
    return pages[page] == other.pages[page];
  }

  int pageCount() {
    return pages.length;
  }

  /**
   * A map with the same entries, to change without touching this one: it shares every page,
   * and whichever of the two changes a page first clones it.
   */
  PrefixMap<V> copy() {
    PrefixMap<V> copy = new PrefixMap<>();
    copy.pages = pages.clone();
    copy.pageMask = pageMask;
    copy.size = size;
    copy.lengths = lengths;
    // This map no longer owns its pages either: the copy holds them too. Only the thread that
    // makes the next snapshot reads or sets the token; lookups never do.
    token = new Object();
    return copy;
  }

  /**
   * Removes a key, if present. Backward-shift deletion keeps linear probing correct without
   * tombstones. The length bit stays set: a lookup of that length then finds nothing, as
   * before the key was there.
   */
  void remove(long key) {
    long h = hash(key);
    int index = pageIndex(h);
    Page page = pages[index];
    int mask = page.keys.length - 1;
    int i = slot(h, mask);
    while (page.keys[i] != key) {
      if (page.keys[i] == EMPTY) {
        return;
      }
      i = (i + 1) & mask;
    }
    if (page.owner != token) {
      page = new Page(page, token);
      pages[index] = page;
    }
    long[] keys = page.keys;
    Object[] values = page.values;
    size--;
    page.size--;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (keys[j] == EMPTY) {
        break;
      }
      int home = slot(hash(keys[j]), mask);
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
}
