package org.siproute.server.select;

import org.siproute.server.testing.TestDatabase;

class DialStreamOnMariaDbTest extends DialStreamSuite {
  @Override
  TestDatabase database() {
    return TestDatabase.mariaDbOrSkip();
  }
}
