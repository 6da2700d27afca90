package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link PaginationSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class PaginationOnMariaDbTest extends PaginationSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
