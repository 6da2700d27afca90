package org.siproute.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

/**
 * Hands jOOQ pooled connections whose network timeout is already short, so that even the
 * transaction control jOOQ does before and after statements (begin, commit, rollback) cannot
 * wait for a silent database for longer than an admin statement may. The pool puts the
 * connection's own timeout back when it is returned.
 */
final class BoundedConnections implements ConnectionProvider {
  private final DataSource dataSource;
  private final long networkMillis;
  private final boolean networkTimeouts;

  BoundedConnections(DataSource dataSource, long networkMillis, boolean networkTimeouts) {
    this.dataSource = dataSource;
    this.networkMillis = networkMillis;
    this.networkTimeouts = networkTimeouts;
  }

  @Override
  public Connection acquire() {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new DataAccessException("cannot get a database connection", e);
    }
    if (networkTimeouts) {
      try {
        StatementTimeouts.setNetworkTimeout(connection, networkMillis);
      } catch (SQLException e) {
        release(connection);
        throw new DataAccessException("cannot set the network timeout", e);
      }
    }
    return connection;
  }

  @Override
  public void release(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new DataAccessException("cannot return a database connection", e);
    }
  }
}
