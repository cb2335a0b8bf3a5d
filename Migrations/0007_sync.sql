-- psr: foreign keys off while this migration runs (it rebuilds tables that others reference)
-- Sync (DESIGN.md "Sync"): databases kept by different officers are merged through the unit's hub.
--
-- 1. Timelines without a per-record counter that two laptops would both take: case events and status
--    changes lose UNIQUE (…, seq). Events are ordered by their instant (a status change by its effective
--    date first); seq, the position at the laptop that wrote it, only orders events of the same instant, and
--    the id after it, so every database orders a merged timeline the same way.
-- 2. The same FLO ID may arrive from two laptops (two ids): producers.flo_id is no longer UNIQUE in the
--    schema. psr still refuses a taken FLO ID in every command; the hub lists such pairs as duplicates for
--    `psr producer merge`.
-- 3. The sync state: this database's role and position, the outbox of changes not yet accepted by the hub,
--    the hub's ordered log, and the conflicts kept for review.

CREATE TABLE case_events_new (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  case_id TEXT NOT NULL REFERENCES cases(id),
  -- The position at the laptop that wrote it: orders events of the same instant only.
  seq INTEGER NOT NULL CHECK (seq >= 1),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('opened', 'changed', 'note', 'visit', 'closed', 'reopened')),
  field TEXT,
  old_value TEXT,
  new_value TEXT,
  text TEXT,
  activity_id TEXT REFERENCES activities(id),
  CHECK (kind <> 'changed' OR field IS NOT NULL),
  CHECK (kind <> 'visit' OR activity_id IS NOT NULL),
  CHECK (kind <> 'note' OR length(trim(text)) > 0)
) STRICT;
INSERT INTO case_events_new SELECT id, case_id, seq, at, actor, kind, field, old_value, new_value, text, activity_id
FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_new RENAME TO case_events;
CREATE INDEX case_events_in_order ON case_events(case_id, at, seq, id);
CREATE INDEX case_events_by_activity ON case_events(activity_id) WHERE activity_id IS NOT NULL;

CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
BEGIN
  SELECT RAISE(ABORT, 'the case timeline is append-only: events cannot be changed');
END;

CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
BEGIN
  SELECT RAISE(ABORT, 'the case timeline is append-only: events cannot be deleted');
END;

CREATE TRIGGER case_events_no_replace BEFORE INSERT ON case_events
WHEN EXISTS (SELECT 1 FROM case_events WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'the case timeline is append-only: events cannot be replaced');
END;

CREATE TRIGGER search_event_insert AFTER INSERT ON case_events
WHEN NEW.kind IN ('note', 'closed', 'reopened') AND length(trim(coalesce(NEW.text, ''))) > 0
BEGIN
  INSERT INTO search_docs (kind, ref_id, case_id, date, body)
    VALUES (CASE WHEN NEW.kind = 'note' THEN 'note'
                 WHEN NEW.kind = 'reopened' THEN 'reopening'
                 WHEN NEW.new_value = 'cancelled' THEN 'cancellation'
                 ELSE 'resolution' END,
            NEW.id, NEW.case_id, substr(NEW.at, 1, 10), NEW.text);
END;

CREATE TABLE producer_status_changes_new (
  id TEXT PRIMARY KEY CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  producer_id TEXT NOT NULL REFERENCES producers(id),
  -- The position at the laptop that wrote it: orders changes of the same date and instant only.
  seq INTEGER NOT NULL CHECK (seq >= 1),
  from_status TEXT
    CHECK (from_status IS NULL OR from_status IN ('prospect', 'applicant', 'permitted', 'certified', 'suspended',
                                                  'decertified', 'withdrawn')),
  to_status TEXT NOT NULL
    CHECK (to_status IN ('prospect', 'applicant', 'permitted', 'certified', 'suspended', 'decertified',
                         'withdrawn')),
  on_date TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT
) STRICT;
INSERT INTO producer_status_changes_new
SELECT id, producer_id, seq, from_status, to_status, on_date, at, actor, note FROM producer_status_changes;
DROP TABLE producer_status_changes;
ALTER TABLE producer_status_changes_new RENAME TO producer_status_changes;
CREATE INDEX producer_status_changes_in_order ON producer_status_changes(producer_id, on_date, at, seq, id);
CREATE INDEX producer_status_changes_by_status ON producer_status_changes(to_status, on_date);

