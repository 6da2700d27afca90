package org.siproute.server.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;
import org.siproute.proto.v1.RouteAdminGrpc;

/**
 * Base of the suites that run on both databases: one server, on a fresh database, for the
 * whole test class. A suite's H2 subclass and MariaDB subclass differ only in {@link
 * #openDatabase}. Tests in a class share the server, so each uses ids of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerPerClass {
  protected TestServer server;
  protected RouteAdminGrpc.RouteAdminBlockingStub admin;
  private String skipped;

  /** The database for this class: {@link TestDatabase#h2} or {@link TestDatabase#mariaDbOrSkip}. */
  protected abstract TestDatabase openDatabase();

  @BeforeAll
  void startServer() {
    TestDatabase database;
    try {
      database = openDatabase();
    } catch (TestAbortedException noDatabase) {
      // Reported per test below: a class aborted in @BeforeAll shows up as "0 tests run",
      // which would hide that the suite was skipped.
      skipped = noDatabase.getMessage();
      return;
    }
    server = TestServer.start(database);
    admin = server.admin();
  }

  @BeforeEach
  void skipWithoutDatabase() {
    Assumptions.assumeTrue(skipped == null, skipped);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
