package org.siproute.server.select;

import org.siproute.server.testing.TestDatabase;

class SelectDecisionOnH2Test extends SelectDecisionSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }
}
