package org.siproute.server.store;

import org.siproute.server.testing.TestDatabase;

/** {@link StoreSuite} on H2, the embedded default. */
class StoreOnH2Test extends StoreSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
