package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link PolicyAdminSuite} on H2, the embedded default. */
class PolicyAdminOnH2Test extends PolicyAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
