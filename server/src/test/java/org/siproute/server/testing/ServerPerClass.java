package org.siproute.server.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.siproute.proto.v1.RouteAdminGrpc;

/**
 * Base of the {@link OnEachDatabase} suites that share one server, on a fresh database of the
 * run's kind, among all tests of the class; each test uses ids of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerPerClass {
  protected TestServer server;
  protected RouteAdminGrpc.RouteAdminBlockingStub admin;

  // Started before the first test rather than in @BeforeAll: a MariaDB run without a server
  // then reports each test as skipped, where a class aborted in @BeforeAll reports none.
  @BeforeEach
  void startServerOnce() {
    if (server == null) {
      server = TestServer.start(TestDatabase.underTest());
      admin = server.admin();
    }
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
