-- The hub as a server (DESIGN.md "Sync"): each officer syncs over HTTPS with a token of their own.
--
-- A token is shown once, when issued, and only its SHA-256 is kept: a copy of the hub's database does not
-- give anyone a token. The table is the hub's own: never synced, and emptied in every clone.

CREATE TABLE hub_tokens (
  id TEXT PRIMARY KEY CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  officer TEXT NOT NULL REFERENCES officers(handle),
  -- Lower-case hex SHA-256 of the token as the officer sends it.
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  last_used_at TEXT,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
) STRICT;
CREATE INDEX hub_tokens_by_officer ON hub_tokens(officer, created_at);
