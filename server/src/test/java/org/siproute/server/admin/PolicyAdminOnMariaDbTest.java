package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link PolicyAdminSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class PolicyAdminOnMariaDbTest extends PolicyAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
