package org.siproute.server.auth;

import jakarta.inject.Inject;
import java.time.Clock;
import org.jooq.DSLContext;
import org.siproute.server.domain.AuditEvent;
import org.siproute.server.store.AuditRepository;

/**
 * Records admin writes in the audit trail. Called inside the write's own transaction, with that
 * transaction's context, so the event commits with the write or not at all. The actor and the
 * rpc are the {@link Caller}'s.
 */
public final class AuditRecorder {
  private final Clock clock;

  @Inject
  AuditRecorder(Clock clock) {
    this.clock = clock;
  }

  public void record(DSLContext tx, Caller caller, AuditChange change) {
    new AuditRepository(tx)
        .insert(
            new AuditEvent(
                0,
                clock.millis(),
                caller.principal().keyId(),
                caller.principal().role().name(),
                caller.rpc(),
                change.resourceType().id(),
                change.resourceId(),
                change.customerId(),
                change.beforeJson().orElse(""),
                change.afterJson().orElse("")));
  }
}
