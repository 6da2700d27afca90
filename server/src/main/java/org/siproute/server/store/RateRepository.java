package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.RATE;
import static org.siproute.db.jooq.Tables.SELL_RATE;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.siproute.server.domain.Rate;

/**
 * Rate decks: a provider's (what calls cost) or a customer's sell rates (what the customer
 * pays), two tables of one shape, each line owned by its provider or customer. Writes go in
 * multi-row statements: decks run to a million lines. A sell-rate line is a {@link Rate} whose
 * providerId is "": its owner is the customer the repository is asked about.
 */
public final class RateRepository {
  private static final int ROWS_PER_STATEMENT = 1000;

  // Where columns() puts each column in a row, counted from 1 as JDBC does.
  private static final int OWNER = 1;
  private static final int PREFIX = 2;
  private static final int PRICE = 3;
  private static final int CURRENCY = 4;
  private static final int VALID_FROM = 5;
  private static final int VALID_UNTIL = 6;
  private static final int CONNECT_FEE = 7;
  private static final int FIRST_INCREMENT = 8;
  private static final int NEXT_INCREMENT = 9;

  /** The columns of one deck table. */
  private record Columns(
      Table<?> table,
      Field<String> owner,
      Field<String> prefix,
      Field<Long> validFrom,
      Field<Long> validUntil,
      Field<Long> price,
      Field<String> currency,
      Field<Long> connectFee,
      Field<Integer> firstIncrement,
      Field<Integer> nextIncrement,
      boolean providerDeck) {}

  private static final Columns PROVIDER_DECKS =
      new Columns(RATE, RATE.PROVIDER_ID, RATE.PREFIX, RATE.VALID_FROM_MS, RATE.VALID_UNTIL_MS, RATE.PRICE_MICROS,
          RATE.CURRENCY, RATE.CONNECT_FEE_MICROS, RATE.FIRST_INCREMENT_SECONDS, RATE.NEXT_INCREMENT_SECONDS, true);
  private static final Columns SELL_DECKS =
      new Columns(SELL_RATE, SELL_RATE.CUSTOMER_ID, SELL_RATE.PREFIX, SELL_RATE.VALID_FROM_MS, SELL_RATE.VALID_UNTIL_MS,
          SELL_RATE.PRICE_MICROS, SELL_RATE.CURRENCY, SELL_RATE.CONNECT_FEE_MICROS, SELL_RATE.FIRST_INCREMENT_SECONDS,
          SELL_RATE.NEXT_INCREMENT_SECONDS, false);

  private final DSLContext db;
  private final Columns c;

  private RateRepository(DSLContext db, Columns columns) {
    this.db = db;
    this.c = columns;
  }

  /** Providers' rate decks. */
  public RateRepository(DSLContext db) {
    this(db, PROVIDER_DECKS);
  }

  /** Customers' sell rates. */
  public static RateRepository sellRates(DSLContext db) {
    return new RateRepository(db, SELL_DECKS);
  }

  /** Deletes every line of an owner's deck; returns how many. */
  public int deleteAll(String owner) {
    return db.deleteFrom(c.table()).where(c.owner().eq(owner)).execute();
  }

