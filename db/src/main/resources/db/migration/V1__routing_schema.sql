-- siproute routing configuration. Times are epoch milliseconds (UTC) in BIGINT columns so
-- that H2 and MySQL / MariaDB agree without time-zone conversion by the driver.

-- One row: the routing revision, bumped by every admin write in the same transaction.
-- Every instance polls it and rebuilds its routing snapshot when it moves. rates_revision
-- moves only when rate decks change, so a rebuild can keep the (large) decks it has.
CREATE TABLE routing_revision (
  id              INT     NOT NULL,
  revision        BIGINT  NOT NULL,
  rates_revision  BIGINT  NOT NULL,
  update_ms       BIGINT  NOT NULL,
  PRIMARY KEY (id)
);
INSERT INTO routing_revision (id, revision, rates_revision, update_ms) VALUES (1, 1, 1, 0);

CREATE TABLE provider (
  id                    VARCHAR(64)  NOT NULL,
  name                  VARCHAR(200) NOT NULL,
  hostname              VARCHAR(300) NOT NULL,
  transport             VARCHAR(8)   NOT NULL,
  tech_prefix           VARCHAR(32)  NOT NULL,
  tech_postfix          VARCHAR(64)  NOT NULL,
  disabled              BOOLEAN      NOT NULL,
  weight                INT          NOT NULL,
  max_concurrent_calls  INT          NOT NULL,
  version               BIGINT       NOT NULL,
  create_ms             BIGINT       NOT NULL,
  update_ms             BIGINT       NOT NULL,
  PRIMARY KEY (id)
);

-- SIP headers added to INVITEs towards a provider.
CREATE TABLE provider_header (
  provider_id  VARCHAR(64)  NOT NULL,
  header_name   VARCHAR(64)  NOT NULL,
  header_value  VARCHAR(512) NOT NULL,
  PRIMARY KEY (provider_id, header_name),
  CONSTRAINT fk_provider_header_provider FOREIGN KEY (provider_id)
    REFERENCES provider (id) ON DELETE CASCADE
);

CREATE TABLE provider_label (
  provider_id  VARCHAR(64)  NOT NULL,
  label_key    VARCHAR(63)  NOT NULL,
  label_value  VARCHAR(256) NOT NULL,
  PRIMARY KEY (provider_id, label_key),
  CONSTRAINT fk_provider_label_provider FOREIGN KEY (provider_id)
    REFERENCES provider (id) ON DELETE CASCADE
);

-- customer_id '' is a default route, for every customer. A provider used by routes cannot
-- be deleted (RESTRICT); the same owner cannot route one prefix to one provider twice.
CREATE TABLE route (
  id                  VARCHAR(36)   NOT NULL,
  customer_id         VARCHAR(64)   NOT NULL,
  prefix              VARCHAR(15)   NOT NULL,
  provider_id         VARCHAR(64)   NOT NULL,
  priority            INT           NOT NULL,
  weight              INT           NOT NULL,
  schedule_time_zone  VARCHAR(64)   NULL,
  disabled            BOOLEAN       NOT NULL,
  name                VARCHAR(200)  NOT NULL,
  detail              VARCHAR(2000) NOT NULL,
  version             BIGINT        NOT NULL,
  create_ms           BIGINT        NOT NULL,
  update_ms           BIGINT        NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uq_route_owner_prefix_provider UNIQUE (customer_id, prefix, provider_id),
  CONSTRAINT fk_route_provider FOREIGN KEY (provider_id)
    REFERENCES provider (id) ON DELETE RESTRICT
);
CREATE INDEX ix_route_provider ON route (provider_id);

-- Windows of a route's schedule. days is a bit set: bit 0 = Monday ... bit 6 = Sunday;
-- minutes count from local midnight; end_minute <= start_minute crosses midnight.
CREATE TABLE route_window (
  route_id      VARCHAR(36) NOT NULL,
  ordinal       INT         NOT NULL,
  days          INT         NOT NULL,
  start_minute  INT         NOT NULL,
  end_minute    INT         NOT NULL,
  PRIMARY KEY (route_id, ordinal),
  CONSTRAINT fk_route_window_route FOREIGN KEY (route_id)
    REFERENCES route (id) ON DELETE CASCADE
);

-- Rate decks. valid_from_ms 0 = since always; valid_until_ms NULL = for ever.
CREATE TABLE rate (
  provider_id     VARCHAR(64) NOT NULL,
  prefix          VARCHAR(15) NOT NULL,
  valid_from_ms   BIGINT      NOT NULL,
  valid_until_ms  BIGINT      NULL,
  price_micros    BIGINT      NOT NULL,
  currency        CHAR(3)     NOT NULL,
  PRIMARY KEY (provider_id, prefix, valid_from_ms),
  CONSTRAINT fk_rate_provider FOREIGN KEY (provider_id)
    REFERENCES provider (id) ON DELETE CASCADE
);

-- customer_id '' is the platform default policy, which always exists.
CREATE TABLE routing_policy (
  customer_id             VARCHAR(64)  NOT NULL,
  strategy                VARCHAR(16)  NOT NULL,
  failover_codes          VARCHAR(512) NOT NULL,
  max_attempts            INT          NOT NULL,
  max_price_micros        BIGINT       NOT NULL,
  exclude_default_routes  BOOLEAN      NOT NULL,
  version                 BIGINT       NOT NULL,
  update_ms               BIGINT       NOT NULL,
  PRIMARY KEY (customer_id)
);
INSERT INTO routing_policy
  (customer_id, strategy, failover_codes, max_attempts, max_price_micros,
   exclude_default_routes, version, update_ms)
VALUES ('', 'PRIORITY', '404,5xx,6xx,!600,!603', 5, 0, FALSE, 1, 0);
