package org.siproute.server.quality;

import static org.siproute.db.jooq.Tables.PROVIDER_STATISTICS;

import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.siproute.server.store.Store;

/**
 * The provider_statistics table: each instance's rows per provider, gateway, destination
 * calling code and time bucket. Writes overwrite an instance's own rows with current totals (idempotent);
 * reads sum the rows of every other instance.
 */
public final class StatisticsStore {
  /** Table columns in {@link Counter} order. */
  private static final List<Field<Long>> COLUMNS =
      List.of(
          PROVIDER_STATISTICS.ATTEMPTS,
          PROVIDER_STATISTICS.ANSWERED,
          PROVIDER_STATISTICS.REDIRECTIONS,
          PROVIDER_STATISTICS.CLIENT_FAILURES,
          PROVIDER_STATISTICS.SERVER_FAILURES,
          PROVIDER_STATISTICS.GLOBAL_FAILURES,
          PROVIDER_STATISTICS.TIMEOUTS,
          PROVIDER_STATISTICS.TRANSPORT_ERRORS,
          PROVIDER_STATISTICS.PROVIDER_FAILURES,
          PROVIDER_STATISTICS.ABANDONED,
          PROVIDER_STATISTICS.POST_DIAL_DELAY_COUNT,
          PROVIDER_STATISTICS.POST_DIAL_DELAY_SUM_MS,
          PROVIDER_STATISTICS.CALLS_ENDED,
          PROVIDER_STATISTICS.DURATION_SUM_MS);

  static {
    if (COLUMNS.size() != Counter.COUNT) {
      throw new AssertionError("provider_statistics columns and counters differ");
    }
  }

  private final Store store;

  @Inject
  StatisticsStore(Store store) {
    this.store = store;
  }

  /** Writes this instance's changed buckets in one transaction. */
  void write(String instanceId, Collection<ProviderStatistics.ChangedBucket> buckets, long nowMillis) {
    if (buckets.isEmpty()) {
      return;
    }
    store.transaction(
        tx -> {
          List<Query> upserts = new ArrayList<>(buckets.size());
          for (ProviderStatistics.ChangedBucket b : buckets) {
            var insert =
                tx.insertInto(PROVIDER_STATISTICS)
                    .set(PROVIDER_STATISTICS.INSTANCE_ID, instanceId)
                    .set(PROVIDER_STATISTICS.PROVIDER_ID, b.providerId())
                    .set(PROVIDER_STATISTICS.GATEWAY, b.gateway())
                    .set(PROVIDER_STATISTICS.CALLING_CODE, b.callingCode())
                    .set(PROVIDER_STATISTICS.BUCKET_START_MS, b.bucket().startMillis())
                    .set(PROVIDER_STATISTICS.BUCKET_MS, b.bucket().widthMillis())
                    .set(PROVIDER_STATISTICS.UPDATE_MS, nowMillis);
            Map<Field<?>, Object> values = new HashMap<>();
            for (Counter c : Counter.ALL) {
              long value = b.bucket().counts().get(c);
              insert = insert.set(COLUMNS.get(c.ordinal()), value);
              values.put(COLUMNS.get(c.ordinal()), value);
            }
            values.put(PROVIDER_STATISTICS.BUCKET_MS, b.bucket().widthMillis());
            values.put(PROVIDER_STATISTICS.UPDATE_MS, nowMillis);
            upserts.add(insert.onDuplicateKeyUpdate().set(values));
          }
          tx.batch(upserts).execute();
          return null;
        });
  }

  /**
   * The sums of every other instance's buckets that start at or after {@code fromMillis}, per
   * provider and calling code (over its gateways), and per provider and gateway.
   */
  RemoteStatistics readOthers(String instanceId, long fromMillis) {
    List<Field<?>> select = new ArrayList<>();
    select.add(PROVIDER_STATISTICS.PROVIDER_ID);
    select.add(PROVIDER_STATISTICS.GATEWAY);
    select.add(PROVIDER_STATISTICS.CALLING_CODE);
    for (Field<Long> column : COLUMNS) {
      select.add(DSL.sum(column).as(column.getName()));
    }
    Result<Record> sums =
        store.read(
            db -> db.select(select)
                .from(PROVIDER_STATISTICS)
                .where(PROVIDER_STATISTICS.INSTANCE_ID.ne(instanceId))
                .and(PROVIDER_STATISTICS.BUCKET_START_MS.ge(fromMillis))
                .groupBy(PROVIDER_STATISTICS.PROVIDER_ID, PROVIDER_STATISTICS.GATEWAY, PROVIDER_STATISTICS.CALLING_CODE)
                .fetch());
    Map<String, Map<Integer, Counts>> out = new HashMap<>();
    Map<String, Map<String, Counts>> byGateway = new HashMap<>();
    for (Record r : sums) {
      long[] values = new long[Counter.COUNT];
      for (int i = 0; i < values.length; i++) {
        BigDecimal sum = r.get(COLUMNS.get(i).getName(), BigDecimal.class);
        values[i] = sum == null ? 0 : sum.longValue();
      }
      Counts counts = Counts.of(values);
      String provider = r.get(PROVIDER_STATISTICS.PROVIDER_ID);
      out.computeIfAbsent(provider, p -> new HashMap<>())
          .merge(r.get(PROVIDER_STATISTICS.CALLING_CODE), counts, Counts::plus);
      byGateway.computeIfAbsent(provider, p -> new HashMap<>())
          .merge(r.get(PROVIDER_STATISTICS.GATEWAY), counts, Counts::plus);
    }
    Map<String, Map<Integer, Counts>> frozen = new HashMap<>();
    out.forEach((provider, destinations) -> frozen.put(provider, Map.copyOf(destinations)));
    Map<String, Map<String, Counts>> frozenGateways = new HashMap<>();
    byGateway.forEach((provider, gateways) -> frozenGateways.put(provider, Map.copyOf(gateways)));
    return RemoteStatistics.of(Map.copyOf(frozen), Map.copyOf(frozenGateways));
  }

  /** Deletes every instance's buckets that start before {@code beforeMillis}. */
  int deleteBefore(long beforeMillis) {
    return store.read(
        db -> db.deleteFrom(PROVIDER_STATISTICS).where(PROVIDER_STATISTICS.BUCKET_START_MS.lt(beforeMillis)).execute());
  }
}
