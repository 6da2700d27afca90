package org.siproute.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.siproute.server.ServerModule;
import org.siproute.server.bench.BenchData;
import org.siproute.server.config.ServerConfig;
import org.siproute.server.store.Database;
import org.siproute.server.store.Store;
import org.siproute.server.testing.TestDatabase;

/**
 * A full load says how long its parts took (the routes and the rate decks, read side by side,
 * then the build): the log line of a slow load then says where it spent its time.
 */
class SnapshotLoadPartsTest {

  @Test
  void aLoadTimesItsPartsAndAReloadOfUnchangedRatesSaysItKeptTheDecks() {
    try (TestDatabase database = TestDatabase.underTest()) {
      ServerConfig config = ServerConfig.defaults().withDatabase(database.url(), "", "");
      try (Database db = Database.open(ServerModule.databaseOptions(config))) {
        BenchData.generate(db.dsl(), new BenchData.Size(3, 2, 300, 100, 200), 7);
        SnapshotLoader loader = new SnapshotLoader(new Store(db.dsl(), Clock.systemUTC()), "USD");

        Snapshot first = loader.load(null);
        assertThat(first.routeCount).isGreaterThanOrEqualTo(400);
        assertThat(loader.lastParts())
            .matches("routes read in \\d+ ms, rate decks read in \\d+ ms, built in \\d+ ms");

        loader.load(first);
        assertThat(loader.lastParts()).matches("routes read in \\d+ ms, rate decks kept, built in \\d+ ms");
      }
    }
  }
}
