package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link RouteAdminSuite} on MariaDB / MySQL; skipped unless -Dsiproute.mysql.url is set. */
class RouteAdminOnMariaDbTest extends RouteAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariaDbOrSkip();
  }
}
