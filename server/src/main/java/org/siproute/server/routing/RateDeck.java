package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.siproute.server.domain.Rate;

/** One provider's rate deck: longest prefix valid at the call time gives the price. */
final class RateDeck {
  /** Rates of one prefix, ordered by valid_from. */
  record Line(
      long priceMicros,
      String currency,
      long validFromMs,
      long validUntilMs,
      long connectFeeMicros,
      int firstIncrementSeconds,
      int nextIncrementSeconds) {

    /** What an answered call of {@code seconds} costs at this rate, in its currency's micros. */
    long callCostMicros(long seconds) {
      return Rate.callCostMicros(priceMicros, connectFeeMicros, firstIncrementSeconds, nextIncrementSeconds, seconds);
    }
  }

  private final PrefixMap<Line[]> lines;

  private RateDeck(PrefixMap<Line[]> lines) {
    this.lines = lines;
  }

  int size() {
    return lines.size();
  }

  /** Every prefix's lines (tests compare decks with it). */
  void forEach(PrefixMap.EntryAction<Line[]> action) {
    lines.forEachEntry(action);
  }

  /** The rate for a number at a time, or null when the deck has none. */
  Line find(long number, int numberLength, long atMs) {
    for (int length = numberLength; length >= 1; length--) {
      if (!lines.hasLength(length)) {
        continue;
      }
      Line[] candidates = lines.get(PrefixMap.prefixKey(number, numberLength, length));
      if (candidates != null) {
        for (int i = candidates.length - 1; i >= 0; i--) {
          Line line = candidates[i];
          if (atMs >= line.validFromMs() && atMs < line.validUntilMs()) {
            return line;
          }
        }
      }
    }
    return null;
  }

  /** Collects rates provider by provider, then builds the decks. */
  static final class Builder {
    private final Map<String, Map<Long, List<Line>>> byProvider = new HashMap<>();
    private final Map<String, String> currencies = new HashMap<>();

    /** Adds a line to the deck of its provider. */
    void add(Rate rate) {
      add(rate.providerId(), rate);
    }

    /** Adds a line to the deck of {@code owner} (a provider, or a customer's sell rates). */
    void add(String owner, Rate rate) {
      String currency = currencies.computeIfAbsent(rate.currency(), c -> c);
      byProvider
          .computeIfAbsent(owner, p -> new HashMap<>())
          .computeIfAbsent(PrefixMap.key(rate.prefix()), k -> new ArrayList<>(1))
          .add(
              new Line(rate.priceMicros(), currency, rate.validFromMs(), rate.validUntilMs(), rate.connectFeeMicros(),
                  rate.firstIncrementSeconds(), rate.nextIncrementSeconds()));
    }

    Map<String, RateDeck> build() {
      Map<String, RateDeck> decks = new HashMap<>();
      byProvider.forEach(
          (provider, prefixes) -> {
            PrefixMap<Line[]> map = new PrefixMap<>(prefixes.size());
            prefixes.forEach(
                (key, list) -> {
                  Line[] sorted = list.toArray(new Line[0]);
                  Arrays.sort(sorted, Comparator.comparingLong(Line::validFromMs));
                  map.put(key, sorted);
                });
            decks.put(provider, new RateDeck(map));
          });
      return decks;
    }
  }
}
