-- Bundles (DESIGN.md "Sync"): changes carried by hand, on a USB stick or by e-mail, for officers with no
-- connection for weeks.
--
-- 1. A replica numbers the bundles it exports. Each pending change remembers the bundle it last went out
--    in, so the next bundle holds only the changes made since, and says which earlier bundle the hub must
--    have imported first.
-- 2. The hub keeps, for each replica it has heard from (by a push or a bundle), whose it is, the log
--    position it had applied then, and the last of its bundles imported, so that bundles are applied in
--    their order and once, and `psr hub export --for OFFICER` knows where that officer's replica stands.

ALTER TABLE sync_outbox ADD COLUMN bundle INTEGER CHECK (bundle IS NULL OR bundle >= 1);
ALTER TABLE sync_state ADD COLUMN bundles INTEGER NOT NULL DEFAULT 0 CHECK (bundles >= 0);

CREATE TABLE sync_replicas (
  replica_id TEXT PRIMARY KEY CHECK (length(replica_id) = 36),
  officer TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
  bundle INTEGER NOT NULL DEFAULT 0 CHECK (bundle >= 0),
  seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX sync_replicas_by_officer ON sync_replicas(officer);
