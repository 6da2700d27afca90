package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.RATE;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.Record9;
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

  /** The keys (prefix, valid_from) of a provider's stored rates, as {@link #key} strings. */
  public java.util.Set<String> keys(String providerId) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    try (var cursor =
        db.select(RATE.PREFIX, RATE.VALID_FROM_MS)
            .from(RATE)
            .where(RATE.PROVIDER_ID.eq(providerId))
            .fetchSize(10_000)
            .fetchLazy()) {
      for (var r : cursor) {
        keys.add(key(r.value1(), r.value2()));
      }
    }
    return keys;
  }

  public static String key(String prefix, long validFromMs) {
    return prefix + "@" + validFromMs;
  }

  /**
   * Writes {@code rates}; those also in {@code stored} have keys already in the table and
   * replace them (one delete by primary key each). Returns how many were replaced.
   */
  public int insert(List<Rate> rates, List<Rate> stored) {
    int replaced = 0;
    if (!stored.isEmpty()) {
      var delete =
          db.batch(
              db.deleteFrom(RATE)
                  .where(RATE.PROVIDER_ID.eq((String) null))
                  .and(RATE.PREFIX.eq((String) null))
                  .and(RATE.VALID_FROM_MS.eq((Long) null)));
      for (Rate r : stored) {
        delete.bind(r.providerId(), r.prefix(), r.validFromMs());
      }
      for (int n : delete.execute()) {
        replaced += Math.max(n, 0);
      }
    }
    for (int from = 0; from < rates.size(); from += ROWS_PER_STATEMENT) {
      List<Rate> chunk = rates.subList(from, Math.min(rates.size(), from + ROWS_PER_STATEMENT));
      var insert =
          db.insertInto(
              RATE, RATE.PROVIDER_ID, RATE.PREFIX, RATE.VALID_FROM_MS, RATE.VALID_UNTIL_MS, RATE.PRICE_MICROS,
              RATE.CURRENCY, RATE.CONNECT_FEE_MICROS, RATE.FIRST_INCREMENT_SECONDS, RATE.NEXT_INCREMENT_SECONDS);
      for (Rate r : chunk) {
        insert.values(
            r.providerId(),
            r.prefix(),
            r.validFromMs(),
            r.validUntilMs() == Rate.FOREVER ? null : r.validUntilMs(),
            r.priceMicros(),
            r.currency(),
            r.connectFeeMicros(),
            r.firstIncrementSeconds(),
            r.nextIncrementSeconds());
      }
      insert.execute();
    }
    return replaced;
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
      out.add(
          new Rate(r.getProviderId(), r.getPrefix(), r.getPriceMicros(), r.getCurrency(), r.getValidFromMs(),
              until(r.getValidUntilMs()), r.getConnectFeeMicros(), r.getFirstIncrementSeconds(),
              r.getNextIncrementSeconds()));
    }
    return out;
  }

  /** Streams every rate of every provider to {@code sink}, without holding them all. */
  public void forEach(Consumer<Rate> sink) {
    try (var cursor =
        db.select(
                RATE.PROVIDER_ID, RATE.PREFIX, RATE.PRICE_MICROS, RATE.CURRENCY, RATE.VALID_FROM_MS,
                RATE.VALID_UNTIL_MS, RATE.CONNECT_FEE_MICROS, RATE.FIRST_INCREMENT_SECONDS,
                RATE.NEXT_INCREMENT_SECONDS)
            .from(RATE)
            .fetchSize(10_000)
            .fetchLazy()) {
      for (Record9<String, String, Long, String, Long, Long, Long, Integer, Integer> r : cursor) {
        sink.accept(
            new Rate(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), until(r.value6()), r.value7(),
                r.value8(), r.value9()));
      }
    }
  }

  public int count(String providerId) {
    return db.fetchCount(RATE, RATE.PROVIDER_ID.eq(providerId));
  }

  private static long until(Long validUntilMs) {
    return validUntilMs == null ? Rate.FOREVER : validUntilMs;
  }
}
