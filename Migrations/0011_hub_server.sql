-- The hub as a server: every change in the hub's log records the officer who brought it there, the one
-- whose token pushed it (or whose bundle was imported, or who wrote it on the hub itself). The change's own
-- actor, who made it, may be another officer working on the same laptop.

ALTER TABLE sync_log ADD COLUMN pushed_by TEXT;

-- A replica that syncs with a hub server over HTTPS with its own certificate remembers the certificate
-- file it trusts (psr sync --hub-ca FILE), beside the hub's address in source.
ALTER TABLE sync_state ADD COLUMN source_ca TEXT;
