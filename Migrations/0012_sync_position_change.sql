-- A replica remembers the change at its log position (the last it applied or pushed), so that a hub restored
-- from a backup or a replica older than the replica's last sync is noticed: the hub then no longer has that
-- change at that position (or has no such position), and a sync would silently skip or lose changes.
ALTER TABLE sync_state ADD COLUMN position_change_id TEXT;

-- A replica's change the hub accepted over changes the replica had not pulled yet (the push applied cleanly on
-- what came since): the position it was accepted at. It is not sent again, and leaves the outbox when it comes
-- back in the next pull, in its place in the hub's order.
ALTER TABLE sync_outbox ADD COLUMN accepted INTEGER;
