package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prefix table: finds what a HashMap finds through puts, removes and copies, whatever its
 * size (one page or many, grown page by page or re-paged); a copy and the map it was copied from
 * never see each other's changes, whichever changes first (snapshots share tables); and a copy
 * changed in one key clones a page, not the table.
 */
class PrefixMapTest {

  /** A map under test with the HashMap it must agree with, and the lengths it was ever given. */
  private record Pair(PrefixMap<Integer> map, Map<Long, Integer> model, int[] lengths) {
    Pair copy() {
      return new Pair(map.copy(), new HashMap<>(model), lengths.clone());
    }
  }

  @Test
  void randomPutsRemovesAndCopiesAgreeWithHashMapsAndCopiesStayApart() {
    for (long seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed);
      // Made for one entry (grows and re-pages) or for thousands (many pages from the start).
      List<Pair> pairs = new ArrayList<>();
      pairs.add(new Pair(new PrefixMap<>(seed % 2 == 0 ? 1 : 6_000), new HashMap<>(), new int[1]));
      int values = seed <= 2 ? 200 : 3_000;
      for (int step = 0; step < 60_000; step++) {
        Pair pair = pairs.get(random.nextInt(pairs.size()));
        int length = random.nextInt(PrefixMap.MAX_DIGITS + 1);
        long key = PrefixMap.key(length, length == 0 ? 0 : random.nextInt(values));
        int op = random.nextInt(100);
        if (op < 65) {
          pair.map.put(key, step);
          pair.model.put(key, step);
          pair.lengths[0] |= 1 << length;
        } else if (op < 98) {
          pair.map.remove(key);
          pair.model.remove(key);
        } else if (pairs.size() < 12) {
          pairs.add(pair.copy());
        } else {
          // Changes go on in both the copy and what it was copied from.
          pairs.set(random.nextInt(pairs.size()), pair.copy());
        }
        if (step % 5_000 == 4_999) {
          for (Pair p : pairs) {
            assertAgrees(p, values);
          }
        }
      }
      for (Pair p : pairs) {
        assertAgrees(p, values);
      }
    }
  }

  @Test
  void aCopyAndItsOriginalNeverSeeEachOthersChanges() {
    PrefixMap<String> original = new PrefixMap<>(10_000);
    for (int i = 0; i < 10_000; i++) {
      original.put(PrefixMap.key(6, i), "o" + i);
    }
    PrefixMap<String> copy = original.copy();
    // A few changes to the copy, so that most pages are still shared when the original changes.
    for (int i = 0; i < 10_000; i += 997) {
      copy.put(PrefixMap.key(6, i), "c" + i);
      copy.remove(PrefixMap.key(6, i + 1));
    }
    for (int i = 0; i < 10_000; i += 5) {
      original.put(PrefixMap.key(6, i), "o2-" + i);
      original.remove(PrefixMap.key(6, i + 2));
    }
    for (int i = 0; i < 10_000; i++) {
      long key = PrefixMap.key(6, i);
      String inOriginal = i % 5 == 0 ? "o2-" + i : (i - 2) % 5 == 0 ? null : "o" + i;
      String inCopy = i % 997 == 0 ? "c" + i : (i - 1) % 997 == 0 ? null : "o" + i;
      assertThat(original.get(key)).as("original %d", i).isEqualTo(inOriginal);
      assertThat(copy.get(key)).as("copy %d", i).isEqualTo(inCopy);
    }
  }

  @Test
  void changingOneKeyOfACopyOfABigTableAllocatesAFewKilobytesAndLookupsNone() {
    int prefixes = 100_000;
    PrefixMap<Integer> table = new PrefixMap<>(prefixes);
    long[] keys = new long[prefixes];
    for (int i = 0; i < prefixes; i++) {
      keys[i] = PrefixMap.key(6, 100_000 + i);
      table.put(keys[i], i);
    }
    // Warm up, so that what is measured is the change, not class loading or compilation.
    PrefixMap<Integer> warm = table;
    for (int i = 0; i < 2_000; i++) {
      warm = warm.copy();
      warm.put(keys[i], -i);
    }

    long before = allocatedBytes();
    PrefixMap<Integer> copy = table.copy();
    copy.put(keys[12_345], -1);
    copy.remove(keys[12_346]);
    long copied = allocatedBytes() - before;
    // An unpaged table of 100 000 prefixes is 262 144 slots: 3 MB to copy.
    assertThat(copied).as("bytes allocated by a copy and two changes").isLessThan(32 * 1024);
    assertThat(table.get(keys[12_345])).isEqualTo(12_345);

    long found = 0;
    before = allocatedBytes();
    for (int round = 0; round < 10; round++) {
      for (long key : keys) {
        if (copy.get(key) != null) {
          found++;
        }
      }
    }
    assertThat(allocatedBytes() - before).as("bytes allocated by a million lookups").isLessThan(4 * 1024);
    assertThat(found).isPositive();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static void assertAgrees(Pair p, int values) {
    assertThat(p.map.size()).isEqualTo(p.model.size());
    Map<Long, Integer> iterated = new HashMap<>();
    p.map.forEachEntry((key, value) -> assertThat(iterated.put(key, value)).as("key %d twice", key).isNull());
    assertThat(iterated).isEqualTo(p.model);
    for (int length = 0; length <= PrefixMap.MAX_DIGITS; length++) {
      // A length once put keeps its bit (a lookup then finds nothing); a length never put has none.
      assertThat(p.map.hasLength(length)).as("length %d", length).isEqualTo((p.lengths[0] & (1 << length)) != 0);
      for (int value = 0; value < (length == 0 ? 1 : values); value++) {
        long key = PrefixMap.key(length, value);
        // Compared by hand: a million assertions would take the test's time.
        if (!java.util.Objects.equals(p.map.get(key), p.model.get(key))) {
          assertThat(p.map.get(key)).as("key %d/%d", length, value).isEqualTo(p.model.get(key));
        }
      }
    }
  }
}
