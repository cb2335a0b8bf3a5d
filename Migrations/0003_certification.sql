-- Certification: each producer's status history, audits, non-conformities, and the links from cases to
-- non-conformities.

-- Every status change (from, to, date, actor, note). Append-only, like a case's timeline.
CREATE TABLE producer_status_changes (
  id TEXT PRIMARY KEY CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  producer_id TEXT NOT NULL REFERENCES producers(id),
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
  note TEXT,
  UNIQUE (producer_id, seq)
) STRICT;

CREATE INDEX producer_status_changes_by_status ON producer_status_changes(to_status, on_date);

CREATE TRIGGER producer_status_changes_append_only_update BEFORE UPDATE ON producer_status_changes
BEGIN
  SELECT RAISE(ABORT, 'the status history is append-only: changes cannot be altered');
END;

CREATE TRIGGER producer_status_changes_append_only_delete BEFORE DELETE ON producer_status_changes
BEGIN
  SELECT RAISE(ABORT, 'the status history is append-only: changes cannot be deleted');
END;

-- Producers registered before this migration start their history with the status they have, on the day
-- they were registered.
INSERT INTO producer_status_changes (id, producer_id, seq, from_status, to_status, on_date, at, actor, note)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
         || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-'
         || lower(hex(randomblob(6))),
       id, 1, NULL, status, substr(created_at, 1, 10), created_at, 'psr', 'status when registered'
FROM producers;

CREATE TABLE audits (
  id TEXT PRIMARY KEY CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  producer_id TEXT NOT NULL REFERENCES producers(id),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  kind TEXT NOT NULL
    CHECK (kind IN ('initial', 'renewal', 'confirmation', 'unannounced', 'follow-up', 'desk')),
  result TEXT CHECK (result IS NULL OR length(result) <= 2000),
  note TEXT CHECK (note IS NULL OR length(note) <= 20000),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE INDEX audits_by_producer ON audits(producer_id, date);
CREATE INDEX audits_by_date ON audits(date);

CREATE TABLE non_conformities (
  id TEXT PRIMARY KEY CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  producer_id TEXT NOT NULL REFERENCES producers(id),
  audit_id TEXT REFERENCES audits(id),
  criterion TEXT NOT NULL CHECK (length(trim(criterion)) BETWEEN 1 AND 100),
  criterion_type TEXT NOT NULL CHECK (criterion_type IN ('core', 'major', 'development', 'voluntary')),
  description TEXT NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 20000),
  measure TEXT,
  deadline TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'corrected')),
  corrected_on TEXT CHECK (corrected_on IS NULL OR corrected_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  evidence TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK ((status = 'corrected') = (corrected_on IS NOT NULL)),
  CHECK (status <> 'corrected' OR length(trim(evidence)) > 0)
) STRICT;

CREATE INDEX non_conformities_by_producer ON non_conformities(producer_id, status, deadline);
CREATE INDEX non_conformities_open ON non_conformities(status, deadline);

-- An NC's audit is an audit of the same producer.
CREATE TRIGGER non_conformities_audit_producer BEFORE INSERT ON non_conformities
WHEN NEW.audit_id IS NOT NULL
  AND (SELECT producer_id FROM audits WHERE id = NEW.audit_id) IS NOT NEW.producer_id
BEGIN
  SELECT RAISE(ABORT, 'the audit of a non-conformity must be of the same producer');
END;

CREATE TABLE case_non_conformities (
  case_id TEXT NOT NULL REFERENCES cases(id),
  nc_id TEXT NOT NULL REFERENCES non_conformities(id),
  PRIMARY KEY (case_id, nc_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_non_conformities_by_nc ON case_non_conformities(nc_id, case_id);

-- INSERT OR REPLACE deletes a conflicting row without firing DELETE triggers (recursive_triggers is off by
-- default, https://www.sqlite.org/lang_conflict.html), so append-only tables also refuse an insert that
-- would replace a row.
CREATE TRIGGER case_events_no_replace BEFORE INSERT ON case_events
WHEN EXISTS (SELECT 1 FROM case_events WHERE id = NEW.id OR (case_id = NEW.case_id AND seq = NEW.seq))
BEGIN
  SELECT RAISE(ABORT, 'the case timeline is append-only: events cannot be replaced');
END;

CREATE TRIGGER producer_status_changes_no_replace BEFORE INSERT ON producer_status_changes
WHEN EXISTS (SELECT 1 FROM producer_status_changes
             WHERE id = NEW.id OR (producer_id = NEW.producer_id AND seq = NEW.seq))
BEGIN
  SELECT RAISE(ABORT, 'the status history is append-only: changes cannot be replaced');
END;

-- A linked non-conformity is recorded in the case's timeline as a 'changed' event on the field 'nc'.
