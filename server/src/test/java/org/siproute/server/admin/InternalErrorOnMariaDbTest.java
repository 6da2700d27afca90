package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link InternalErrorSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class InternalErrorOnMariaDbTest extends InternalErrorSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
