package org.siproute.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening an in-process H2 file moves the routing revision past the numbers a killed process
 * may have shown without writing them (one per pooled connection), so that they are never
 * reused for other routes; databases that outlive this process keep their revision.
 */
class CrashRevisionSkipTest {
  private static final int POOL = 3;

  @Test
  void eachOpenOfAnH2FileSkipsOneRevisionPerPooledConnection(@TempDir Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("siproute") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
    long first;
    try (Database db = Database.open(options(url))) {
      Store store = store(db);
      first = store.revision();
      store.write(tx -> null);
      assertThat(store.revision()).isEqualTo(first + 1);
    }
    try (Database db = Database.open(options(url))) {
      assertThat(store(db).revision()).as("the revision after reopening").isEqualTo(first + 1 + POOL);
    }
  }

  @Test
  void onlyInProcessH2FilesSkip() {
    assertThat(Database.inProcessH2File("jdbc:h2:file:/data/siproute;MODE=MySQL")).isTrue();
    assertThat(Database.inProcessH2File("jdbc:h2:/data/siproute")).isTrue();
    assertThat(Database.inProcessH2File("jdbc:h2:mem:test")).isFalse();
    assertThat(Database.inProcessH2File("jdbc:h2:tcp://localhost/~/siproute")).isFalse();
    assertThat(Database.inProcessH2File("jdbc:h2:ssl://localhost/~/siproute")).isFalse();
    assertThat(Database.inProcessH2File("jdbc:mariadb://127.0.0.1:3306/siproute")).isFalse();
    assertThat(Database.inProcessH2File("jdbc:mysql://127.0.0.1:3306/siproute")).isFalse();
  }

  private static Database.Options options(String url) {
    return new Database.Options(url, "", "", POOL, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  private static Store store(Database db) {
    return new Store(db.dsl(), Clock.systemUTC());
  }
}
