package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.RATE;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.Record6;
import org.jooq.impl.DSL;
import org.siproute.db.jooq.tables.records.RateRecord;
import org.siproute.server.domain.Rate;

/** Rate decks. Writes go in multi-row statements: decks run to a million lines. */
public final class RateRepository {
  private static final int ROWS_PER_STATEMENT = 1000;

  private final DSLContext db;

  public RateRepository(DSLContext db) {
    this.db = db;
  }

  /** Deletes every rate of a provider; returns how many. */
  public int deleteAll(String providerId) {
    return db.deleteFrom(RATE).where(RATE.PROVIDER_ID.eq(providerId)).execute();
  }

  /**
   * Writes rates, replacing stored ones with the same provider, prefix and valid_from. Returns
   * how many stored rates were replaced.
   */
  public int upsert(List<Rate> rates, boolean knownAbsent) {
    int replaced = 0;
    for (int from = 0; from < rates.size(); from += ROWS_PER_STATEMENT) {
      List<Rate> chunk = rates.subList(from, Math.min(rates.size(), from + ROWS_PER_STATEMENT));
      if (!knownAbsent) {
        replaced += deleteKeys(chunk);
      }
      var insert =
          db.insertInto(RATE, RATE.PROVIDER_ID, RATE.PREFIX, RATE.VALID_FROM_MS, RATE.VALID_UNTIL_MS, RATE.PRICE_MICROS, RATE.CURRENCY);
      for (Rate r : chunk) {
        insert.values(
            r.providerId(),
            r.prefix(),
            r.validFromMs(),
            r.validUntilMs() == Rate.FOREVER ? null : r.validUntilMs(),
            r.priceMicros(),
            r.currency());
      }
      insert.execute();
    }
    return replaced;
  }

  /**
   * Deletes stored rates with the keys of {@code chunk}. Grouped by valid_from so each delete is
   * "provider = ? AND valid_from_ms = ? AND prefix IN (...)", which every database answers from
   * the primary key; a row-value IN list is scanned by some (H2).
   */
  private int deleteKeys(List<Rate> chunk) {
    java.util.Map<String, java.util.Map<Long, List<String>>> keys = new java.util.HashMap<>();
    for (Rate r : chunk) {
      keys.computeIfAbsent(r.providerId(), p -> new java.util.HashMap<>())
          .computeIfAbsent(r.validFromMs(), v -> new ArrayList<>())
          .add(r.prefix());
    }
    int deleted = 0;
    for (var byProvider : keys.entrySet()) {
      for (var byValidFrom : byProvider.getValue().entrySet()) {
        deleted +=
            db.deleteFrom(RATE)
                .where(RATE.PROVIDER_ID.eq(byProvider.getKey()))
                .and(RATE.PREFIX.in(byValidFrom.getValue()))
                .and(RATE.VALID_FROM_MS.eq(byValidFrom.getKey()))
                .execute();
      }
    }
    return deleted;
  }

  /**
   * Up to {@code limit} rates of a provider whose prefix starts with {@code prefixFilter},
   * after the key (afterPrefix, afterValidFrom), in key order.
   */
  public List<Rate> page(String providerId, String prefixFilter, String afterPrefix, long afterValidFrom, int limit) {
    var query =
        db.selectFrom(RATE)
            .where(RATE.PROVIDER_ID.eq(providerId))
            .and(prefixFilter.isEmpty() ? DSL.trueCondition() : RATE.PREFIX.startsWith(prefixFilter))
            .and(DSL.row(RATE.PREFIX, RATE.VALID_FROM_MS).gt(afterPrefix, afterValidFrom))
            .orderBy(RATE.PREFIX, RATE.VALID_FROM_MS)
            .limit(limit);
    List<Rate> out = new ArrayList<>(limit);
    for (RateRecord r : query.fetch()) {
      out.add(toDomain(r.getProviderId(), r.getPrefix(), r.getPriceMicros(), r.getCurrency(), r.getValidFromMs(), r.getValidUntilMs()));
    }
    return out;
  }

  /** Streams every rate of every provider to {@code sink}, without holding them all. */
  public void forEach(Consumer<Rate> sink) {
    try (var cursor =
        db.select(RATE.PROVIDER_ID, RATE.PREFIX, RATE.PRICE_MICROS, RATE.CURRENCY, RATE.VALID_FROM_MS, RATE.VALID_UNTIL_MS)
            .from(RATE)
            .fetchSize(10_000)
            .fetchLazy()) {
      for (Record6<String, String, Long, String, Long, Long> r : cursor) {
        sink.accept(toDomain(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
      }
    }
  }

  public int count(String providerId) {
    return db.fetchCount(RATE, RATE.PROVIDER_ID.eq(providerId));
  }

  private static Rate toDomain(String providerId, String prefix, long price, String currency, long from, Long until) {
    return new Rate(providerId, prefix, price, currency, from, until == null ? Rate.FOREVER : until);
  }
}
