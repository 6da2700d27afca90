package org.siproute.server.auth;

import jakarta.inject.Inject;
import java.util.List;
import org.siproute.server.domain.AuditEvent;
import org.siproute.server.store.AuditRepository;
import org.siproute.server.store.Store;

/** Reading the audit trail (ListAuditEvents): newest first, ADMIN only. */
public final class AuditLog {
  private final Store store;

  @Inject
  AuditLog(Store store) {
    this.store = store;
  }

  /** Up to {@code limit} events matching {@code filter} with ids below {@code beforeId}. */
  public List<AuditEvent> list(Caller caller, AuditRepository.Filter filter, long beforeId, int limit) {
    caller.principal().checkAdmin("read audit events");
    return store.read(db -> new AuditRepository(db).page(filter, beforeId, limit));
  }
}
