package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.siproute.server.domain.Rate;

/**
 * The compact rate deck answers what a naive scan over every line answers: of the lines whose
 * prefix starts the number and that are valid at the call time, the one of the longest prefix,
 * then of the latest valid_from, then the one added last.
 */
class RateDeckTest {
  private static final String[] OWNERS = {"a", "b", "c"};
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};
  /** Few distinct instants, so validity windows overlap, touch and repeat. */
  private static final long[] INSTANTS = {0, 1_000, 2_000, 5_000, 9_000, 20_000};

  @Test
  void randomDecksAnswerWhatANaiveScanAnswersWhateverOrderTheLinesComeIn() {
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      List<String> prefixes = nestedPrefixes(random, 1 + random.nextInt(60));
      List<Rate> lines = new ArrayList<>();
      int count = 1 + random.nextInt(400);
      for (int i = 0; i < count; i++) {
        String owner = OWNERS[random.nextInt(OWNERS.length)];
        lines.add(randomLine(random, owner, prefixes.get(random.nextInt(prefixes.size())), i));
      }
      Map<String, List<Rate>> reference = new LinkedHashMap<>();
      for (Rate rate : lines) {
        reference.computeIfAbsent(rate.providerId(), o -> new ArrayList<>()).add(rate);
      }
      // Owners and prefixes interleaved; grouped as a table scan in primary-key order gives
      // them (each prefix's lines side by side, by valid_from); grouped, but by valid_from
      // descending. The sorts are stable: lines with the same key keep the order they had.
      Comparator<Rate> byKey = Comparator.comparing(Rate::providerId).thenComparing(Rate::prefix);
      List<Rate> scanned = new ArrayList<>(lines);
      scanned.sort(byKey.thenComparingLong(Rate::validFromMs));
      List<Rate> descending = new ArrayList<>(lines);
      descending.sort(byKey.thenComparing(Comparator.comparingLong(Rate::validFromMs).reversed()));

      for (List<Rate> fed : List.of(lines, scanned, descending)) {
        RateDeck.Builder builder = new RateDeck.Builder();
        fed.forEach(builder::add);
        Map<String, RateDeck> decks = builder.build();

        assertThat(decks.keySet()).isEqualTo(reference.keySet());
        for (int q = 0; q < 1_000; q++) {
          String number = randomNumber(random, prefixes);
          long at = randomTime(random);
          for (String owner : reference.keySet()) {
            assertSameAnswer(decks.get(owner), reference.get(owner), number, at, "seed " + seed);
          }
        }
      }
    }
  }

  @Test
  void linesAddedAfterABuildJoinTheDeckBuiltBefore() {
    Random random = new Random(11);
    List<String> prefixes = nestedPrefixes(random, 30);
    List<Rate> reference = new ArrayList<>();
    RateDeck.Builder builder = new RateDeck.Builder();
    for (int i = 0; i < 300; i++) {
      Rate rate = randomLine(random, "a", prefixes.get(random.nextInt(prefixes.size())), i);
      reference.add(rate);
      builder.add(rate);
      if (i == 150) {
        assertThat(builder.build()).containsOnlyKeys("a");
      }
    }
    RateDeck deck = builder.build().get("a");

    assertThat(deck.lineCount()).isEqualTo(300);
    for (int q = 0; q < 5_000; q++) {
      assertSameAnswer(deck, reference, randomNumber(random, prefixes), randomTime(random), "after a build");
    }
  }

  @Test
  void ofTwoLinesOfOnePrefixValidFromTheSameInstantTheOneAddedLastWins() {
    RateDeck.Builder builder = new RateDeck.Builder();
    builder.add(new Rate("a", "44", 100, "EUR", 0, Rate.FOREVER));
    builder.add(new Rate("a", "44", 200, "USD", 0, Rate.FOREVER));
    builder.add(new Rate("a", "4", 300, "EUR", 0, Rate.FOREVER));
    RateDeck deck = builder.build().get("a");

    int line = deck.find(4420, 4, 0);
    assertThat(deck.priceMicros(line)).isEqualTo(200);
    assertThat(deck.currency(line)).isEqualTo("USD");
    assertThat(deck.size()).isEqualTo(2);
    assertThat(deck.lineCount()).isEqualTo(3);
  }

  @Test
  void aLookupAllocatesNothing() {
    Random random = new Random(3);
    List<String> prefixes = nestedPrefixes(random, 500);
    RateDeck.Builder builder = new RateDeck.Builder();
    for (int i = 0; i < 5_000; i++) {
      builder.add(randomLine(random, "a", prefixes.get(random.nextInt(prefixes.size())), i));
    }
    RateDeck deck = builder.build().get("a");
    long[] numbers = new long[1024];
    int[] lengths = new int[numbers.length];
    for (int i = 0; i < numbers.length; i++) {
      String digits = randomNumber(random, prefixes);
      numbers[i] = Long.parseLong(digits);
      lengths[i] = digits.length();
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long found = 0;
    for (int round = 0; round < 2; round++) { // the first round warms up
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 100_000; i++) {
        int line = deck.find(numbers[i & 1023], lengths[i & 1023], INSTANTS[i % INSTANTS.length]);
        if (line != RateDeck.NONE) {
          found += deck.callCostMicros(line, 60) + deck.currency(line).length();
        }
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      // One object per lookup would be 1.6 MB; a little slack for the measurement itself.
      assertThat(allocated).as("bytes allocated by 100 000 lookups").isLessThan(1_024);
    }
    assertThat(found).isPositive();
  }

  @Test
  void aReloadKeepsADeckWhoseLinesAreReadAgainUnchangedAndBuildsOneWhereAnyFieldOfOneLineMoved() {
    Random random = new Random(5);
    List<String> prefixes = nestedPrefixes(random, 40);
    for (boolean scanOrder : new boolean[] {true, false}) {
      List<Rate> lines = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        lines.add(randomLine(random, "a", prefixes.get(random.nextInt(prefixes.size())), i));
      }
      if (scanOrder) {
        // As a table scan in primary-key order gives them; else interleaved, and the deck sorts.
        lines.sort(Comparator.comparing(Rate::prefix).thenComparingLong(Rate::validFromMs));
      }
      RateDeck before = decks(null, lines).get("a");

      assertThat(decks(Map.of("a", before), lines).get("a")).as("same lines, scan order %s", scanOrder).isSameAs(before);

      List<java.util.function.UnaryOperator<Rate>> changes = List.of(
          r -> new Rate(r.providerId(), otherPrefix(r.prefix(), prefixes), r.priceMicros(), r.currency(), r.validFromMs(),
              r.validUntilMs(), r.connectFeeMicros(), r.firstIncrementSeconds(), r.nextIncrementSeconds()),
          r -> new Rate(r.providerId(), r.prefix(), r.priceMicros() + 1, r.currency(), r.validFromMs(), r.validUntilMs(),
              r.connectFeeMicros(), r.firstIncrementSeconds(), r.nextIncrementSeconds()),
          r -> new Rate(r.providerId(), r.prefix(), r.priceMicros(), r.currency().equals("EUR") ? "USD" : "EUR",
              r.validFromMs(), r.validUntilMs(), r.connectFeeMicros(), r.firstIncrementSeconds(), r.nextIncrementSeconds()),
          r -> new Rate(r.providerId(), r.prefix(), r.priceMicros(), r.currency(), r.validFromMs(), r.validUntilMs() - 1,
              r.connectFeeMicros(), r.firstIncrementSeconds(), r.nextIncrementSeconds()),
          r -> new Rate(r.providerId(), r.prefix(), r.priceMicros(), r.currency(), r.validFromMs(), r.validUntilMs(),
              r.connectFeeMicros() + 1, r.firstIncrementSeconds(), r.nextIncrementSeconds()),
          r -> new Rate(r.providerId(), r.prefix(), r.priceMicros(), r.currency(), r.validFromMs(), r.validUntilMs(),
              r.connectFeeMicros(), r.firstIncrementSeconds() % Rate.MAX_INCREMENT_SECONDS + 1, r.nextIncrementSeconds()),
          r -> new Rate(r.providerId(), r.prefix(), r.priceMicros(), r.currency(), r.validFromMs(), r.validUntilMs(),
              r.connectFeeMicros(), r.firstIncrementSeconds(), r.nextIncrementSeconds() % Rate.MAX_INCREMENT_SECONDS + 1));
      for (int c = 0; c < changes.size(); c++) {
        for (int trial = 0; trial < 5; trial++) {
          List<Rate> changed = new ArrayList<>(lines);
          int at = random.nextInt(changed.size());
          changed.set(at, changes.get(c).apply(changed.get(at)));
          RateDeck after = decks(Map.of("a", before), changed).get("a");
          String what = "change " + c + " of line " + at + ", scan order " + scanOrder;
          assertThat(after).as(what).isNotSameAs(before);
          for (int q = 0; q < 300; q++) {
            assertSameAnswer(after, changed, randomNumber(random, prefixes), randomTime(random), what);
          }
        }
      }
    }
  }

  /** The decks of {@code lines}, built as a reload of {@code previous} (null: a first load). */
  private static Map<String, RateDeck> decks(Map<String, RateDeck> previous, List<Rate> lines) {
    RateDeck.Builder builder = new RateDeck.Builder();
    if (previous != null) {
      builder.reloading(previous);
    }
    lines.forEach(builder::add);
    return builder.build();
  }

  private static String otherPrefix(String prefix, List<String> prefixes) {
    String other = prefixes.get((prefixes.indexOf(prefix) + 1) % prefixes.size());
    return other.equals(prefix) ? prefix + "9" : other;
  }

  /** Compares the deck's answer with the naive scan's, field by field. */
  private static void assertSameAnswer(RateDeck deck, List<Rate> lines, String number, long at, String what) {
    Rate expected = naiveFind(lines, number, at);
    int line = deck.find(Long.parseLong(number), number.length(), at);
    String query = what + ", number " + number + " at " + at;
    if (expected == null) {
      assertThat(line).as(query).isEqualTo(RateDeck.NONE);
      return;
    }
    assertThat(line).as(query).isNotEqualTo(RateDeck.NONE);
    assertThat(deck.toRate(line, expected.providerId(), expected.prefix())).as(query).isEqualTo(expected);
    assertThat(deck.callCostMicros(line, 97))
        .as(query)
        .isEqualTo(Rate.callCostMicros(expected.priceMicros(), expected.connectFeeMicros(),
            expected.firstIncrementSeconds(), expected.nextIncrementSeconds(), 97));
  }

  /** Every line looked at: longest prefix, then latest valid_from, then added last. */
  private static Rate naiveFind(List<Rate> lines, String number, long at) {
    Rate best = null;
    for (Rate rate : lines) {
      if (!number.startsWith(rate.prefix()) || !rate.validAt(at)) {
        continue;
      }
      if (best == null
          || rate.prefix().length() > best.prefix().length()
          || (rate.prefix().length() == best.prefix().length() && rate.validFromMs() >= best.validFromMs())) {
        best = rate;
      }
    }
    return best;
  }

  /**
   * Prefixes of 1 to 9 digits (leading zeros too: "01" and "1" differ), most of them inside
   * another one, so longer prefixes shadow shorter ones.
   */
  private static List<String> nestedPrefixes(Random random, int count) {
    List<String> prefixes = new ArrayList<>();
    while (prefixes.size() < count) {
      String prefix;
      if (!prefixes.isEmpty() && random.nextInt(4) > 0) {
        String parent = prefixes.get(random.nextInt(prefixes.size()));
        prefix = parent.length() >= 9 ? parent.substring(0, 1 + random.nextInt(8)) : parent + random.nextInt(10);
      } else {
        prefix = Integer.toString(random.nextInt(10));
      }
      if (!prefixes.contains(prefix)) {
        prefixes.add(prefix);
      }
    }
    return prefixes;
  }

  /** A line with a price no other line has, so a wrong line never passes for the right one. */
  private static Rate randomLine(Random random, String owner, String prefix, int index) {
    long from = INSTANTS[random.nextInt(INSTANTS.length)];
    long until = random.nextInt(3) == 0 ? Rate.FOREVER : from + 1 + random.nextInt(15_000);
    return new Rate(owner, prefix, 1_000 + index, CURRENCIES[random.nextInt(CURRENCIES.length)], from, until,
        random.nextInt(3) == 0 ? random.nextInt(50_000) : 0, 1 + random.nextInt(Rate.MAX_INCREMENT_SECONDS),
        1 + random.nextInt(Rate.MAX_INCREMENT_SECONDS));
  }

  /** Mostly a number under one of the prefixes (or the prefix itself), else any digits. */
  private static String randomNumber(Random random, List<String> prefixes) {
    StringBuilder digits = new StringBuilder();
    if (random.nextInt(5) > 0) {
      digits.append(prefixes.get(random.nextInt(prefixes.size())));
    }
    int length = Math.max(digits.length(), 1 + random.nextInt(PrefixMap.MAX_DIGITS));
    while (digits.length() < length) {
      digits.append(random.nextInt(10));
    }
    return digits.toString();
  }

  private static long randomTime(Random random) {
    long instant = INSTANTS[random.nextInt(INSTANTS.length)];
    return switch (random.nextInt(4)) {
      case 0 -> instant; // exactly where windows open or close
      case 1 -> instant - 1;
      case 2 -> random.nextInt(40_000);
      default -> Long.MAX_VALUE - 1;
    };
  }
}
