package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link StoredLengthSuite} on the embedded H2 database. */
class StoredLengthOnH2Test extends StoredLengthSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
