package org.siproute.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.ConnectionProvider;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * Transactions on one pooled connection each (siproute does not nest them), rolled back only if
 * they began. jOOQ's own provider, when begin failed because no connection could be had (the
 * database down), asked the pool again to roll back and again to restore auto-commit: a write
 * took three times {@code --db-connect-timeout} to fail, and one still waiting when the database
 * returned rolled back a fresh auto-commit connection ("Can't call rollback when
 * autocommit=true", with a stack trace).
 */
final class BegunTransactions implements TransactionProvider {
  private static final Object CONNECTION = new Object();

  private final ConnectionProvider connections;

  BegunTransactions(ConnectionProvider connections) {
    this.connections = connections;
  }

  @Override
  public void begin(TransactionContext ctx) {
    if (ctx.data(CONNECTION) != null) {
      throw new IllegalStateException("nested transactions are not supported");
    }
    Connection connection = connections.acquire(); // throws when none can be had: nothing to undo
    try {
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      connections.release(connection);
      throw new DataAccessException("cannot begin a transaction", e);
    }
    ctx.data(CONNECTION, connection);
    ctx.configuration().set(new DefaultConnectionProvider(connection));
  }

  @Override
  public void commit(TransactionContext ctx) {
    Connection connection = (Connection) ctx.data(CONNECTION);
    try {
      connection.commit();
    } catch (SQLException e) {
      // Still held: jOOQ rolls back next, which returns it.
      throw new DataAccessException("cannot commit", e);
    }
    finish(ctx, connection);
  }

  @Override
  public void rollback(TransactionContext ctx) {
    Connection connection = (Connection) ctx.data(CONNECTION);
    if (connection == null) {
      return; // never began (or already finished): nothing to roll back
    }
    try {
      connection.rollback();
    } catch (SQLException e) {
      throw new DataAccessException("cannot roll back", e);
    } finally {
      finish(ctx, connection);
    }
  }

  /** Back to the pool, which restores auto-commit (or drops a broken connection). */
  private void finish(TransactionContext ctx, Connection connection) {
    ctx.data().remove(CONNECTION);
    connections.release(connection);
  }
}
