package org.siproute.server.auth;

import static org.siproute.db.jooq.Tables.AUDIT_EVENT;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import jakarta.inject.Inject;
import java.time.Clock;
import org.jooq.DSLContext;

/**
 * Records admin writes in the audit trail. Called inside the write's own transaction, with that
 * transaction's context, so the event commits with the write or not at all. The actor and the
 * rpc come from the call ({@link AuthContext}); without an authenticated caller the write fails
 * rather than be recorded as nobody's.
 */
public final class AuditRecorder {
  private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

  private final Clock clock;

  @Inject
  AuditRecorder(Clock clock) {
    this.clock = clock;
  }

  public void record(DSLContext tx, AuditChange change) {
    Principal actor = AuthContext.principal();
    tx.insertInto(AUDIT_EVENT)
        .set(AUDIT_EVENT.EVENT_MS, clock.millis())
        .set(AUDIT_EVENT.ACTOR, actor.keyId())
        .set(AUDIT_EVENT.ACTOR_ROLE, actor.role().name())
        .set(AUDIT_EVENT.RPC, AuthContext.rpc())
        .set(AUDIT_EVENT.RESOURCE_TYPE, change.resourceType())
        .set(AUDIT_EVENT.RESOURCE_ID, change.resourceId())
        .set(AUDIT_EVENT.CUSTOMER_ID, change.customerId())
        .set(AUDIT_EVENT.BEFORE_JSON, change.before().map(AuditRecorder::json).orElse(null))
        .set(AUDIT_EVENT.AFTER_JSON, change.after().map(AuditRecorder::json).orElse(null))
        .execute();
  }

  static String json(MessageOrBuilder message) {
    try {
      return JSON.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only an Any of an unknown type fails to print; resources hold none.
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