CREATE TRIGGER producer_status_changes_append_only_update BEFORE UPDATE ON producer_status_changes
BEGIN
  SELECT RAISE(ABORT, 'the status history is append-only: changes cannot be altered');
END;

CREATE TRIGGER producer_status_changes_append_only_delete BEFORE DELETE ON producer_status_changes
BEGIN
  SELECT RAISE(ABORT, 'the status history is append-only: changes cannot be deleted');
END;

CREATE TRIGGER producer_status_changes_no_replace BEFORE INSERT ON producer_status_changes
WHEN EXISTS (SELECT 1 FROM producer_status_changes WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'the status history is append-only: changes cannot be replaced');
END;

CREATE TABLE producers_new (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'
           AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-'
           AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'),
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 300),
  country TEXT NOT NULL REFERENCES countries(code),
  type TEXT NOT NULL CHECK (type IN ('spo', 'hlo', 'cp')),
  -- A positive integer of any length, so kept as its decimal text without leading zeros. Unique by psr's
  -- commands, not by the schema: two laptops may register the same producer (see the header).
  flo_id TEXT
    CHECK (flo_id IS NULL OR (length(flo_id) BETWEEN 1 AND 40 AND flo_id GLOB '[1-9]*'
                              AND flo_id NOT GLOB '*[^0-9]*')),
  members INTEGER CHECK (members IS NULL OR members >= 0),
  status TEXT NOT NULL DEFAULT 'prospect'
    CHECK (status IN ('prospect', 'applicant', 'permitted', 'certified', 'suspended', 'decertified',
                      'withdrawn')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO producers_new
SELECT id, name, country, type, flo_id, members, status, created_at, updated_at FROM producers;
DROP TABLE producers;
ALTER TABLE producers_new RENAME TO producers;
CREATE INDEX producers_by_flo_id ON producers(flo_id) WHERE flo_id IS NOT NULL;
CREATE INDEX producers_by_country ON producers(country, status);
CREATE INDEX producers_by_name ON producers(name COLLATE NOCASE);

CREATE TRIGGER producers_members_bounded BEFORE INSERT ON producers
WHEN NEW.members > 10000000
BEGIN
  SELECT RAISE(ABORT, 'a producer has at most 10000000 members');
END;

CREATE TRIGGER producers_members_bounded_on_update BEFORE UPDATE OF members ON producers
WHEN NEW.members > 10000000
BEGIN
  SELECT RAISE(ABORT, 'a producer has at most 10000000 members');
END;

-- This database's place in the unit: none (a database on its own), the hub, or a replica of it.
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  role TEXT NOT NULL CHECK (role IN ('hub', 'replica')),
  unit_id TEXT NOT NULL CHECK (length(unit_id) = 36),
  -- This database's own id: the origin its changes carry.
  replica_id TEXT NOT NULL CHECK (length(replica_id) = 36),
  -- A replica: the hub's log position it has applied, where it syncs, and when it last did.
  position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
  source TEXT,
  last_sync_at TEXT,
  created_at TEXT NOT NULL
) STRICT;

-- A replica's changes not yet accepted by the hub, oldest first: one changeset per write command, written in
-- the command's own transaction.
CREATE TABLE sync_outbox (
  n INTEGER PRIMARY KEY,
  change_id TEXT NOT NULL UNIQUE CHECK (length(change_id) = 36),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  changeset BLOB NOT NULL
) STRICT;

-- The hub's ordered log of accepted changes; seq is the position replicas pull after (rows are never
-- deleted, so a new seq is always past every earlier one).
CREATE TABLE sync_log (
  seq INTEGER PRIMARY KEY,
  change_id TEXT NOT NULL UNIQUE CHECK (length(change_id) = 36),
  origin TEXT NOT NULL CHECK (length(origin) = 36),
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  changeset BLOB NOT NULL
) STRICT;

-- Values that lost a conflict (the hub's value won), kept for review; never deleted, resolved by a choice.
CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('value', 'duplicate', 'status-history')),
  table_name TEXT NOT NULL,
  row_key TEXT NOT NULL,
  columns TEXT NOT NULL,
  mine TEXT,
  theirs TEXT,
  change_id TEXT,
  actor TEXT NOT NULL,
  resolved_at TEXT,
  resolution TEXT CHECK (resolution IS NULL OR resolution IN ('mine', 'theirs', 'merged'))
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved_at, at);
