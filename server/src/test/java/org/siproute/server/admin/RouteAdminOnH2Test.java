package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link RouteAdminSuite} on H2, the embedded default. */
class RouteAdminOnH2Test extends RouteAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
