package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.ROUTING_POLICY;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.siproute.db.jooq.tables.records.RoutingPolicyRecord;
import org.siproute.server.domain.FailoverCodes;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Strategy;

/** Routing policies: the platform default (customer "") and customers' own. */
public final class PolicyRepository implements VersionedRepository<RoutingPolicy> {
  private final DSLContext db;

  public PolicyRepository(DSLContext db) {
    this.db = db;
  }

  public Optional<RoutingPolicy> find(String customerId) {
    return db.selectFrom(ROUTING_POLICY)
        .where(ROUTING_POLICY.CUSTOMER_ID.eq(customerId))
        .fetchOptional()
        .map(PolicyRepository::toDomain);
  }

  @Override
  public Optional<RoutingPolicy> findForUpdate(String customerId) {
    return db.selectFrom(ROUTING_POLICY)
        .where(ROUTING_POLICY.CUSTOMER_ID.eq(customerId))
        .forUpdate()
        .fetchOptional()
        .map(PolicyRepository::toDomain);
  }

  public List<RoutingPolicy> all() {
    List<RoutingPolicy> out = new ArrayList<>();
    for (RoutingPolicyRecord r : db.selectFrom(ROUTING_POLICY).fetch()) {
      out.add(toDomain(r));
    }
    return out;
  }

  @Override
  public void insert(RoutingPolicy p) {
    db.insertInto(ROUTING_POLICY)
        .set(ROUTING_POLICY.CUSTOMER_ID, p.customerId())
        .set(ROUTING_POLICY.STRATEGY, p.strategy().name())
        .set(ROUTING_POLICY.FAILOVER_CODES, p.failoverCodes().toStorage())
        .set(ROUTING_POLICY.MAX_ATTEMPTS, p.maxAttempts())
        .set(ROUTING_POLICY.MAX_PRICE_MICROS, p.maxPriceMicros())
        .set(ROUTING_POLICY.EXCLUDE_DEFAULT_ROUTES, p.excludeDefaultRoutes())
        .set(ROUTING_POLICY.EXPECTED_CALL_SECONDS, p.expectedCallSeconds())
        .set(ROUTING_POLICY.CURRENCY, p.currency())
        .set(ROUTING_POLICY.MARGIN_GUARD, p.marginGuard())
        .set(ROUTING_POLICY.MIN_MARGIN_MICROS, p.minMarginMicros())
        .set(ROUTING_POLICY.DEFAULT_REGION, p.defaultRegion())
        .set(ROUTING_POLICY.VERSION, p.version())
        .set(ROUTING_POLICY.UPDATE_MS, p.updateMs())
        .execute();
  }

  @Override
  public boolean update(RoutingPolicy p, long expectedVersion) {
    return db.update(ROUTING_POLICY)
            .set(ROUTING_POLICY.STRATEGY, p.strategy().name())
            .set(ROUTING_POLICY.FAILOVER_CODES, p.failoverCodes().toStorage())
            .set(ROUTING_POLICY.MAX_ATTEMPTS, p.maxAttempts())
            .set(ROUTING_POLICY.MAX_PRICE_MICROS, p.maxPriceMicros())
            .set(ROUTING_POLICY.EXCLUDE_DEFAULT_ROUTES, p.excludeDefaultRoutes())
            .set(ROUTING_POLICY.EXPECTED_CALL_SECONDS, p.expectedCallSeconds())
            .set(ROUTING_POLICY.CURRENCY, p.currency())
            .set(ROUTING_POLICY.MARGIN_GUARD, p.marginGuard())
            .set(ROUTING_POLICY.MIN_MARGIN_MICROS, p.minMarginMicros())
            .set(ROUTING_POLICY.DEFAULT_REGION, p.defaultRegion())
            .set(ROUTING_POLICY.VERSION, p.version())
            .set(ROUTING_POLICY.UPDATE_MS, p.updateMs())
            .where(ROUTING_POLICY.CUSTOMER_ID.eq(p.customerId()))
            .and(ROUTING_POLICY.VERSION.eq(expectedVersion))
            .execute()
        > 0;
  }

  @Override
  public boolean delete(String customerId, long expectedVersion) {
    return db.deleteFrom(ROUTING_POLICY)
            .where(ROUTING_POLICY.CUSTOMER_ID.eq(customerId))
            .and(ROUTING_POLICY.VERSION.eq(expectedVersion))
            .execute()
        > 0;
  }

  private static RoutingPolicy toDomain(RoutingPolicyRecord r) {
    return new RoutingPolicy(
        r.getCustomerId(),
        Strategy.valueOf(r.getStrategy()),
        FailoverCodes.fromStorage(r.getFailoverCodes()),
        r.getMaxAttempts(),
        r.getMaxPriceMicros(),
        r.getExcludeDefaultRoutes(),
        false,
        r.getVersion(),
        r.getUpdateMs(),
        r.getExpectedCallSeconds(),
        r.getCurrency(),
        r.getMarginGuard(),
        r.getMinMarginMicros(),
        r.getDefaultRegion());
  }
}
