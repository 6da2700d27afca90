-- Outcome statistics of providers, flushed periodically by every siproute instance so that a
-- restart does not forget them and other instances can add them to their view.
--
-- Each instance writes only its own rows (instance_id is new for every process start), one
-- per provider, destination calling code and time bucket, and overwrites them with the
-- bucket's current totals at each flush: a flush is idempotent. Readers sum the rows of all
-- other instance ids whose bucket lies within their window. Rows older than twice the window
-- are deleted by whichever instance flushes. No foreign key to provider: statistics of a
-- deleted provider are ignored on read and age out.
CREATE TABLE provider_statistics (
  instance_id             VARCHAR(64) NOT NULL,
  provider_id             VARCHAR(64) NOT NULL,
  calling_code            INT         NOT NULL,
  bucket_start_ms         BIGINT      NOT NULL,
  bucket_ms               BIGINT      NOT NULL,
  attempts                BIGINT      NOT NULL,
  answered                BIGINT      NOT NULL,
  redirections            BIGINT      NOT NULL,
  client_failures         BIGINT      NOT NULL,
  server_failures         BIGINT      NOT NULL,
  global_failures         BIGINT      NOT NULL,
  timeouts                BIGINT      NOT NULL,
  transport_errors        BIGINT      NOT NULL,
  provider_failures       BIGINT      NOT NULL,
  abandoned               BIGINT      NOT NULL,
  post_dial_delay_count   BIGINT      NOT NULL,
  post_dial_delay_sum_ms  BIGINT      NOT NULL,
  calls_ended             BIGINT      NOT NULL,
  duration_sum_ms         BIGINT      NOT NULL,
  update_ms               BIGINT      NOT NULL,
  PRIMARY KEY (instance_id, provider_id, calling_code, bucket_start_ms)
);
CREATE INDEX ix_provider_statistics_bucket ON provider_statistics (bucket_start_ms);
