-- Corrections (issue 16): a visit logged with the wrong date or participants, an audit of the wrong kind, an
-- NC with the wrong criterion, an insight with a typo can be put right, and a visit or insight logged by
-- mistake voided. Nothing is deleted and nothing is lost:
--
-- 1. Every correction is a row of its own in `corrections`, append-only like a case's timeline: the record,
--    the field, its old and new values, the reason given, who and when. Corrections are inserts with UUID
--    keys, so two laptops correcting the same record never conflict (DESIGN.md "Sync": events are the truth).
-- 2. A corrected field of a record holds the new value of its latest correction in (at, id) order: psr
--    works it out in the same transaction as the correction, and again after changes from elsewhere are
--    applied, so every database holds the same value however the corrections arrived.
-- 3. A voided visit or insight keeps its row, with the instant and reason of its voiding; lists, reports,
--    search and readiness leave it out.

CREATE TABLE corrections (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'
           AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-'
           AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'),
  record_table TEXT NOT NULL CHECK (record_table IN ('activities', 'audits', 'non_conformities', 'insights')),
  record_id TEXT NOT NULL CHECK (length(record_id) = 36),
  field TEXT NOT NULL CHECK (length(field) BETWEEN 1 AND 40 AND field NOT GLOB '*[^a-z_]*'),
  old_value TEXT CHECK (old_value IS NULL OR length(old_value) <= 20000),
  new_value TEXT CHECK (new_value IS NULL OR length(new_value) <= 20000),
  reason TEXT CHECK (reason IS NULL OR length(trim(reason)) BETWEEN 1 AND 2000),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  CHECK (field <> 'voided' OR reason IS NOT NULL)
) STRICT;

CREATE INDEX corrections_by_record ON corrections(record_id, field, at);

CREATE TRIGGER corrections_append_only_update BEFORE UPDATE ON corrections
BEGIN
  SELECT RAISE(ABORT, 'a correction is a record of what was changed: it cannot be changed');
END;

CREATE TRIGGER corrections_append_only_delete BEFORE DELETE ON corrections
BEGIN
  SELECT RAISE(ABORT, 'a correction is a record of what was changed: it cannot be deleted');
END;

CREATE TRIGGER corrections_no_replace BEFORE INSERT ON corrections
WHEN EXISTS (SELECT 1 FROM corrections WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'a correction is a record of what was changed: it cannot be replaced');
END;

ALTER TABLE activities ADD COLUMN voided_at TEXT;
ALTER TABLE activities ADD COLUMN void_reason TEXT
  CHECK (void_reason IS NULL OR length(trim(void_reason)) BETWEEN 1 AND 2000);
ALTER TABLE insights ADD COLUMN voided_at TEXT;
ALTER TABLE insights ADD COLUMN void_reason TEXT
  CHECK (void_reason IS NULL OR length(trim(void_reason)) BETWEEN 1 AND 2000);

-- A producer's latest activity leaves out voided visits, and follows a corrected date.
DROP TRIGGER activities_last_activity;
CREATE TRIGGER activities_last_activity AFTER INSERT ON activities
WHEN NEW.producer_id IS NOT NULL AND NEW.voided_at IS NULL
BEGIN
  INSERT INTO producer_last_activity (producer_id, date) VALUES (NEW.producer_id, NEW.date)
  ON CONFLICT (producer_id) DO UPDATE SET date = excluded.date WHERE excluded.date > producer_last_activity.date;
END;

CREATE TRIGGER activities_last_activity_corrected AFTER UPDATE OF date, voided_at, producer_id ON activities
BEGIN
  DELETE FROM producer_last_activity WHERE producer_id IN (OLD.producer_id, NEW.producer_id);
  INSERT INTO producer_last_activity (producer_id, date)
  SELECT producer_id, max(date) FROM activities
  WHERE producer_id IN (OLD.producer_id, NEW.producer_id) AND voided_at IS NULL
  GROUP BY producer_id;
END;

-- Search (issue 16): producers (by name, FLO ID and products) and officers (by name and handle) are found
-- too, and a corrected text is found by its new words, a voided one not at all. search_docs is made again
-- for its wider list of kinds (a CHECK cannot be altered), keeping every document's id, so the FTS5 index
-- over it stays as it is; the triggers that write to it are made again around it.
DROP TRIGGER search_case_insert;
DROP TRIGGER search_case_title;
DROP TRIGGER search_event_insert;
DROP TRIGGER search_activity_insert;
DROP TRIGGER search_insight_insert;

CREATE TABLE search_docs_new (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('case', 'note', 'resolution', 'cancellation', 'reopening', 'visit', 'insight', 'producer',
                    'officer')),
  ref_id TEXT NOT NULL,
  case_id TEXT,
  date TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (kind, ref_id)
) STRICT;

INSERT INTO search_docs_new (id, kind, ref_id, case_id, date, body)
SELECT id, kind, ref_id, case_id, date, body FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_new RENAME TO search_docs;

-- The changes waiting to be indexed, by document: catching up looks each document's first change up
-- (without it, indexing an import of 100,000 producers compared every change with every other).
CREATE INDEX search_changes_by_doc ON search_changes(doc_id);

CREATE TRIGGER search_docs_inserted AFTER INSERT ON search_docs
BEGIN
  INSERT INTO search_changes (doc_id, old_body) VALUES (NEW.id, NULL);
END;

CREATE TRIGGER search_docs_updated AFTER UPDATE OF body ON search_docs
BEGIN
  INSERT INTO search_changes (doc_id, old_body) VALUES (NEW.id, OLD.body);
END;

