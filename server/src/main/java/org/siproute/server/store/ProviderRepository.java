package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.PROVIDER;
import static org.siproute.db.jooq.Tables.PROVIDER_GATEWAY;
import static org.siproute.db.jooq.Tables.PROVIDER_HEADER;
import static org.siproute.db.jooq.Tables.PROVIDER_LABEL;
import static org.siproute.db.jooq.Tables.ROUTE;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.Result;
import org.siproute.db.jooq.tables.records.ProviderRecord;
import org.siproute.server.domain.Gateway;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Provider;
import org.siproute.server.domain.Transport;

/** Providers with their SIP headers, labels and gateways. */
public final class ProviderRepository implements VersionedRepository<Provider> {
  private final DSLContext db;

  public ProviderRepository(DSLContext db) {
    this.db = db;
  }

  public Optional<Provider> find(String id) {
    return toDomain(db.selectFrom(PROVIDER).where(PROVIDER.ID.eq(id)).fetch()).stream().findFirst();
  }

  /** Like {@link #find} but locks the row until the transaction ends. */
  @Override
  public Optional<Provider> findForUpdate(String id) {
    return toDomain(db.selectFrom(PROVIDER).where(PROVIDER.ID.eq(id)).forUpdate().fetch())
        .stream()
        .findFirst();
  }

  public boolean exists(String id) {
    return db.fetchExists(PROVIDER, PROVIDER.ID.eq(id));
  }

