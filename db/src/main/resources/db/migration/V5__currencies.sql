-- Currencies (issue #15): what a unit of each currency is worth in the platform currency
-- (server setting --currency), in millionths of it; the platform currency has no row. A
-- policy's currency is the one LEAST_COST compares costs in; '' (every existing policy) = the
-- platform currency.
CREATE TABLE exchange_rate (
  currency         VARCHAR(3)  NOT NULL,
  platform_micros  BIGINT      NOT NULL,
  update_ms        BIGINT      NOT NULL,
  PRIMARY KEY (currency)
);
ALTER TABLE routing_policy ADD COLUMN currency VARCHAR(3) NOT NULL DEFAULT '';
