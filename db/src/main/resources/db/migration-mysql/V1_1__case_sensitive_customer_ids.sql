-- MySQL / MariaDB only (H2 compares strings case-sensitively already). Customer ids are
-- case-sensitive ("Acme" and "acme" are two tenants), but a server's default collation
-- (utf8mb4_general_ci, ..._0900_ai_ci) compares them case-insensitively: one customer's
-- route would count as the other's duplicate, and listing one would return the other's.
-- Binary collation makes the database compare them as the service does. The column types
-- are unchanged, so the jOOQ classes generated from db/migration stay as they are.
ALTER TABLE route
  MODIFY customer_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
ALTER TABLE routing_policy
  MODIFY customer_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
