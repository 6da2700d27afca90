package org.siproute.server.auth;

import static org.siproute.db.jooq.Tables.AUDIT_EVENT;

import com.google.protobuf.util.Timestamps;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.siproute.db.jooq.tables.records.AuditEventRecord;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.proto.v1.ListAuditEventsResponse;
import org.siproute.server.admin.AdminValidator;
import org.siproute.server.admin.PageToken;
import org.siproute.server.error.ServiceException;
import org.siproute.server.error.Violations;

/** Reading the audit trail: ListAuditEvents, newest first, ADMIN only. */
public final class AuditLog {
  private static final Set<String> RESOURCE_TYPES =
      Set.of(AuditChange.PROVIDER, AuditChange.ROUTE, AuditChange.RATE_DECK, AuditChange.ROUTING_POLICY, AuditChange.API_KEY);

  private final DSLContext db;

  @Inject
  AuditLog(DSLContext db) {
    this.db = db;
  }

  public ListAuditEventsResponse list(ListAuditEventsRequest request) {
    AuthContext.principal().checkAdmin("read audit events");
    Violations v = new Violations();
    boundedText(v, "actor", request.getActor());
    if (!request.getResourceType().isEmpty() && !RESOURCE_TYPES.contains(request.getResourceType())) {
      v.add("resource_type", "must be empty or one of " + String.join(", ", new java.util.TreeSet<>(RESOURCE_TYPES)));
    }
    boundedText(v, "resource_id", request.getResourceId());
    AdminValidator.customerId(v, "customer_id", request.getCustomerId(), true);
    if (request.hasStartTime() && !Timestamps.isValid(request.getStartTime())) {
      v.add("start_time", "is not a valid timestamp");
    }
    if (request.hasEndTime() && !Timestamps.isValid(request.getEndTime())) {
      v.add("end_time", "is not a valid timestamp");
    }
    v.throwIfAny();
    int size = PageToken.pageSize(request.getPageSize(), 100, 1000);
    String query =
        String.join(
            ",",
            "audit",
            request.getActor(),
            request.getResourceType(),
            request.getResourceId(),
            request.getCustomerId(),
            request.hasStartTime() ? Long.toString(Timestamps.toMillis(request.getStartTime())) : "",
            request.hasEndTime() ? Long.toString(Timestamps.toMillis(request.getEndTime())) : "");
    List<String> after = PageToken.decode(request.getPageToken(), query, 1);
    List<Condition> where = new ArrayList<>();
    if (!after.isEmpty()) {
      try {
        where.add(AUDIT_EVENT.ID.lt(Long.parseLong(after.get(0))));
      } catch (NumberFormatException e) {
        throw ServiceException.invalid("page_token", "is not a token returned by this list");
      }
    }
    if (!request.getActor().isEmpty()) {
      where.add(AUDIT_EVENT.ACTOR.eq(request.getActor()));
    }
    if (!request.getResourceType().isEmpty()) {
      where.add(AUDIT_EVENT.RESOURCE_TYPE.eq(request.getResourceType()));
    }
    if (!request.getResourceId().isEmpty()) {
      where.add(AUDIT_EVENT.RESOURCE_ID.eq(request.getResourceId()));
    }
    if (!request.getCustomerId().isEmpty()) {
      where.add(AUDIT_EVENT.CUSTOMER_ID.eq(request.getCustomerId()));
    }
    if (request.hasStartTime()) {
      where.add(AUDIT_EVENT.EVENT_MS.ge(Timestamps.toMillis(request.getStartTime())));
    }
    if (request.hasEndTime()) {
      where.add(AUDIT_EVENT.EVENT_MS.lt(Timestamps.toMillis(request.getEndTime())));
    }
    List<AuditEventRecord> page =
        db.selectFrom(AUDIT_EVENT)
            .where(where.isEmpty() ? DSL.trueCondition() : DSL.and(where))
            .orderBy(AUDIT_EVENT.ID.desc())
            .limit(size + 1)
            .fetch();
    ListAuditEventsResponse.Builder out = ListAuditEventsResponse.newBuilder();
    page.stream().limit(size).map(AuditLog::toProto).forEach(out::addAuditEvents);
    if (page.size() > size) {
      out.setNextPageToken(PageToken.encode(query, List.of(Long.toString(page.get(size - 1).getId()))));
    }
    return out.build();
  }

  private static void boundedText(Violations v, String field, String value) {
    if (value.length() > 64 || !value.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      v.add(field, "must be at most 64 printable characters");
    }
  }

  private static AuditEvent toProto(AuditEventRecord r) {
    AuditEvent.Builder b =
        AuditEvent.newBuilder()
            .setId(Long.toString(r.getId()))
            .setTime(Timestamps.fromMillis(r.getEventMs()))
            .setActor(r.getActor())
            .setRpc(r.getRpc())
            .setResourceType(r.getResourceType())
            .setResourceId(r.getResourceId())
            .setCustomerId(r.getCustomerId())
            .setBeforeJson(r.getBeforeJson() == null ? "" : r.getBeforeJson())
            .setAfterJson(r.getAfterJson() == null ? "" : r.getAfterJson());
    Role.fromStored(r.getActorRole()).ifPresent(role -> b.setActorRole(role.toProto()));
    return b.build();
  }
}
