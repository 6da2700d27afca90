package org.siproute.server.store;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.siproute.server.domain.ErrorCode;
import org.siproute.server.domain.ServiceException;

/**
 * Recognises failures of the database that the caller should see as refusals, not bugs. Used
 * where failures are reported, within the call's {@link CallDeadline}.
 */
public final class StoreFailures {
  private StoreFailures() {}

  /** The refusal a failure stands for, or null when it is unexpected (a bug). */
  public static ServiceException classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ServiceException se) {
        return se;
      }
      if (t instanceof SQLTimeoutException) {
        // Cancelled by its statement timeout (the call's deadline or the query timeout), or a
        // lock wait that outlasted the database's own limit (H2 reports that as a time-out too).
        if (CallDeadline.current().passed()) {
          return new ServiceException(
              ErrorCode.DEADLINE_EXCEEDED, "the call's deadline passed before its database work was done", t);
        }
        return new ServiceException(
            ErrorCode.DATABASE_UNAVAILABLE, "the database did not answer in time; try again later", t);
      }
      if (isConnectionFailure(t)) {
        return new ServiceException(
            ErrorCode.DATABASE_UNAVAILABLE, "the database is unavailable; try again later", t);
      }
      if (t instanceof SQLException sql && isDeadlockOrLockTimeout(sql)) {
        return new ServiceException(
            ErrorCode.CONFLICT, "a concurrent change got in the way; try again", t);
      }
    }
    return null;
  }

  private static boolean isConnectionFailure(Throwable t) {
    if (t instanceof SQLTransientConnectionException
        || t instanceof ConnectException
        || t instanceof SocketTimeoutException
        || t instanceof SocketException) {
      return true;
    }
    if (t instanceof SQLException sql && sql.getSQLState() != null) {
      // 08xxx: connection exception (SQL standard); HYT00: H2 / driver time-out.
      return sql.getSQLState().startsWith("08") || sql.getSQLState().equals("HYT00");
    }
    if (t instanceof DataAccessException dae && dae.sqlState() != null) {
      return dae.sqlState().startsWith("08");
    }
    return false;
  }

  private static boolean isDeadlockOrLockTimeout(SQLException sql) {
    String state = sql.getSQLState();
    // 40001: serialization failure / deadlock; 41000: MySQL lock wait time-out.
    return state != null && (state.equals("40001") || state.equals("41000"));
  }
}
