-- Number translation (issue #14): how a provider wants the called number written, and what a
-- route strips from and puts in front of it. Existing providers keep E.164 digits and existing
-- routes change nothing, which is what they sent before.
ALTER TABLE provider ADD COLUMN number_format VARCHAR(24) NOT NULL DEFAULT 'E164_DIGITS';
ALTER TABLE route ADD COLUMN strip_digits INT NOT NULL DEFAULT 0;
ALTER TABLE route ADD COLUMN prepend VARCHAR(32) NOT NULL DEFAULT '';
