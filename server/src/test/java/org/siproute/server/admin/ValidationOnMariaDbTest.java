package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link ValidationSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class ValidationOnMariaDbTest extends ValidationSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
