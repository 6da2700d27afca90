package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link ProviderAdminSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class ProviderAdminOnMariaDbTest extends ProviderAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
