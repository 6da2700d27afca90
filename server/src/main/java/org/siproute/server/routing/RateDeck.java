package org.siproute.server.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.siproute.server.domain.Rate;

/**
 * One provider's rate deck (or a customer's sell rates): the longest prefix valid at the call
 * time gives the price. A deck runs to a million lines, so it holds no object per line: the
 * lines sit in parallel primitive arrays, each prefix's lines side by side and ordered by
 * valid_from, and an open-addressing table maps a prefix key to the run of its lines. A lookup
 * returns a line's index and allocates nothing; the accessors read that line.
 */
final class RateDeck {
  private static final long EMPTY = -1L;
  /** What {@link #find} answers when the deck has no rate for the number at that time. */
  static final int NONE = -1;

  // The lines: a prefix's lines are one run, ordered by valid_from; lines of one prefix with the
  // same valid_from stay in the order they were added.
  private final long[] priceMicros;
  /** valid_from of line i at 2i, valid_until at 2i + 1: a lookup reads both, from one place. */
  private final long[] validity;
  private final long[] connectFeeMicros;
  private final int[] firstIncrementSeconds;
  private final int[] nextIncrementSeconds;
  /** Each line's currency, as an index into {@link #currencies}. */
  private final short[] currencyIndex;
  private final String[] currencies;

  /**
   * Open addressing over prefix keys ({@link PrefixMap#key}): slot s holds its key at 2s and its
   * run at 2s + 1 (first line in the high half, line count in the low half), so a hit reads its
   * run from the cache line of its key.
   */
  private final long[] slots;
  private final int prefixCount;
  /** Bit L set: some prefix of length L has lines; lookups skip the other lengths. */
  private final int lengths;

