package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link PaginationSuite} on H2, the embedded default. */
class PaginationOnH2Test extends PaginationSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
