package org.siproute.server.store;

import static org.siproute.db.jooq.Tables.AUDIT_EVENT;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.siproute.db.jooq.tables.records.AuditEventRecord;
import org.siproute.server.domain.AuditEvent;

/** The audit trail: appended inside each admin write's transaction, read newest first. */
public final class AuditRepository {
  private final DSLContext db;

  public AuditRepository(DSLContext db) {
    this.db = db;
  }

  /**
   * Which events a listing covers; an empty text matches any value.
   *
   * @param fromMs inclusive start of the time range
   * @param untilMs exclusive end of the time range
   */
  public record Filter(
      String actor, String resourceType, String resourceId, String customerId, OptionalLong fromMs, OptionalLong untilMs) {}

  /** Appends {@code event}; its id is assigned by the database. */
  public void insert(AuditEvent event) {
    db.insertInto(AUDIT_EVENT)
        .set(AUDIT_EVENT.EVENT_MS, event.eventMs())
        .set(AUDIT_EVENT.ACTOR, event.actor())
        .set(AUDIT_EVENT.ACTOR_ROLE, event.actorRole())
        .set(AUDIT_EVENT.RPC, event.rpc())
        .set(AUDIT_EVENT.RESOURCE_TYPE, event.resourceType())
        .set(AUDIT_EVENT.RESOURCE_ID, event.resourceId())
        .set(AUDIT_EVENT.CUSTOMER_ID, event.customerId())
        .set(AUDIT_EVENT.BEFORE_JSON, event.beforeJson().isEmpty() ? null : event.beforeJson())
        .set(AUDIT_EVENT.AFTER_JSON, event.afterJson().isEmpty() ? null : event.afterJson())
        .execute();
  }

  /**
   * Deletes up to {@code limit} of the oldest events from before {@code beforeMs}; returns how
   * many. In batches, so that no statement holds the table for long.
   */
  public int deleteBefore(long beforeMs, int limit) {
    List<Long> ids =
        db.select(AUDIT_EVENT.ID)
            .from(AUDIT_EVENT)
            .where(AUDIT_EVENT.EVENT_MS.lt(beforeMs))
            .orderBy(AUDIT_EVENT.ID)
            .limit(limit)
            .fetch(AUDIT_EVENT.ID);
    return ids.isEmpty() ? 0 : db.deleteFrom(AUDIT_EVENT).where(AUDIT_EVENT.ID.in(ids)).execute();
  }

  /** Up to {@code limit} events matching {@code filter} with ids below {@code beforeId}, newest first. */
  public List<AuditEvent> page(Filter filter, long beforeId, int limit) {
    List<Condition> where = new ArrayList<>();
    if (beforeId != Long.MAX_VALUE) {
      where.add(AUDIT_EVENT.ID.lt(beforeId));
    }
    if (!filter.actor().isEmpty()) {
      where.add(AUDIT_EVENT.ACTOR.eq(filter.actor()));
    }
    if (!filter.resourceType().isEmpty()) {
      where.add(AUDIT_EVENT.RESOURCE_TYPE.eq(filter.resourceType()));
    }
    if (!filter.resourceId().isEmpty()) {
      where.add(AUDIT_EVENT.RESOURCE_ID.eq(filter.resourceId()));
    }
    if (!filter.customerId().isEmpty()) {
      where.add(AUDIT_EVENT.CUSTOMER_ID.eq(filter.customerId()));
    }
    filter.fromMs().ifPresent(from -> where.add(AUDIT_EVENT.EVENT_MS.ge(from)));
    filter.untilMs().ifPresent(until -> where.add(AUDIT_EVENT.EVENT_MS.lt(until)));
    return db.selectFrom(AUDIT_EVENT)
        .where(where.isEmpty() ? DSL.trueCondition() : DSL.and(where))
        .orderBy(AUDIT_EVENT.ID.desc())
        .limit(limit)
        .fetch(AuditRepository::toDomain);
  }

  private static AuditEvent toDomain(AuditEventRecord r) {
    return new AuditEvent(
        r.getId(),
        r.getEventMs(),
        r.getActor(),
        r.getActorRole(),
        r.getRpc(),
        r.getResourceType(),
        r.getResourceId(),
        r.getCustomerId(),
        r.getBeforeJson() == null ? "" : r.getBeforeJson(),
        r.getAfterJson() == null ? "" : r.getAfterJson());
  }
}