  private RateDeck(Lines lines, String[] currencies) {
    // Lines usually come grouped by prefix in valid_from order (a table scan in primary-key
    // order): then they stay where they are. Otherwise they are sorted by (prefix, valid_from).
    int[] order = null;
    long[] table = lines.prefixTable(null);
    if (table == null) {
      order = lines.sortedOrder();
      table = lines.prefixTable(order);
    }
    int n = lines.size;
    this.slots = table;
    this.priceMicros = permuted(lines.priceMicros, order, n);
    this.validity = new long[2 * n];
    for (int i = 0; i < n; i++) {
      int from = order == null ? i : order[i];
      validity[2 * i] = lines.validFromMs[from];
      validity[2 * i + 1] = lines.validUntilMs[from];
    }
    this.connectFeeMicros = permuted(lines.connectFeeMicros, order, n);
    this.firstIncrementSeconds = permuted(lines.firstIncrementSeconds, order, n);
    this.nextIncrementSeconds = permuted(lines.nextIncrementSeconds, order, n);
    this.currencyIndex = permuted(lines.currencyIndex, order, n);
    this.currencies = currencies;
    int prefixes = 0;
    int lengthBits = 0;
    for (int slot = 0; slot < table.length; slot += 2) {
      if (table[slot] != EMPTY) {
        prefixes++;
        lengthBits |= 1 << (int) (table[slot] >>> 50);
      }
    }
    this.prefixCount = prefixes;
    this.lengths = lengthBits;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29)) & mask;
  }

  /** How many prefixes have lines. */
  int size() {
    return prefixCount;
  }

  int lineCount() {
    return priceMicros.length;
  }

  /**
   * The line that prices a number at a time, or {@link #NONE}: the longest prefix with a line
   * valid at {@code atMs}, and of that prefix's lines valid then, the one valid from the latest.
   */
  int find(long number, int numberLength, long atMs) {
    int mask = (slots.length >> 1) - 1;
    for (int length = numberLength; length >= 1; length--) {
      if ((lengths & (1 << length)) == 0) {
        continue;
      }
      long key = PrefixMap.prefixKey(number, numberLength, length);
      for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
        long k = slots[2 * slot];
        if (k == key) {
          long run = slots[2 * slot + 1];
          int first = (int) (run >>> 32);
          for (int line = first + (int) run - 1; line >= first; line--) {
            if (atMs >= validity[2 * line] && atMs < validity[2 * line + 1]) {
              return line;
            }
          }
          break;
        }
        if (k == EMPTY) {
          break;
        }
      }
    }
    return NONE;
  }

  long priceMicros(int line) {
    return priceMicros[line];
  }

  String currency(int line) {
    return currencies[currencyIndex[line]];
  }

  /** Whether {@code other} holds the same lines in the same places, and so answers the same. */
  boolean sameLines(RateDeck other) {
    if (!Arrays.equals(slots, other.slots)
        || !Arrays.equals(priceMicros, other.priceMicros)
        || !Arrays.equals(validity, other.validity)
        || !Arrays.equals(connectFeeMicros, other.connectFeeMicros)
        || !Arrays.equals(firstIncrementSeconds, other.firstIncrementSeconds)
        || !Arrays.equals(nextIncrementSeconds, other.nextIncrementSeconds)) {
      return false;
    }
    for (int line = 0; line < currencyIndex.length; line++) {
      if (!currency(line).equals(other.currency(line))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether this deck's line {@code line} is the line given, prefix included. A reload compares
   * each line it reads with the line in its place and keeps nothing for those that match: an
   * unchanged deck of 50 000 lines then costs no arrays (2.5 MB, live as long as its rows stream
   * and copied by each young collection meanwhile). Lines matching in every place, and as many,
   * are the deck {@link #sameLines(Lines, String[])} finds the same.
   */
  boolean hasLine(int line, long prefixKey, long price, String currency, long validFrom, long validUntil, long connectFee,
      int firstIncrement, int nextIncrement) {
    if (line >= priceMicros.length
        || priceMicros[line] != price
        || validity[2 * line] != validFrom
        || validity[2 * line + 1] != validUntil
        || connectFeeMicros[line] != connectFee
        || firstIncrementSeconds[line] != firstIncrement
        || nextIncrementSeconds[line] != nextIncrement
        || !currency(line).equals(currency)) {
      return false;
    }
    // The prefix's run covers this place: runs do not overlap, so it is the prefix of the line here.
    long run = run(prefixKey);
    int first = (int) (run >>> 32);
    return run != EMPTY && line >= first && line < first + (int) run;
  }

  /** The run of a prefix (first line in the high half, count in the low half), or EMPTY. */
  private long run(long prefixKey) {
    int mask = (slots.length >> 1) - 1;
    for (int slot = slot(prefixKey, mask); ; slot = (slot + 1) & mask) {
      long k = slots[2 * slot];
      if (k == prefixKey) {
        return slots[2 * slot + 1];
      }
      if (k == EMPTY) {
        return EMPTY;
      }
    }
  }

  /**
   * Whether a deck built from {@code lines} would be this one: the same lines, in the same
   * places, in the same currencies. Checked without building it, so that a full reload of
   * unchanged rates allocates nothing per deck but the lines it streamed (a built deck's prefix
   * table and validity array are each larger than half a G1 region for 50 000 lines: humongous
   * allocations, each starting a concurrent cycle while decisions are being served).
   *
   * <p>This deck keeps its lines in the order they were fed when they came grouped by prefix in
   * valid_from order (a table scan in primary-key order); a deck built from lines fed in the
   * same order puts every line in the same place and hashes its prefixes into the same slots.
   * Lines in another order are not the same here, even when a sort would make them so: they
   * are then built and compared whole ({@link #sameLines(RateDeck)}).
   */
  private boolean sameLines(Lines lines, String[] currencyTable) {
    int n = lines.size;
    if (n != priceMicros.length) {
      return false;
    }
    for (int line = 0; line < n; line++) {
      if (priceMicros[line] != lines.priceMicros[line]
          || validity[2 * line] != lines.validFromMs[line]
          || validity[2 * line + 1] != lines.validUntilMs[line]
          || connectFeeMicros[line] != lines.connectFeeMicros[line]
          || firstIncrementSeconds[line] != lines.firstIncrementSeconds[line]
          || nextIncrementSeconds[line] != lines.nextIncrementSeconds[line]
          || !currency(line).equals(currencyTable[lines.currencyIndex[line]])) {
        return false;
      }
    }
    // This deck's runs cover its n lines, one run per prefix: every fed line's prefix is
    // checked once, against the prefix of the line in its place.
    for (int slot = 0; slot < slots.length; slot += 2) {
      if (slots[slot] != EMPTY) {
        long run = slots[slot + 1];
        int first = (int) (run >>> 32);
        int count = (int) run;
        for (int line = first; line < first + count; line++) {
          if (lines.prefixKey[line] != slots[slot]) {
            return false;
          }
        }
      }
    }
    return true;
  }

  long validFromMs(int line) {
    return validity[2 * line];
  }

  long validUntilMs(int line) {
    return validity[2 * line + 1];
  }

  long connectFeeMicros(int line) {
    return connectFeeMicros[line];
  }

  int firstIncrementSeconds(int line) {
    return firstIncrementSeconds[line];
  }

  int nextIncrementSeconds(int line) {
    return nextIncrementSeconds[line];
  }

  /** What an answered call of {@code seconds} costs at a line, in its currency's micros. */
  long callCostMicros(int line, long seconds) {
    return Rate.callCostMicros(
        priceMicros[line], connectFeeMicros[line], firstIncrementSeconds[line], nextIncrementSeconds[line], seconds);
  }

  /** What {@link #forEach} calls: one prefix, and the range of its lines, ordered by valid_from. */
  interface PrefixAction {
    void accept(long prefixKey, int firstLine, int lineCount);
  }

  /** Every prefix with its lines, in no particular order (tests compare decks with it). */
  void forEach(PrefixAction action) {
    for (int slot = 0; slot < slots.length; slot += 2) {
      if (slots[slot] != EMPTY) {
        long run = slots[slot + 1];
        action.accept(slots[slot], (int) (run >>> 32), (int) run);
      }
    }
  }

  /** A line as a {@link Rate} of {@code owner} and {@code prefix}: tests compare decks by it. */
  Rate toRate(int line, String owner, String prefix) {
    return new Rate(owner, prefix, priceMicros[line], currency(line), validFromMs(line), validUntilMs(line),
        connectFeeMicros[line], firstIncrementSeconds[line], nextIncrementSeconds[line]);
  }

  // The values of a line array in deck order: without an order, as they are, trimmed.

  private static long[] permuted(long[] values, int[] order, int n) {
    if (order == null) {
      return values.length == n ? values : Arrays.copyOf(values, n);
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  private static int[] permuted(int[] values, int[] order, int n) {
    if (order == null) {
      return values.length == n ? values : Arrays.copyOf(values, n);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  private static short[] permuted(short[] values, int[] order, int n) {
    if (order == null) {
      return values.length == n ? values : Arrays.copyOf(values, n);
    }
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  /** One owner's lines as they come, in growable primitive arrays. */
  private static final class Lines {
    private static final int INITIAL_CAPACITY = 256;

    int size;
    long[] prefixKey;
    long[] priceMicros;
    long[] validFromMs;
    long[] validUntilMs;
    long[] connectFeeMicros;
    int[] firstIncrementSeconds;
    int[] nextIncrementSeconds;
    short[] currencyIndex;

    Lines() {
      this(INITIAL_CAPACITY);
    }

    Lines(int capacity) {
      prefixKey = new long[capacity];
      priceMicros = new long[capacity];
      validFromMs = new long[capacity];
      validUntilMs = new long[capacity];
      connectFeeMicros = new long[capacity];
      firstIncrementSeconds = new int[capacity];
      nextIncrementSeconds = new int[capacity];
      currencyIndex = new short[capacity];
    }

    void add(long key, long price, short currency, long validFrom, long validUntil, long connectFee, int first, int next) {
      if (size == prefixKey.length) {
        grow();
      }
      prefixKey[size] = key;
      priceMicros[size] = price;
      currencyIndex[size] = currency;
      validFromMs[size] = validFrom;
      validUntilMs[size] = validUntil;
      connectFeeMicros[size] = connectFee;
      firstIncrementSeconds[size] = first;
      nextIncrementSeconds[size] = next;
      size++;
    }

    private void grow() {
      // Half again, not double: a million lines should not leave a million-line hole behind.
      int capacity = size + (size >> 1) + 1;
      prefixKey = Arrays.copyOf(prefixKey, capacity);
      priceMicros = Arrays.copyOf(priceMicros, capacity);
      validFromMs = Arrays.copyOf(validFromMs, capacity);
      validUntilMs = Arrays.copyOf(validUntilMs, capacity);
      connectFeeMicros = Arrays.copyOf(connectFeeMicros, capacity);
      firstIncrementSeconds = Arrays.copyOf(firstIncrementSeconds, capacity);
      nextIncrementSeconds = Arrays.copyOf(nextIncrementSeconds, capacity);
      currencyIndex = Arrays.copyOf(currencyIndex, capacity);
    }

    /**
     * The prefix table of the lines in {@code order} (null: the order they were added in), as
     * {@link #slots} holds it; null when, in that order, a prefix's lines are not side by side
     * or not in valid_from order.
     */
    long[] prefixTable(int[] order) {
      int runs = 0;
      for (int i = 0; i < size; i++) {
        if (i == 0 || prefixKey[line(order, i)] != prefixKey[line(order, i - 1)]) {
          runs++;
        }
      }
      int capacity = Integer.highestOneBit(Math.max(4, runs * 2 - 1)) << 1;
      long[] table = new long[2 * capacity];
      for (int slot = 0; slot < table.length; slot += 2) {
        table[slot] = EMPTY;
      }
      int mask = capacity - 1;
      for (int start = 0; start < size; ) {
        long key = prefixKey[line(order, start)];
        int end = start + 1;
        while (end < size && prefixKey[line(order, end)] == key) {
          if (validFromMs[line(order, end)] < validFromMs[line(order, end - 1)]) {
            return null;
          }
          end++;
        }
        int slot = slot(key, mask);
        while (table[2 * slot] != EMPTY) {
          if (table[2 * slot] == key) {
            return null; // a second run of one prefix
          }
          slot = (slot + 1) & mask;
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = ((long) start << 32) | (end - start);
        start = end;
      }
      return table;
    }

    private static int line(int[] order, int i) {
      return order == null ? i : order[i];
    }

    /** The line indexes in (prefix key, valid_from, order added) order. */
    int[] sortedOrder() {
      // Stable, so equal keys keep the order they were added in.
      return PositionSort.sorted(size, this::compare);
    }

    private int compare(int a, int b) {
      int byKey = Long.compare(prefixKey[a], prefixKey[b]);
      return byKey != 0 ? byKey : Long.compare(validFromMs[a], validFromMs[b]);
    }
  }

  /**
   * Collects lines owner by owner (a provider, or a customer for its sell rates), then builds
   * the decks. It keeps nothing per line but primitives: a full load streams a million lines
   * through it.
   */
  static final class Builder {
    /** Lines fed since the last build, by owner. */
    private final Map<String, Lines> byOwner = new LinkedHashMap<>();
    /** Decks built before, by owner: a later build returns them too. */
    private final Map<String, RateDeck> built = new HashMap<>();
    private final Map<String, Integer> currencyIndexes = new HashMap<>();
    private String[] currencies = new String[4];
    private String lastOwner;
    private Lines lastLines;
    private String lastCurrency;
    private short lastCurrencyIndex;
    /** The decks of the snapshot a full reload replaces, by owner; see {@link #reloading}. */
    private Map<String, RateDeck> previous = Map.of();
    /**
     * An owner's lines came after its deck was built: the rows are not grouped by owner, and
     * building each deck as soon as the next owner's lines start would rebuild decks again and
     * again; from then on decks are built at {@link #build} only.
     */
    private boolean interleaved;
    /**
     * In a reload, the deck that {@link #lastOwner} had while the lines fed for it are, so far,
     * its first {@link #matched} lines in their places ({@link RateDeck#hasLine}): nothing is
     * kept for them. Null otherwise: no reload, an owner new or fed out of order, or a line that
     * differed, and then the owner's lines are in {@link #lastLines}.
     */
    private RateDeck matching;
    private int matched;

    /**
     * Makes a deck that comes out with the same lines as the deck of {@code previous} for its
     * owner that very deck. A full reload reads every rate again; a deck kept is already in the
     * old generation, while a new one would be copied by each young collection until the
     * snapshot is built. With it, each owner's deck is built as soon as the next owner's lines
     * start (rows come grouped by owner in primary-key order), so that the lines of one owner at
     * a time are live, not those of every deck.
     */
    void reloading(Map<String, RateDeck> previous) {
      this.previous = previous;
    }

    /** Adds a line to the deck of its provider. */
    void add(Rate rate) {
      add(rate.providerId(), rate);
    }

    /** Adds a line to the deck of {@code owner} (a provider, or a customer's sell rates). */
    void add(String owner, Rate rate) {
      add(owner, rate.prefix(), rate.priceMicros(), rate.currency(), rate.validFromMs(), rate.validUntilMs(),
          rate.connectFeeMicros(), rate.firstIncrementSeconds(), rate.nextIncrementSeconds());
    }

    /** Adds a line to the deck of {@code owner}, column by column (as a full load streams them). */
    void add(String owner, String prefix, long priceMicros, String currency, long validFromMs, long validUntilMs,
        long connectFeeMicros, int firstIncrementSeconds, int nextIncrementSeconds) {
      // Rows come grouped by owner and in few currencies: the last ones usually match.
      if (!owner.equals(lastOwner)) {
        endOwner();
        startOwner(owner);
      }
      long key = PrefixMap.key(prefix);
      if (matching != null) {
        if (matching.hasLine(matched, key, priceMicros, currency, validFromMs, validUntilMs, connectFeeMicros,
            firstIncrementSeconds, nextIncrementSeconds)) {
          matched++;
          return;
        }
        lastLines = unmatched();
      }
      lastLines.add(key, priceMicros, currencyIndex(currency), validFromMs, validUntilMs, connectFeeMicros,
          firstIncrementSeconds, nextIncrementSeconds);
    }

    private void startOwner(String owner) {
      lastOwner = owner;
      RateDeck before = previous.get(owner);
      if (before != null && !interleaved && !byOwner.containsKey(owner) && !built.containsKey(owner)) {
        matching = before;
        matched = 0;
        lastLines = null;
      } else {
        lastLines = byOwner.computeIfAbsent(owner, this::linesSoFar);
      }
    }

    /**
     * The last owner's lines are all fed when rows come grouped by owner: in a reload, its deck
     * is built now (the old one if its lines matched it), so that one owner's lines at a time are
     * live.
     */
    private void endOwner() {
      if (lastOwner == null) {
        return;
      }
      if (matching != null) {
        if (matched == matching.lineCount()) {
          built.put(lastOwner, matching);
          matching = null;
          return;
        }
        lastLines = unmatched(); // fewer lines than the deck had
      }
      if (!previous.isEmpty() && !interleaved) {
        finish(lastOwner, byOwner.remove(lastOwner));
      }
    }

    /** The lines matched so far, now in arrays of their own: the owner's lines and its deck's part. */
    private Lines unmatched() {
      Lines lines = linesOf(matching, matched, matching.lineCount());
      matching = null;
      byOwner.put(lastOwner, lines);
      return lines;
    }

    /** A new owner's lines, or those of a deck built before (a line added after a build). */
    private Lines linesSoFar(String owner) {
      // A reload sizes the owner's arrays for the lines it had: they do not grow (and copy) as
      // they fill.
      RateDeck before = previous.get(owner);
      int capacity = before == null ? Lines.INITIAL_CAPACITY : before.lineCount();
      RateDeck deck = built.remove(owner);
      if (deck == null) {
        return new Lines(Math.max(Lines.INITIAL_CAPACITY, capacity));
      }
      interleaved = true;
      return linesOf(deck, deck.lineCount(), capacity);
    }

    /** The first {@code count} lines of {@code deck}, in its order, as lines fed to this builder. */
    private Lines linesOf(RateDeck deck, int count, int capacity) {
      Lines lines = new Lines(Math.max(Lines.INITIAL_CAPACITY, Math.max(count, capacity)));
      deck.forEach(
          (key, first, n) -> {
            for (int line = first; line < Math.min(first + n, count); line++) {
              lines.prefixKey[line] = key;
            }
          });
      for (int line = 0; line < count; line++) {
        lines.priceMicros[line] = deck.priceMicros[line];
        lines.validFromMs[line] = deck.validFromMs(line);
        lines.validUntilMs[line] = deck.validUntilMs(line);
        lines.connectFeeMicros[line] = deck.connectFeeMicros[line];
        lines.firstIncrementSeconds[line] = deck.firstIncrementSeconds[line];
        lines.nextIncrementSeconds[line] = deck.nextIncrementSeconds[line];
        lines.currencyIndex[line] = currencyIndex(deck.currency(line));
      }
      lines.size = count;
      return lines;
    }

    private short currencyIndex(String currency) {
      if (!currency.equals(lastCurrency)) {
        Integer index = currencyIndexes.get(currency);
        if (index == null) {
          index = currencyIndexes.size();
          if (index > Short.MAX_VALUE) {
            throw new IllegalStateException("more than " + (Short.MAX_VALUE + 1) + " currencies in rate decks");
          }
          if (index == currencies.length) {
            currencies = Arrays.copyOf(currencies, index * 2);
          }
          currencies[index] = currency;
          currencyIndexes.put(currency, index);
        }
        lastCurrency = currency;
        lastCurrencyIndex = (short) (int) index;
      }
      return lastCurrencyIndex;
    }

    /**
     * The decks by owner; an owner fed no line has none. Each owner's growable arrays are let go
     * once its deck is built, so a full load holds the lines twice for one owner at a time.
     */
    private void finish(String owner, Lines lines) {
      // The currencies so far: a later owner may add some, never change these.
      finish(owner, lines, Arrays.copyOf(currencies, currencyIndexes.size()));
    }

    private void finish(String owner, Lines lines, String[] currencyTable) {
      RateDeck old = previous.get(owner);
      if (old != null && old.sameLines(lines, currencyTable)) {
        built.put(owner, old);
        return;
      }
      RateDeck deck = new RateDeck(lines, currencyTable);
      built.put(owner, old != null && old.sameLines(deck) ? old : deck);
    }

    Map<String, RateDeck> build() {
      endOwner();
      // One currency table for the decks of this build: nothing changes it once built.
      String[] table = Arrays.copyOf(currencies, currencyIndexes.size());
      for (Iterator<Map.Entry<String, Lines>> pending = byOwner.entrySet().iterator(); pending.hasNext(); ) {
        Map.Entry<String, Lines> entry = pending.next();
        String owner = entry.getKey();
        Lines lines = entry.getValue();
        pending.remove();
        finish(owner, lines, table);
      }
      lastOwner = null;
      lastLines = null;
      return new HashMap<>(built);
    }
  }
}