CREATE TRIGGER search_case_insert AFTER INSERT ON cases
BEGIN
  INSERT INTO search_docs (kind, ref_id, case_id, date, body)
    VALUES ('case', NEW.id, NEW.id, substr(NEW.opened_at, 1, 10), NEW.title);
END;

CREATE TRIGGER search_case_title AFTER UPDATE OF title ON cases
BEGIN
  UPDATE search_docs SET body = NEW.title WHERE kind = 'case' AND ref_id = NEW.id;
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

CREATE TRIGGER search_activity_insert AFTER INSERT ON activities
BEGIN
  INSERT INTO search_docs (kind, ref_id, date, body)
    VALUES ('visit', NEW.id, NEW.date, CASE WHEN NEW.voided_at IS NULL THEN NEW.summary ELSE '' END);
END;

CREATE TRIGGER search_activity_corrected AFTER UPDATE OF date, summary, voided_at ON activities
BEGIN
  UPDATE search_docs SET date = NEW.date, body = CASE WHEN NEW.voided_at IS NULL THEN NEW.summary ELSE '' END
  WHERE kind = 'visit' AND ref_id = NEW.id;
END;

CREATE TRIGGER search_insight_insert AFTER INSERT ON insights
BEGIN
  INSERT INTO search_docs (kind, ref_id, date, body)
    VALUES ('insight', NEW.id, NEW.date, CASE WHEN NEW.voided_at IS NULL THEN NEW.text ELSE '' END);
END;

CREATE TRIGGER search_insight_corrected AFTER UPDATE OF date, text, voided_at ON insights
BEGIN
  UPDATE search_docs SET date = NEW.date, body = CASE WHEN NEW.voided_at IS NULL THEN NEW.text ELSE '' END
  WHERE kind = 'insight' AND ref_id = NEW.id;
END;

-- A producer's document: its name, FLO ID and products ("Kuapa Kokoo FLO 2311 cocoa"); a merged duplicate's
-- is empty (lists and lookups leave it out).
CREATE TRIGGER search_producer_insert AFTER INSERT ON producers
BEGIN
  INSERT INTO search_docs (kind, ref_id, date, body)
    VALUES ('producer', NEW.id, substr(NEW.created_at, 1, 10),
            CASE WHEN NEW.merged_into IS NULL THEN NEW.name || coalesce(' FLO ' || NEW.flo_id, '') ELSE '' END);
END;

CREATE TRIGGER search_producer_changed AFTER UPDATE OF name, flo_id, merged_into ON producers
BEGIN
  UPDATE search_docs SET body = CASE WHEN NEW.merged_into IS NULL THEN
      NEW.name || coalesce(' FLO ' || NEW.flo_id, '')
      || coalesce(' ' || (SELECT group_concat(product, ' ') FROM
           (SELECT product FROM producer_products WHERE producer_id = NEW.id ORDER BY product)), '')
    ELSE '' END
  WHERE kind = 'producer' AND ref_id = NEW.id;
END;

CREATE TRIGGER search_producer_product_added AFTER INSERT ON producer_products
BEGIN
  UPDATE search_docs SET body = (
    SELECT CASE WHEN p.merged_into IS NULL THEN p.name || coalesce(' FLO ' || p.flo_id, '')
      || coalesce(' ' || (SELECT group_concat(product, ' ') FROM
           (SELECT product FROM producer_products WHERE producer_id = p.id ORDER BY product)), '')
      ELSE '' END
    FROM producers p WHERE p.id = NEW.producer_id)
  WHERE kind = 'producer' AND ref_id = NEW.producer_id;
END;

CREATE TRIGGER search_producer_product_removed AFTER DELETE ON producer_products
BEGIN
  UPDATE search_docs SET body = (
    SELECT CASE WHEN p.merged_into IS NULL THEN p.name || coalesce(' FLO ' || p.flo_id, '')
      || coalesce(' ' || (SELECT group_concat(product, ' ') FROM
           (SELECT product FROM producer_products WHERE producer_id = p.id ORDER BY product)), '')
      ELSE '' END
    FROM producers p WHERE p.id = OLD.producer_id)
  WHERE kind = 'producer' AND ref_id = OLD.producer_id;
END;

CREATE TRIGGER search_officer_insert AFTER INSERT ON officers
BEGIN
  INSERT INTO search_docs (kind, ref_id, date, body)
    VALUES ('officer', NEW.handle, substr(NEW.created_at, 1, 10), NEW.name || ' ' || NEW.handle);
END;

CREATE TRIGGER search_officer_changed AFTER UPDATE OF name ON officers
BEGIN
  UPDATE search_docs SET body = NEW.name || ' ' || NEW.handle WHERE kind = 'officer' AND ref_id = NEW.handle;
END;

-- The registry's documents, indexed here (so that a first search needs no write: a read-only user can search).
INSERT INTO search_docs (kind, ref_id, date, body)
SELECT 'producer', p.id, substr(p.created_at, 1, 10),
  CASE WHEN p.merged_into IS NULL THEN p.name || coalesce(' FLO ' || p.flo_id, '')
    || coalesce(' ' || (SELECT group_concat(product, ' ') FROM
         (SELECT product FROM producer_products WHERE producer_id = p.id ORDER BY product)), '')
  ELSE '' END
FROM producers p;

INSERT INTO search_docs (kind, ref_id, date, body)
SELECT 'officer', o.handle, substr(o.created_at, 1, 10), o.name || ' ' || o.handle FROM officers o;

INSERT INTO search_index (rowid, body)
SELECT id, body FROM search_docs WHERE kind IN ('producer', 'officer');

DELETE FROM search_changes
WHERE old_body IS NULL AND doc_id IN (SELECT id FROM search_docs WHERE kind IN ('producer', 'officer'));
