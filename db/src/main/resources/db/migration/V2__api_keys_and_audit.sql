-- API keys and the audit trail of admin writes. Times are epoch milliseconds (UTC), as in V1.

-- API keys. The secret is never stored: secret_sha256 is the lower-case hex SHA-256 of the
-- whole secret string. customer_id is '' for ADMIN and ROUTER keys. A revoked key keeps its
-- row (revoke_ms set) so that audit events naming it stay traceable.
CREATE TABLE api_key (
  id             VARCHAR(36)  NOT NULL,
  secret_sha256  CHAR(64)     NOT NULL,
  role           VARCHAR(16)  NOT NULL,
  customer_id    VARCHAR(64)  NOT NULL,
  name           VARCHAR(200) NOT NULL,
  created_by     VARCHAR(64)  NOT NULL,
  create_ms      BIGINT       NOT NULL,
  revoke_ms      BIGINT       NULL,
  CONSTRAINT pk_api_key PRIMARY KEY (id),
  CONSTRAINT uq_api_key_secret UNIQUE (secret_sha256)
);

-- One row: bumped by every key write in the same transaction. Every instance polls it and
-- reloads its in-memory key table when it moves, so revocations spread within the poll
-- interval without a database round trip per call.
CREATE TABLE api_key_revision (
  id         INT     NOT NULL,
  revision   BIGINT  NOT NULL,
  update_ms  BIGINT  NOT NULL,
  CONSTRAINT pk_api_key_revision PRIMARY KEY (id)
);
INSERT INTO api_key_revision (id, revision, update_ms) VALUES (1, 1, 0);

-- One row per committed admin write, inserted in the write's own transaction. actor is the
-- key id, 'bootstrap' or 'anonymous'; before/after are proto3 JSON of the resource.
CREATE TABLE audit_event (
  id             BIGINT       NOT NULL AUTO_INCREMENT,
  event_ms       BIGINT       NOT NULL,
  actor          VARCHAR(64)  NOT NULL,
  actor_role     VARCHAR(16)  NOT NULL,
  rpc            VARCHAR(128) NOT NULL,
  resource_type  VARCHAR(32)  NOT NULL,
  resource_id    VARCHAR(64)  NOT NULL,
  customer_id    VARCHAR(64)  NOT NULL,
  before_json    MEDIUMTEXT   NULL,
  after_json     MEDIUMTEXT   NULL,
  CONSTRAINT pk_audit_event PRIMARY KEY (id)
);
CREATE INDEX ix_audit_event_resource ON audit_event (resource_type, resource_id);
CREATE INDEX ix_audit_event_actor ON audit_event (actor);
CREATE INDEX ix_audit_event_customer ON audit_event (customer_id);
CREATE INDEX ix_audit_event_time ON audit_event (event_ms);
