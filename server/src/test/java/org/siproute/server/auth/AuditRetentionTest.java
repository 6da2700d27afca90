package org.siproute.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siproute.proto.v1.AuditEvent;
import org.siproute.proto.v1.ListAuditEventsRequest;
import org.siproute.server.store.AuditRepository;
import org.siproute.server.store.Store;
import org.siproute.server.testing.Fixtures;
import org.siproute.server.testing.MutableClock;
import org.siproute.server.testing.OnEachDatabase;
import org.siproute.server.testing.TestDatabase;
import org.siproute.server.testing.TestServer;

/** --audit-retention: events older than it are deleted, in batches, and newer ones are kept. */
@OnEachDatabase
class AuditRetentionTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void eventsOlderThanTheRetentionAreDeletedInBatchesAndNewerOnesKept() {
    try (TestServer server =
        TestServer.builder().database(TestDatabase.underTest()).clock(clock).flags("--audit-retention", "30d").start()) {
      String old = Fixtures.createProvider(server.admin()).getId();
      // More old events than one batch, appended as the admin writes append them.
      Store store = server.instance(Store.class);
      for (int i = 0; i < AuditRetention.BATCH * 2 + 5; i++) {
        long ms = clock.millis();
        String id = "bulk-" + i;
        store.read(
            db -> {
              new AuditRepository(db)
                  .insert(new org.siproute.server.domain.AuditEvent(0, ms, "test", "ADMIN", "CreateProvider", "provider", id, "", "", "{}"));
              return null;
            });
      }
      clock.advance(Duration.ofDays(30).minusMinutes(1));
      String recent = Fixtures.createProvider(server.admin()).getId();
      clock.advance(Duration.ofMinutes(2));

      long deleted = server.instance(AuditRetention.class).pruneNow();

      assertThat(deleted).isEqualTo(AuditRetention.BATCH * 2 + 5 + 1);
      List<AuditEvent> left =
          server.admin().listAuditEvents(ListAuditEventsRequest.newBuilder().setPageSize(1000).build()).getAuditEventsList();
      assertThat(left).extracting(AuditEvent::getResourceId).contains(recent).doesNotContain(old, "bulk-0");
      assertThat(server.instance(AuditRetention.class).pruneNow()).as("nothing more is old enough").isZero();
    }
  }

  @Test
  void zeroRetentionKeepsEveryEvent() {
    try (TestServer server =
        TestServer.builder().database(TestDatabase.underTest()).clock(clock).flags("--audit-retention", "0").start()) {
      String old = Fixtures.createProvider(server.admin()).getId();
      clock.advance(Duration.ofDays(3650));

      assertThat(server.instance(AuditRetention.class).pruneNow()).isZero();
      assertThat(server.admin().listAuditEvents(ListAuditEventsRequest.getDefaultInstance()).getAuditEventsList())
          .extracting(AuditEvent::getResourceId)
          .contains(old);
    }
  }
}
