package org.siproute.server.select;

import org.siproute.server.testing.TestDatabase;

class DialStreamOnH2Test extends DialStreamSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }
}
