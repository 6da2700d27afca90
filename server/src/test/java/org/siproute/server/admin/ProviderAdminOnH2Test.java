package org.siproute.server.admin;

import org.siproute.server.testing.TestDatabase;

/** {@link ProviderAdminSuite} on H2, the embedded default. */
class ProviderAdminOnH2Test extends ProviderAdminSuite {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