  /** Which of {@code ids} are stored providers: one query per 1000 ids. */
  public Set<String> existing(Collection<String> ids) {
    Set<String> found = new HashSet<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += 1_000) {
      found.addAll(
          db.select(PROVIDER.ID)
              .from(PROVIDER)
              .where(PROVIDER.ID.in(all.subList(from, Math.min(all.size(), from + 1_000))))
              .fetch(PROVIDER.ID));
    }
    return found;
  }

  /** Up to {@code limit} providers with ids after {@code afterId}, in id order. */
  public List<Provider> page(String afterId, int limit) {
    return toDomain(
        db.selectFrom(PROVIDER)
            .where(PROVIDER.ID.gt(afterId))
            .orderBy(PROVIDER.ID)
            .limit(limit)
            .fetch());
  }

  public List<Provider> all() {
    return toDomain(db.selectFrom(PROVIDER).orderBy(PROVIDER.ID).fetch());
  }

  @Override
  public void insert(Provider p) {
    db.insertInto(PROVIDER)
        .set(PROVIDER.ID, p.id())
        .set(PROVIDER.NAME, p.name())
        .set(PROVIDER.HOSTNAME, p.hostname())
        .set(PROVIDER.TRANSPORT, p.transport().name())
        .set(PROVIDER.TECH_PREFIX, p.techPrefix())
        .set(PROVIDER.TECH_POSTFIX, p.techPostfix())
        .set(PROVIDER.DISABLED, p.disabled())
        .set(PROVIDER.WEIGHT, p.weight())
        .set(PROVIDER.MAX_CONCURRENT_CALLS, p.maxConcurrentCalls())
        .set(PROVIDER.NUMBER_FORMAT, p.numberFormat().name())
        .set(PROVIDER.GATEWAY_ATTEMPTS, p.gatewayAttempts())
        .set(PROVIDER.VERSION, p.version())
        .set(PROVIDER.CREATE_MS, p.createMs())
        .set(PROVIDER.UPDATE_MS, p.updateMs())
        .execute();
    insertMaps(p);
  }

  /**
   * Writes every field of {@code p} if the stored version is still {@code expectedVersion}.
   * Returns false (and writes nothing) when it is not.
   */
  @Override
  public boolean update(Provider p, long expectedVersion) {
    int rows =
        db.update(PROVIDER)
            .set(PROVIDER.NAME, p.name())
            .set(PROVIDER.HOSTNAME, p.hostname())
            .set(PROVIDER.TRANSPORT, p.transport().name())
            .set(PROVIDER.TECH_PREFIX, p.techPrefix())
            .set(PROVIDER.TECH_POSTFIX, p.techPostfix())
            .set(PROVIDER.DISABLED, p.disabled())
            .set(PROVIDER.WEIGHT, p.weight())
            .set(PROVIDER.MAX_CONCURRENT_CALLS, p.maxConcurrentCalls())
            .set(PROVIDER.NUMBER_FORMAT, p.numberFormat().name())
            .set(PROVIDER.GATEWAY_ATTEMPTS, p.gatewayAttempts())
            .set(PROVIDER.VERSION, p.version())
            .set(PROVIDER.UPDATE_MS, p.updateMs())
            .where(PROVIDER.ID.eq(p.id()).and(PROVIDER.VERSION.eq(expectedVersion)))
            .execute();
    if (rows == 0) {
      return false;
    }
    db.deleteFrom(PROVIDER_HEADER).where(PROVIDER_HEADER.PROVIDER_ID.eq(p.id())).execute();
    db.deleteFrom(PROVIDER_LABEL).where(PROVIDER_LABEL.PROVIDER_ID.eq(p.id())).execute();
    db.deleteFrom(PROVIDER_GATEWAY).where(PROVIDER_GATEWAY.PROVIDER_ID.eq(p.id())).execute();
    insertMaps(p);
    return true;
  }

  /**
   * Deletes the provider if its version is {@code expectedVersion}; false otherwise. Its rate
   * deck goes with it (ON DELETE CASCADE): up to millions of rows, so the statement gets the
   * bulk timeout.
   */
  @Override
  public boolean delete(String id, long expectedVersion) {
    return StatementTimeouts.bulk(
        () ->
            db.deleteFrom(PROVIDER)
                    .where(PROVIDER.ID.eq(id).and(PROVIDER.VERSION.eq(expectedVersion)))
                    .execute()
                > 0);
  }

  /** How many routes point at the provider. */
  public int routeCount(String providerId) {
    return db.fetchCount(ROUTE, ROUTE.PROVIDER_ID.eq(providerId));
  }

  private void insertMaps(Provider p) {
    if (!p.techHeaders().isEmpty()) {
      var insert = db.insertInto(PROVIDER_HEADER, PROVIDER_HEADER.PROVIDER_ID, PROVIDER_HEADER.HEADER_NAME, PROVIDER_HEADER.HEADER_VALUE);
      p.techHeaders().forEach((k, v) -> insert.values(p.id(), k, v));
      insert.execute();
    }
    if (!p.labels().isEmpty()) {
      var insert = db.insertInto(PROVIDER_LABEL, PROVIDER_LABEL.PROVIDER_ID, PROVIDER_LABEL.LABEL_KEY, PROVIDER_LABEL.LABEL_VALUE);
      p.labels().forEach((k, v) -> insert.values(p.id(), k, v));
      insert.execute();
    }
    if (!p.gateways().isEmpty()) {
      var insert = db.insertInto(PROVIDER_GATEWAY, PROVIDER_GATEWAY.PROVIDER_ID, PROVIDER_GATEWAY.ORDINAL,
          PROVIDER_GATEWAY.ADDRESS, PROVIDER_GATEWAY.TRANSPORT, PROVIDER_GATEWAY.WEIGHT, PROVIDER_GATEWAY.DISABLED);
      for (int i = 0; i < p.gateways().size(); i++) {
        Gateway g = p.gateways().get(i);
        insert.values(p.id(), i, g.address(), g.transport().name(), g.weight(), g.disabled());
      }
      insert.execute();
    }
  }

  private List<Provider> toDomain(Result<ProviderRecord> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> ids = rows.getValues(PROVIDER.ID);
    Map<String, Map<String, String>> headers =
        group(
            db.select(PROVIDER_HEADER.PROVIDER_ID, PROVIDER_HEADER.HEADER_NAME, PROVIDER_HEADER.HEADER_VALUE)
                .from(PROVIDER_HEADER)
                .where(inIds(PROVIDER_HEADER.PROVIDER_ID, ids))
                .fetch());
    Map<String, Map<String, String>> labels =
        group(
            db.select(PROVIDER_LABEL.PROVIDER_ID, PROVIDER_LABEL.LABEL_KEY, PROVIDER_LABEL.LABEL_VALUE)
                .from(PROVIDER_LABEL)
                .where(inIds(PROVIDER_LABEL.PROVIDER_ID, ids))
                .fetch());
    Map<String, List<Gateway>> gateways = new HashMap<>();
    for (var g : db.selectFrom(PROVIDER_GATEWAY)
        .where(inIds(PROVIDER_GATEWAY.PROVIDER_ID, ids))
        .orderBy(PROVIDER_GATEWAY.PROVIDER_ID, PROVIDER_GATEWAY.ORDINAL)
        .fetch()) {
      gateways.computeIfAbsent(g.getProviderId(), k -> new ArrayList<>())
          .add(new Gateway(g.getAddress(), Transport.valueOf(g.getTransport()), g.getWeight(), g.getDisabled()));
    }
    List<Provider> out = new ArrayList<>(rows.size());
    for (ProviderRecord r : rows) {
      out.add(
          new Provider(
              r.getId(),
              r.getName(),
              r.getHostname(),
              Transport.valueOf(r.getTransport()),
              r.getTechPrefix(),
              r.getTechPostfix(),
              headers.getOrDefault(r.getId(), Map.of()),
              r.getDisabled(),
              r.getWeight(),
              r.getMaxConcurrentCalls(),
              labels.getOrDefault(r.getId(), Map.of()),
              r.getVersion(),
              r.getCreateMs(),
              r.getUpdateMs(),
              NumberFormat.valueOf(r.getNumberFormat()),
              gateways.getOrDefault(r.getId(), List.of()),
              r.getGatewayAttempts()));
    }
    return out;
  }

  /** Small id lists go in an IN list; a whole-table load reads every row instead. */
  private static org.jooq.Condition inIds(org.jooq.Field<String> field, Collection<String> ids) {
    return ids.size() > 1000 ? org.jooq.impl.DSL.trueCondition() : field.in(ids);
  }

  private static Map<String, Map<String, String>> group(Result<Record3<String, String, String>> rows) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Record3<String, String, String> r : rows) {
      out.computeIfAbsent(r.value1(), k -> new TreeMap<>()).put(r.value2(), r.value3());
    }
    return out;
  }
}
