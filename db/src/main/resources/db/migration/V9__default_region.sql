-- A customer's home region (issue #14), ISO 3166-1 alpha-2, for numbers dialled in national
-- form. '' (none) keeps reading numbers as E.164 only, as every policy did before.
ALTER TABLE routing_policy ADD COLUMN default_region VARCHAR(2) NOT NULL DEFAULT '';
