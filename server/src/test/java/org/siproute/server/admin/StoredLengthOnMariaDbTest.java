package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link StoredLengthSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class StoredLengthOnMariaDbTest extends StoredLengthSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
