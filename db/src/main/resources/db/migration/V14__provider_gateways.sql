-- Carriers with several gateways (issue #14). A provider either has a hostname (its one
-- gateway, as every provider before this migration: they keep it and have no gateway rows) or
-- gateway rows and an empty hostname. ordinal keeps the order the operator gave them in.
CREATE TABLE provider_gateway (
  provider_id  VARCHAR(64)  NOT NULL,
  ordinal      INT          NOT NULL,
  address      VARCHAR(300) NOT NULL,
  transport    VARCHAR(8)   NOT NULL,
  weight       INT          NOT NULL,
  disabled     BOOLEAN      NOT NULL,
  PRIMARY KEY (provider_id, ordinal),
  CONSTRAINT fk_provider_gateway_provider FOREIGN KEY (provider_id)
    REFERENCES provider (id) ON DELETE CASCADE
);

-- How many gateways one call may try; 0 means 1, what every provider did before.
ALTER TABLE provider ADD COLUMN gateway_attempts INT NOT NULL DEFAULT 0;

-- Statistics count per gateway: the gateway's address, '' for rows written before (they
-- count for the provider as a whole, and age out within a window).
ALTER TABLE provider_statistics ADD COLUMN gateway VARCHAR(300) NOT NULL DEFAULT '';
ALTER TABLE provider_statistics DROP PRIMARY KEY;
ALTER TABLE provider_statistics ADD PRIMARY KEY (instance_id, provider_id, gateway, calling_code, bucket_start_ms);
