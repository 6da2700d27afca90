-- Caller-based routes (issue #14): a route may apply only to callers whose number starts with
-- source_prefix. '' (every caller) is what every existing route did.
ALTER TABLE route ADD COLUMN source_prefix VARCHAR(15) NOT NULL DEFAULT '';
