package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link RateAdminSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class RateAdminOnMariaDbTest extends RateAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
