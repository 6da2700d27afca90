package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.siproute.server.ServerModule;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.Database;
import org.siproute.server.store.DatabaseState;
import org.siproute.server.store.Store;
import org.siproute.server.testing.TestDatabase;

/**
 * A write waits for the local snapshot to catch up (read-your-writes), but not for a database
 * that has stopped answering: the write is committed, and polling catches up later.
 */
class SnapshotWaitTest {

  @Test
  void waitingForAWriteEndsAtOnceWhenTheSnapshotCannotBeRefreshed() {
    try (TestDatabase database = TestDatabase.h2()) {
      ServerConfig config =
          ServerConfig.defaults().withDatabase(database.url(), "", "").withPollInterval(Duration.ofMinutes(10));
      try (Database db = Database.open(ServerModule.databaseOptions(config))) {
        RoutingSnapshots snapshots = new RoutingSnapshots(new Store(db.dsl(), Clock.systemUTC()), config, new DatabaseState());
        snapshots.start();
        try {
          database.execute("DROP TABLE routing_revision"); // nothing can read the revision now

          long started = System.nanoTime();
          snapshots.awaitRevision(snapshots.revision() + 1);
          Duration waited = Duration.ofNanos(System.nanoTime() - started);

          // The wait limit is 30 s; a failed refresh ends it within milliseconds. 10 s is
          // room for a loaded machine.
          assertThat(waited).isLessThan(Duration.ofSeconds(10));
          assertThat(snapshots.isStale()).isTrue();
        } finally {
          snapshots.stop();
        }
      }
    }
  }
}
