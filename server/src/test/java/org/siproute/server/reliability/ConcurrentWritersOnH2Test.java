package org.siproute.server.reliability;

import org.siproute.server.testing.TestDatabase;

/** {@link ConcurrentWritersSuite} on the embedded H2 database. */
class ConcurrentWritersOnH2Test extends ConcurrentWritersSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
