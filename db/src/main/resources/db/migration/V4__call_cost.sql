-- What a call really costs (issue #15). Rates get a connect fee and billing increments;
-- existing lines keep their meaning (no fee, billed per minute: 60/60). Policies get the call
-- length LEAST_COST prices at; 0 (every existing policy) = measured average, else 60 s.
ALTER TABLE rate ADD COLUMN connect_fee_micros BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rate ADD COLUMN first_increment_seconds INT NOT NULL DEFAULT 60;
ALTER TABLE rate ADD COLUMN next_increment_seconds INT NOT NULL DEFAULT 60;
ALTER TABLE routing_policy ADD COLUMN expected_call_seconds INT NOT NULL DEFAULT 0;
