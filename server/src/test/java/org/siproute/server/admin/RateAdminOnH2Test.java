package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link RateAdminSuite} on H2, the embedded default. */
class RateAdminOnH2Test extends RateAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
