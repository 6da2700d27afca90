package org.siproute.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.exception.DataAccessException;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Bounds every statement jOOQ runs, so that no thread waits on the database for longer than it
 * should: an admin statement for the query timeout, a statement of bulk work ({@link #bulk})
 * for the bulk timeout, and either of them for no longer than what is left of the deadline of
 * the call it serves ({@link CallDeadline}). A call whose deadline has already passed runs no
 * statement.
 *
 * <p>Two bounds per statement, because each covers a failure the other cannot: the statement
 * timeout makes a live but slow database cancel the statement (and free its locks); the network
 * timeout (MySQL / MariaDB only, a socket read time-out) releases the thread when the database
 * has gone silent and cannot even be asked to cancel.
 */
final class StatementTimeouts implements ExecuteListener {
  /**
   * Added to the network timeout, so that a live database gets to report the cancelled
   * statement before the client gives the connection up.
   */
  static final Duration NETWORK_MARGIN = Duration.ofSeconds(2);

  /** Connector/J applies the timeout in the calling thread only with a direct executor. */
  private static final Executor DIRECT = Runnable::run;

  private static final ThreadLocal<Boolean> BULK = ThreadLocal.withInitial(() -> false);

  private final long queryMillis;
  private final long bulkMillis;
  private final boolean networkTimeouts;

  StatementTimeouts(Duration queryTimeout, Duration bulkTimeout, boolean networkTimeouts) {
    this.queryMillis = queryTimeout.toMillis();
    this.bulkMillis = bulkTimeout.toMillis();
    this.networkTimeouts = networkTimeouts;
  }

  /** Runs {@code work} (on this thread) with the bulk timeout for each of its statements. */
  static <T> T bulk(Supplier<T> work) {
    boolean outer = BULK.get();
    BULK.set(true);
    try {
      return work.get();
    } finally {
      BULK.set(outer);
    }
  }

  /** The network timeout a connection starts with: enough for transaction control. */
  long initialNetworkMillis() {
    return queryMillis + NETWORK_MARGIN.toMillis();
  }

  @Override
  public void executeStart(ExecuteContext ctx) {
    long limitMillis = BULK.get() ? bulkMillis : queryMillis;
    long leftMillis = CallDeadline.current().remainingMillis();
    if (leftMillis <= 0) {
      throw new ServiceException(
          ErrorCode.DEADLINE_EXCEEDED, "the call's deadline passed before its database work was done");
    }
    limitMillis = Math.min(limitMillis, leftMillis);
    Statement statement = ctx.statement();
    try {
      if (statement != null) {
        // JDBC counts whole seconds; rounding up never cuts a statement shorter than asked.
        statement.setQueryTimeout((int) Math.max(1, (limitMillis + 999) / 1000));
      }
      if (networkTimeouts) {
        setNetworkTimeout(ctx.connection(), limitMillis + NETWORK_MARGIN.toMillis());
      }
    } catch (SQLException e) {
      throw new DataAccessException("cannot set the statement timeout", e);
    }
  }

  static void setNetworkTimeout(Connection connection, long millis) throws SQLException {
    connection.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, millis));
  }
}
