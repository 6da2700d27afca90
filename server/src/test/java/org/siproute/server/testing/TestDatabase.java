package org.siproute.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away database for one test class: a private H2 in-memory database, or a scratch
 * database on the MySQL / MariaDB server named by the system property {@value #MYSQL_URL}
 * (e.g. {@code jdbc:mysql://127.0.0.1:3306/?user=root}), created here and dropped on close.
 */
public final class TestDatabase implements AutoCloseable {
  /** System property with the URL of a MySQL / MariaDB server; empty or absent: H2 only. */
  public static final String MYSQL_URL = "siproute.mysql.url";

  private static final Pattern MYSQL_URL_PARTS =
      Pattern.compile("(jdbc:(?:mysql|mariadb)://[^/?]+)/?([^?]*)(\\?.*)?");

  private final String url;
  private final String label;
  private final Runnable dropper;

  private TestDatabase(String url, String label, Runnable dropper) {
    this.url = url;
    this.label = label;
    this.dropper = dropper;
  }

  /**
   * System property naming the database that the {@link OnEachDatabase} suites run on in this
   * JVM: {@code h2} (the default) or {@code mariadb}. The build sets it per surefire execution.
   */
  public static final String UNDER_TEST = "siproute.test.database";

  /** The two databases siproute runs on. */
  public enum Kind {
    H2,
    MARIADB;

    /** A fresh database of this kind; MariaDB skips the test when no server is configured. */
    public TestDatabase open() {
      return this == H2 ? h2() : mariaDbOrSkip();
    }
  }

  /** A fresh database of the kind this run of the {@link OnEachDatabase} suites tests. */
  public static TestDatabase underTest() {
    return kindUnderTest().open();
  }

  /** The kind of database this run of the {@link OnEachDatabase} suites tests. */
  public static Kind kindUnderTest() {
    String kind = System.getProperty(UNDER_TEST, "").trim();
    return switch (kind) {
      case "", "h2" -> Kind.H2;
      case "mariadb" -> Kind.MARIADB;
      default -> throw new IllegalArgumentException(UNDER_TEST + " must be h2 or mariadb, not " + kind);
    };
  }

  /** A fresh, empty H2 in-memory database in MySQL mode, as the embedded default runs. */
  public static TestDatabase h2() {
    String name = "siproute_test_" + randomSuffix();
    String url =
        "jdbc:h2:mem:" + name
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    // DB_CLOSE_DELAY=-1 keeps the database while the server's pool reconnects; shut it down
    // explicitly so that each test class's data is freed.
    return new TestDatabase(url, "H2 " + name, () -> execute(url, "SHUTDOWN"));
  }

  /** The MySQL / MariaDB server URL from {@value #MYSQL_URL}, if one is configured. */
  public static Optional<String> mysqlServerUrl() {
    String value = System.getProperty(MYSQL_URL, "").trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /**
   * A fresh scratch database on the configured MySQL / MariaDB server. When no server is
   * configured, the calling test class is skipped (not failed); when one is configured but
   * unusable, it fails.
   */
  public static TestDatabase mariaDbOrSkip() {
    Optional<String> server = mysqlServerUrl();
    Assumptions.assumeTrue(
        server.isPresent(),
        "MySQL/MariaDB tests skipped: run with -D" + MYSQL_URL
            + "=jdbc:mysql://127.0.0.1:3306/?user=root (as .ci/run does) to run them");
    return mariaDb(server.get());
  }

  /** Creates database siproute_test_&lt;random&gt; on the server at {@code serverUrl}. */
  public static TestDatabase mariaDb(String serverUrl) {
    Matcher m = MYSQL_URL_PARTS.matcher(serverUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          MYSQL_URL + " must look like jdbc:mysql://host:port/?user=root, not " + serverUrl);
    }
    String name = "siproute_test_" + randomSuffix();
    String query = m.group(3) == null ? "" : m.group(3);
    String adminUrl = m.group(1) + "/" + query;
    execute(adminUrl, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    return new TestDatabase(
        m.group(1) + "/" + name + query,
        "MariaDB " + name,
        () -> execute(adminUrl, "DROP DATABASE IF EXISTS " + name));
  }

  /**
   * This MySQL / MariaDB database reached through another port on 127.0.0.1 (a {@link
   * TcpProxy}). Closing the view drops nothing: the database belongs to this object.
   */
  public TestDatabase via(int port) {
    if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
      throw new IllegalStateException("only a MySQL / MariaDB database can be reached through a port: " + label);
    }
    return new TestDatabase(
        url.replaceFirst("//[^/?]+", "//127.0.0.1:" + port), label + " via port " + port, () -> {});
  }

  /** Host and port of this MySQL / MariaDB database's server. */
  public java.net.InetSocketAddress serverAddress() {
    Matcher m = Pattern.compile("jdbc:(?:mysql|mariadb)://([^/:?]+)(?::(\\d+))?").matcher(url);
    if (!m.find()) {
      throw new IllegalStateException("not a MySQL / MariaDB database: " + label);
    }
    return java.net.InetSocketAddress.createUnresolved(m.group(1), m.group(2) == null ? 3306 : Integer.parseInt(m.group(2)));
  }

  /** The JDBC URL the server under test uses (credentials, if any, are in the URL). */
  public String url() {
    return url;
  }

  /** Runs one statement on this database, for tests that reach behind the server's back. */
  public void execute(String sql) {
    execute(url, sql);
  }

  @Override
  public void close() {
    dropper.run();
  }

  @Override
  public String toString() {
    return label;
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + url, e);
    }
  }

  private static String randomSuffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
