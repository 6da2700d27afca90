package org.siproute.server.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What every write changes, read in one query: the routing and key revisions (bumped by every
 * committed write), and per table the number of rows and the sum of versions (bumped by every
 * update). Two equal fingerprints mean no write was committed in between.
 */
final class DatabaseFingerprint implements AutoCloseable {
  private static final List<String> PARTS =
      List.of(
          "(SELECT revision FROM routing_revision WHERE id = 1)",
          "(SELECT rates_revision FROM routing_revision WHERE id = 1)",
          "(SELECT revision FROM api_key_revision WHERE id = 1)",
          "(SELECT COUNT(*) FROM provider)",
          "(SELECT COALESCE(SUM(version), 0) FROM provider)",
          "(SELECT COUNT(*) FROM provider_header)",
          "(SELECT COUNT(*) FROM provider_label)",
          "(SELECT COUNT(*) FROM route)",
          "(SELECT COALESCE(SUM(version), 0) FROM route)",
          "(SELECT COUNT(*) FROM route_window)",
          "(SELECT COUNT(*) FROM rate)",
          "(SELECT COUNT(*) FROM routing_policy)",
          "(SELECT COALESCE(SUM(version), 0) FROM routing_policy)",
          "(SELECT COUNT(*) FROM api_key)",
          "(SELECT COUNT(*) FROM api_key WHERE revoke_ms IS NOT NULL)",
          "(SELECT COUNT(*) FROM audit_event)",
          "(SELECT COUNT(*) FROM request_answer)");
  private static final String QUERY = "SELECT " + String.join(", ", PARTS);

  private final Connection connection;

  DatabaseFingerprint(String url) throws SQLException {
    this.connection = DriverManager.getConnection(url);
  }

  List<Long> read() {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(QUERY)) {
      r.next();
      List<Long> values = new ArrayList<>(PARTS.size());
      for (int i = 1; i <= PARTS.size(); i++) {
        values.add(r.getLong(i));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database fingerprint", e);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