  /** The keys (prefix, valid_from) of an owner's stored lines, as {@link #key} strings. */
  public Set<String> keys(String owner) {
    Set<String> keys = new HashSet<>();
    try (var cursor =
        db.select(c.prefix(), c.validFrom()).from(c.table()).where(c.owner().eq(owner)).fetchSize(10_000).fetchLazy()) {
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
   * Writes {@code rates} into {@code owner}'s deck; those also in {@code stored} have keys
   * already in the table and replace them (one delete by primary key each). Returns how many
   * were replaced.
   */
  public int insert(String owner, List<Rate> rates, List<Rate> stored) {
    int replaced = 0;
    if (!stored.isEmpty()) {
      var delete =
          db.batch(
              db.deleteFrom(c.table())
                  .where(c.owner().eq((String) null))
                  .and(c.prefix().eq((String) null))
                  .and(c.validFrom().eq((Long) null)));
      for (Rate r : stored) {
        delete.bind(owner, r.prefix(), r.validFromMs());
      }
      for (int n : delete.execute()) {
        replaced += Math.max(n, 0);
      }
    }
    for (int from = 0; from < rates.size(); from += ROWS_PER_STATEMENT) {
      List<Rate> chunk = rates.subList(from, Math.min(rates.size(), from + ROWS_PER_STATEMENT));
      var insert =
          db.insertInto(
              c.table(), c.owner(), c.prefix(), c.validFrom(), c.validUntil(), c.price(), c.currency(), c.connectFee(),
              c.firstIncrement(), c.nextIncrement());
      for (Rate r : chunk) {
        insert.values(
            owner,
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
   * Up to {@code limit} lines of an owner's deck whose prefix starts with {@code prefixFilter},
   * after the key (afterPrefix, afterValidFrom), in key order.
   */
  public List<Rate> page(String owner, String prefixFilter, String afterPrefix, long afterValidFrom, int limit) {
    var query =
        db.select(columns())
            .from(c.table())
            .where(c.owner().eq(owner))
            .and(prefixFilter.isEmpty() ? DSL.trueCondition() : c.prefix().startsWith(prefixFilter))
            .and(DSL.row(c.prefix(), c.validFrom()).gt(afterPrefix, afterValidFrom))
            .orderBy(c.prefix(), c.validFrom())
            .limit(limit);
    List<Rate> out = new ArrayList<>(limit);
    for (Record r : query.fetch()) {
      out.add(toDomain(r));
    }
    return out;
  }

  /**
   * What a streamed deck is handed, line by line, column by column: a full load passes a million
   * lines, so no object is made per line beyond the strings the driver reads. {@code
   * validUntilMs} is {@link Rate#FOREVER} for a line valid for ever.
   */
  public interface LineSink {
    void accept(String owner, String prefix, long priceMicros, String currency, long validFromMs, long validUntilMs,
        long connectFeeMicros, int firstIncrementSeconds, int nextIncrementSeconds);
  }

  /** Streams every line of every deck to {@code sink}, without holding them all. */
  public void forEach(LineSink sink) {
    stream(db.select(columns()).from(c.table()), sink);
  }

  /** Streams every line of one owner's deck to {@code sink}, without holding them all. */
  public void forEachOf(String owner, LineSink sink) {
    stream(db.select(columns()).from(c.table()).where(c.owner().eq(owner)), sink);
  }

  /**
   * Reads the rows of {@code query} straight from the JDBC result set. The statement still runs
   * through jOOQ, so its timeouts ({@link StatementTimeouts}) and the streaming fetch size hold;
   * only the mapping of each row to a record is skipped.
   */
  private void stream(ResultQuery<?> query, LineSink sink) {
    try (ResultSet rows = query.fetchSize(Streaming.fetchSize(db)).fetchResultSet()) {
      while (rows.next()) {
        String owner = rows.getString(OWNER);
        String prefix = rows.getString(PREFIX);
        long price = rows.getLong(PRICE);
        String currency = rows.getString(CURRENCY);
        long validFrom = rows.getLong(VALID_FROM);
        long validUntil = rows.getLong(VALID_UNTIL);
        if (rows.wasNull()) {
          validUntil = Rate.FOREVER;
        }
        sink.accept(owner, prefix, price, currency, validFrom, validUntil, rows.getLong(CONNECT_FEE),
            rows.getInt(FIRST_INCREMENT), rows.getInt(NEXT_INCREMENT));
      }
    } catch (SQLException e) {
      throw new DataAccessException("cannot read the rate decks of " + c.table().getName(), e);
    }
  }

  public int count(String owner) {
    return db.fetchCount(c.table(), c.owner().eq(owner));
  }

  /** Every column of a line, in the order of the positions above. */
  private List<Field<?>> columns() {
    return List.of(c.owner(), c.prefix(), c.price(), c.currency(), c.validFrom(), c.validUntil(), c.connectFee(),
        c.firstIncrement(), c.nextIncrement());
  }

  private Rate toDomain(Record r) {
    Long until = r.get(c.validUntil());
    return new Rate(
        c.providerDeck() ? r.get(c.owner()) : "",
        r.get(c.prefix()),
        r.get(c.price()),
        r.get(c.currency()),
        r.get(c.validFrom()),
        until == null ? Rate.FOREVER : until,
        r.get(c.connectFee()),
        r.get(c.firstIncrement()),
        r.get(c.nextIncrement()));
  }
}
