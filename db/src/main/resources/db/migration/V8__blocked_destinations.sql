-- Blocked destinations (issue #14): a route's action is ROUTE or BLOCK; a BLOCK route refuses
-- calls with block_sip_code and has no provider, so provider_id may now be NULL (the foreign
-- key still holds for every route that names one). Existing routes are ROUTE routes.
ALTER TABLE route ADD COLUMN action VARCHAR(8) NOT NULL DEFAULT 'ROUTE';
ALTER TABLE route ADD COLUMN block_sip_code INT NOT NULL DEFAULT 0;
ALTER TABLE route MODIFY COLUMN provider_id VARCHAR(64) NULL;
