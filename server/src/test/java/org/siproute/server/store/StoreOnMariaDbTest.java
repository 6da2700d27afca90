package org.siproute.server.store;

import org.siproute.server.testing.TestDatabase;

/** {@link StoreSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class StoreOnMariaDbTest extends StoreSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
