package org.siproute.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the schema migrations and the jOOQ context, for H2 (embedded default)
 * or MySQL / MariaDB. Connect, statement and socket time-outs are bounded (see {@link
 * StatementTimeouts}) so that a lost database makes admin writes fail fast instead of hanging.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /**
   * Where the database is and how long its work may take.
   *
   * @param url a JDBC URL of H2 or MySQL / MariaDB
   * @param user empty: none given (the URL may carry one)
   * @param password empty: none given
   * @param queryTimeout the longest an admin statement may run
   * @param bulkTimeout the same for rate imports and snapshot loads
   */
  public record Options(
      String url,
      String user,
      String password,
      int poolSize,
      Duration connectTimeout,
      Duration queryTimeout,
      Duration bulkTimeout) {

    @Override
    public String toString() {
      return "Options[" + redact(url) + "]"; // never the password
    }
  }

  /** The database cannot be used: unreachable, refused the login, or its schema cannot be migrated. */
  public static final class UnusableException extends RuntimeException {
    UnusableException(String message) {
      super(message);
    }
  }

  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final SQLDialect dialect;

  private Database(HikariDataSource dataSource, SQLDialect dialect, Options options) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    // Socket time-outs exist on MySQL / MariaDB connections only; embedded H2 has no network.
    boolean networkTimeouts = dialect != SQLDialect.H2;
    StatementTimeouts timeouts =
        new StatementTimeouts(options.queryTimeout(), options.bulkTimeout(), networkTimeouts);
    BoundedConnections connections =
        new BoundedConnections(dataSource, timeouts.initialNetworkMillis(), networkTimeouts);
    this.dsl =
        DSL.using(
            new DefaultConfiguration()
                .set(connections)
                .set(new BegunTransactions(connections))
                .set(dialect)
                .set(new Settings())
                .set(new DefaultExecuteListenerProvider(timeouts)));
  }

  /**
   * Opens the pool and migrates the schema; fails loudly ({@link UnusableException}) when the
   * database is unusable.
   */
  public static Database open(Options options) {
    String url = withDriverTimeouts(options.url(), options);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("siproute-db");
    hikari.setJdbcUrl(url);
    // Unset rather than empty: an empty user or password given to the driver would override
    // credentials written in the URL (jdbc:mysql://host/db?user=root).
    if (!options.user().isEmpty()) {
      hikari.setUsername(options.user());
    }
    if (!options.password().isEmpty()) {
      hikari.setPassword(options.password());
    }
    hikari.setMaximumPoolSize(options.poolSize());
    hikari.setMinimumIdle(Math.min(2, options.poolSize()));
    hikari.setConnectionTimeout(Math.max(250, options.connectTimeout().toMillis()));
    hikari.setValidationTimeout(Math.max(250, Math.min(options.connectTimeout().toMillis(), 5000)));
    // Start even when the database is down: decisions can be served once it returns, and
    // the migration below reports the failure loudly.
    hikari.setInitializationFailTimeout(-1);
    hikari.setAutoCommit(true);
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      SQLDialect dialect = detectDialect(dataSource);
      migrate(dataSource, dialect);
      Database database = new Database(dataSource, dialect, options);
      if (inProcessH2File(url)) {
        database.skipRevisionsACrashMayHaveShown(options.poolSize());
      }
      log.info("database ready: {} ({})", redact(url), dialect);
      return database;
    } catch (RuntimeException | SQLException e) {
      dataSource.close();
      throw new UnusableException(
          "cannot use the database at " + redact(url) + ": " + rootMessage(e));
    }
  }

  /** An H2 database kept in a file by this process: killing the process can lose its last commits. */
  static boolean inProcessH2File(String url) {
    return url.startsWith("jdbc:h2:")
        && !url.startsWith("jdbc:h2:mem:")
        && !url.startsWith("jdbc:h2:tcp:")
        && !url.startsWith("jdbc:h2:ssl:");
  }

  /**
   * Moves the routing revision past every number the previous process may have shown without
   * writing it. H2 makes a commit visible to other connections before it writes it to its file
   * (even with WRITE_DELAY=0, which only makes the committing call wait for the write), so after
   * a kill -9 the revision a Select already reported can be missing from the file, and the next
   * writes would reuse that number for different routes. A revision is bumped under the lock of
   * the single revision row, which the next writer gets only once the commit is visible, and
   * each commit waiting for its write holds a pooled connection: so at most {@code poolSize}
   * revisions can be visible but unwritten at once. Only an in-process H2 file needs this; a
   * separate database server outlives the killed process together with what it showed.
   */
  private void skipRevisionsACrashMayHaveShown(int poolSize) {
    long before = Store.skipRevisions(dsl, poolSize);
    log.info(
        "embedded database: routing revision r{} moved to r{}, past any a killed process may have shown unwritten",
        before, before + poolSize);
  }

  private static SQLDialect detectDialect(HikariDataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase();
      String version = c.getMetaData().getDatabaseProductVersion().toLowerCase();
      if (product.contains("h2")) {
        return SQLDialect.H2;
      }
      if (product.contains("mariadb") || version.contains("mariadb")) {
        return SQLDialect.MARIADB;
      }
      return SQLDialect.MYSQL;
    }
  }

  private static void migrate(HikariDataSource dataSource, SQLDialect dialect) {
    // db/migration is the schema for every database; db/migration-mysql only adjusts what
    // MySQL / MariaDB would otherwise do differently (collations), without changing types.
    String[] locations =
        dialect == SQLDialect.H2
            ? new String[] {"classpath:db/migration"}
            : new String[] {"classpath:db/migration", "classpath:db/migration-mysql"};
    Flyway.configure()
        .dataSource(dataSource)
        .locations(locations)
        .load()
        .migrate();
  }

  /**
   * Adds connect and socket time-outs to MySQL URLs that do not set their own. The socket
   * time-out here is only the backstop for work outside jOOQ (schema migrations at start):
   * every connection jOOQ uses gets the much shorter bounds of {@link StatementTimeouts}.
   */
  static String withDriverTimeouts(String url, Options options) {
    if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
      return url;
    }
    StringBuilder b = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    if (!url.contains("connectTimeout=")) {
      b.append(sep).append("connectTimeout=").append(options.connectTimeout().toMillis());
      sep = '&';
    }
    if (!url.contains("socketTimeout=")) {
      b.append(sep)
          .append("socketTimeout=")
          .append(options.bulkTimeout().plus(StatementTimeouts.NETWORK_MARGIN).toMillis());
      sep = '&';
    }
    if (!url.contains("rewriteBatchedStatements=")) {
      b.append(sep).append("rewriteBatchedStatements=true");
    }
    return b.toString();
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  public DSLContext dsl() {
    return dsl;
  }

  public SQLDialect dialect() {
    return dialect;
  }

  public javax.sql.DataSource dataSource() {
    return dataSource;
  }

  /** True when a connection can be had and answers within the connect time-out. */
  public boolean isReachable() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
