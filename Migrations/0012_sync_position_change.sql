-- A replica remembers the change at its log position (the last it applied or pushed), so that a hub restored
-- from a backup or a replica older than the replica's last sync is noticed: the hub then no longer has that
-- change at that position (or has no such position), and a sync would silently skip or lose changes.
ALTER TABLE sync_state ADD COLUMN position_change_id TEXT;
