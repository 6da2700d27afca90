package org.siproute.server.select;

import org.siproute.server.testing.TestDatabase;

class SelectDecisionOnMariaDbTest extends SelectDecisionSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariaDbOrSkip();
  }
}
