-- Producer merge (DESIGN.md "Sync"): the same producer registered on two laptops is kept twice, and
-- `psr producer merge KEEP DUPLICATE` makes them one again.
--
-- 1. The duplicate is not deleted (a laptop that has not synced yet may still send records of it): it names
--    the producer it was merged into, and psr's lists, readiness, reports and FLO ID lookups leave it out.
-- 2. Every merge is a record of its own, synced like every change, so both producers' histories show it.
-- 3. A status history stays append-only, except that a merge moves a duplicate's entries, unchanged, onto
--    the producer it was merged into.

ALTER TABLE producers ADD COLUMN merged_into TEXT REFERENCES producers(id) CHECK (merged_into IS NOT id);
CREATE INDEX producers_merged ON producers(merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE producer_merges (
  id TEXT PRIMARY KEY CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  kept_id TEXT NOT NULL REFERENCES producers(id),
  merged_id TEXT NOT NULL REFERENCES producers(id) CHECK (merged_id <> kept_id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  -- What moved, as the merging database saw it: cases, visits and other activities, audits, NCs, status
  -- entries and products.
  cases INTEGER NOT NULL CHECK (cases >= 0),
  activities INTEGER NOT NULL CHECK (activities >= 0),
  audits INTEGER NOT NULL CHECK (audits >= 0),
  non_conformities INTEGER NOT NULL CHECK (non_conformities >= 0),
  status_changes INTEGER NOT NULL CHECK (status_changes >= 0),
  products INTEGER NOT NULL CHECK (products >= 0),
  note TEXT CHECK (note IS NULL OR length(note) <= 2000)
) STRICT;
CREATE INDEX producer_merges_by_kept ON producer_merges(kept_id, at);
CREATE INDEX producer_merges_by_merged ON producer_merges(merged_id, at);

CREATE TRIGGER producer_merges_append_only_update BEFORE UPDATE ON producer_merges
BEGIN
  SELECT RAISE(ABORT, 'a producer merge is a record of what happened: it cannot be changed');
END;

CREATE TRIGGER producer_merges_append_only_delete BEFORE DELETE ON producer_merges
BEGIN
  SELECT RAISE(ABORT, 'a producer merge is a record of what happened: it cannot be deleted');
END;

DROP TRIGGER producer_status_changes_append_only_update;
CREATE TRIGGER producer_status_changes_append_only_update BEFORE UPDATE ON producer_status_changes
WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq OR NEW.from_status IS NOT OLD.from_status
  OR NEW.to_status IS NOT OLD.to_status OR NEW.on_date IS NOT OLD.on_date OR NEW.at IS NOT OLD.at
  OR NEW.actor IS NOT OLD.actor OR NEW.note IS NOT OLD.note
  OR (NEW.producer_id IS NOT OLD.producer_id
      AND NEW.producer_id IS NOT (SELECT merged_into FROM producers WHERE id = OLD.producer_id))
BEGIN
  SELECT RAISE(ABORT, 'the status history is append-only: changes cannot be altered');
END;
