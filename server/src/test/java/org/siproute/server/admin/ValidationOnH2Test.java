package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link ValidationSuite} on H2, the embedded default. */
class ValidationOnH2Test extends ValidationSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
