-- The routing change log (issue #11): what each routing write changed, written in the same
-- transaction as the write and its revision bump, so that an instance whose snapshot is at
-- revision N patches it with the entries of N+1..current instead of reloading everything.
-- Every write that moves the revision writes at least one entry under its new revision; an
-- instance that finds a revision of the range without entries (pruned, or moved by something
-- that keeps no log) loads everything instead.
--
-- kind says which part of the snapshot to read again (store.RoutingChange.Kind):
--   ROUTE           the route entity_id of owner (customer id, '' = default routes), with its
--                   prefix; a write logs the route as it was and as it is
--   OWNER_ROUTES    every route of owner (bulk writes such as an import of an owner's routes)
--   POLICY          the routing policy of owner ('' = the platform default)
--   PROVIDER        the settings of provider entity_id (its rate deck is kept unless RATE_DECK)
--   RATE_DECK       the whole rate deck of provider entity_id
--   SELL_RATES      the whole sell-rate deck of customer owner
--   EXCHANGE_RATES  every exchange rate
--   EVERYTHING      anything: the reader loads the whole snapshot
-- A kind the reader does not know also makes it load everything, so a newer writer is safe.
-- Entries older than the last 10 000 revisions are deleted by the polls.
CREATE TABLE routing_change (
  revision   BIGINT       NOT NULL,
  -- Order of the entry within its revision, from 0.
  seq        INT          NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  owner      VARCHAR(64)  NOT NULL,
  entity_id  VARCHAR(64)  NOT NULL,
  -- ROUTE only: the route's prefix in the state the entry names (a write names the route as it
  -- was and as it is), so a reader finds the route in its tables without scanning them; NULL
  -- when not known (a reader then scans the owner's routes).
  prefix     VARCHAR(15)  NULL,
  CONSTRAINT pk_routing_change PRIMARY KEY (revision, seq)
);
