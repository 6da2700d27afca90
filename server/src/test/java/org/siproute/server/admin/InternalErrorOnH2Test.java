package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link InternalErrorSuite} on H2, the embedded default. */
class InternalErrorOnH2Test extends InternalErrorSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
