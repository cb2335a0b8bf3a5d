-- Cases with their append-only timeline, activities (logged visits), insights, and the full-text index
-- over what officers write.

CREATE TABLE cases (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'
           AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-'
           AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'),
  type TEXT NOT NULL
    CHECK (type IN ('certification', 'trade', 'business', 'introduction', 'liaison', 'representation')),
  title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 500),
  -- Every case is about a producer, except representation and liaison, which may be about a country.
  producer_id TEXT REFERENCES producers(id),
  country TEXT NOT NULL REFERENCES countries(code),
  officer TEXT REFERENCES officers(handle),
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'active', 'waiting', 'resolved', 'cancelled')),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  due_date TEXT CHECK (due_date IS NULL OR (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')),
  -- The resolution of a resolved case, or the reason a case was cancelled.
  resolution TEXT,
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  CHECK (producer_id IS NOT NULL OR type IN ('liaison', 'representation')),
  CHECK ((status IN ('resolved', 'cancelled')) = (closed_at IS NOT NULL)),
  CHECK (status <> 'resolved' OR length(trim(resolution)) > 0)
) STRICT;

CREATE INDEX cases_by_status ON cases(status, opened_at);
CREATE INDEX cases_by_country ON cases(country, status, opened_at);
CREATE INDEX cases_by_officer ON cases(officer, status, opened_at);
CREATE INDEX cases_by_producer ON cases(producer_id, status);
CREATE INDEX cases_by_opened ON cases(opened_at);

CREATE TABLE case_tags (
  case_id TEXT NOT NULL REFERENCES cases(id),
  tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40 AND tag = lower(tag) AND tag NOT GLOB '*[ ,]*'),
  PRIMARY KEY (case_id, tag)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_tags_by_tag ON case_tags(tag, case_id);

CREATE TABLE activities (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'
           AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-'
           AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  officer TEXT NOT NULL REFERENCES officers(handle),
  kind TEXT NOT NULL
    CHECK (kind IN ('field-visit', 'remote', 'training', 'workshop', 'meeting', 'event')),
  producer_id TEXT REFERENCES producers(id),
  country TEXT NOT NULL REFERENCES countries(code),
  hours REAL CHECK (hours IS NULL OR (hours > 0 AND hours <= 200)),
  women INTEGER NOT NULL DEFAULT 0 CHECK (women >= 0),
  men INTEGER NOT NULL DEFAULT 0 CHECK (men >= 0),
  other INTEGER NOT NULL DEFAULT 0 CHECK (other >= 0),
  summary TEXT NOT NULL CHECK (length(trim(summary)) BETWEEN 1 AND 20000),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK (producer_id IS NOT NULL OR kind IN ('workshop', 'meeting', 'event'))
) STRICT;

CREATE INDEX activities_by_date ON activities(date);
CREATE INDEX activities_by_country ON activities(country, date);
CREATE INDEX activities_by_officer ON activities(officer, date);
CREATE INDEX activities_by_producer ON activities(producer_id, date);

CREATE TABLE activity_topics (
  activity_id TEXT NOT NULL REFERENCES activities(id),
  topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 60 AND topic = lower(topic)),
  PRIMARY KEY (activity_id, topic)
) STRICT, WITHOUT ROWID;

CREATE TABLE activity_cases (
  activity_id TEXT NOT NULL REFERENCES activities(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  PRIMARY KEY (activity_id, case_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX activity_cases_by_case ON activity_cases(case_id, activity_id);

-- The timeline of a case: append-only. Nothing here is ever updated or deleted, and the triggers below
-- make the database itself refuse it, whoever asks.
CREATE TABLE case_events (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  case_id TEXT NOT NULL REFERENCES cases(id),
  -- Order within the case, from 1: instants from different laptops need not be monotonic.
  seq INTEGER NOT NULL CHECK (seq >= 1),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('opened', 'changed', 'note', 'visit', 'closed', 'reopened')),
  field TEXT,
  old_value TEXT,
  new_value TEXT,
  text TEXT,
  activity_id TEXT REFERENCES activities(id),
  UNIQUE (case_id, seq),
  CHECK (kind <> 'changed' OR field IS NOT NULL),
  CHECK (kind <> 'visit' OR activity_id IS NOT NULL),
  CHECK (kind <> 'note' OR length(trim(text)) > 0)
) STRICT;

CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
BEGIN
  SELECT RAISE(ABORT, 'the case timeline is append-only: events cannot be changed');
END;

CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
BEGIN
  SELECT RAISE(ABORT, 'the case timeline is append-only: events cannot be deleted');
END;

CREATE TABLE insights (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  officer TEXT NOT NULL REFERENCES officers(handle),
  country TEXT NOT NULL REFERENCES countries(code),
  product TEXT CHECK (product IS NULL OR (length(product) BETWEEN 1 AND 60 AND product = lower(product))),
  kind TEXT NOT NULL CHECK (kind IN ('demand', 'supply', 'price', 'climate', 'other')),
  text TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 20000),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE INDEX insights_by_date ON insights(date);
CREATE INDEX insights_by_country ON insights(country, date);

-- Full-text search over case titles, notes, resolutions, activity summaries and insights.
--
-- The database keeps search_docs current by itself: triggers copy every searchable text into it as it is
-- written, and record each change in search_changes. The FTS5 index (external content over search_docs)
-- is brought up to date from search_changes by psr in the same transaction; triggers cannot write to it
-- because the connection runs with trusted_schema OFF and SQLite 3.40 does not mark FTS5 innocuous
-- (https://www.sqlite.org/pragma.html#pragma_trusted_schema).
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('case', 'note', 'resolution', 'cancellation', 'reopening', 'visit', 'insight')),
  ref_id TEXT NOT NULL,
  case_id TEXT,
  date TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (kind, ref_id)
) STRICT;

CREATE TABLE search_changes (
  doc_id INTEGER NOT NULL,
  -- The text the index held before an update; NULL for a new document.
  old_body TEXT
) STRICT;

CREATE VIRTUAL TABLE search_index USING fts5(
  body, content = 'search_docs', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);

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
  INSERT INTO search_docs (kind, ref_id, date, body) VALUES ('visit', NEW.id, NEW.date, NEW.summary);
END;

CREATE TRIGGER search_insight_insert AFTER INSERT ON insights
BEGIN
  INSERT INTO search_docs (kind, ref_id, date, body) VALUES ('insight', NEW.id, NEW.date, NEW.text);
END;
