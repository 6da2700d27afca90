package org.siproute.server.reliability;

import org.siproute.server.testing.TestDatabase;

/** {@link ConcurrentWritersSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class ConcurrentWritersOnMariaDbTest extends ConcurrentWritersSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
