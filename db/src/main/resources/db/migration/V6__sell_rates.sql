-- Sell rates and the margin guard (issue #15). A customer's sell rates are what it pays, in
-- the shape of a provider's rate deck; customer ids are not stored elsewhere, so no foreign
-- key. Existing policies keep routing as before: the guard is off.
CREATE TABLE sell_rate (
  customer_id              VARCHAR(64) NOT NULL,
  prefix                   VARCHAR(15) NOT NULL,
  valid_from_ms            BIGINT      NOT NULL,
  valid_until_ms           BIGINT      NULL,
  price_micros             BIGINT      NOT NULL,
  currency                 CHAR(3)     NOT NULL,
  connect_fee_micros       BIGINT      NOT NULL,
  first_increment_seconds  INT         NOT NULL,
  next_increment_seconds   INT         NOT NULL,
  PRIMARY KEY (customer_id, prefix, valid_from_ms)
);
ALTER TABLE routing_policy ADD COLUMN margin_guard BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE routing_policy ADD COLUMN min_margin_micros BIGINT NOT NULL DEFAULT 0;
