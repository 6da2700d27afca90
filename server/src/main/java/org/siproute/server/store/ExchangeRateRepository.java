package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.EXCHANGE_RATE;

import java.util.ArrayList;
import java.util.List;
import org.siproute.db.jooq.tables.records.ExchangeRateRecord;
import org.jooq.DSLContext;
import org.siproute.server.domain.ExchangeRate;

/** Exchange rates into the platform currency, one row per currency. */
public final class ExchangeRateRepository {
  private final DSLContext db;

  public ExchangeRateRepository(DSLContext db) {
    this.db = db;
  }

  /** Every rate, by currency; with {@code lock}, the rows are locked for the transaction. */
  public List<ExchangeRate> all(boolean lock) {
    var query = db.selectFrom(EXCHANGE_RATE).orderBy(EXCHANGE_RATE.CURRENCY);
    List<ExchangeRate> out = new ArrayList<>();
    for (ExchangeRateRecord r : lock ? query.forUpdate().fetch() : query.fetch()) {
      out.add(new ExchangeRate(r.getCurrency(), r.getPlatformMicros(), r.getUpdateMs()));
    }
    return out;
  }

  /** Sets a currency's rate, replacing the one it had. */
  public void put(ExchangeRate rate) {
    remove(rate.currency());
    db.insertInto(EXCHANGE_RATE)
        .set(EXCHANGE_RATE.CURRENCY, rate.currency())
        .set(EXCHANGE_RATE.PLATFORM_MICROS, rate.platformMicros())
        .set(EXCHANGE_RATE.UPDATE_MS, rate.updateMs())
        .execute();
  }

  public void remove(String currency) {
    db.deleteFrom(EXCHANGE_RATE).where(EXCHANGE_RATE.CURRENCY.eq(currency)).execute();
  }
}
