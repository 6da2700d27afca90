-- MySQL / MariaDB only: customer ids of sell rates compare as the service does, case by case
-- (see V1_1). The column type is unchanged, so the jOOQ classes stay as they are.
ALTER TABLE sell_rate
  MODIFY customer_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
