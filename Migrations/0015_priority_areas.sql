-- Priority areas (issue 19): the capacity areas a region chose to train on in a year, such as `ics`,
-- `gender` or `climate`, each with a one-line description. A sub-region without its own takes its network's.
--
-- Every change is a row of `priority_changes`, append-only: a code added (or its description changed) or
-- removed, for a region and year, with who and when. The areas of a region and year are, for each code, its
-- latest change in (at, id) order when that change is an addition. Changes are inserts with UUID keys, so two
-- officers changing the same region's priorities offline never conflict and end with the same areas.

CREATE TABLE priority_changes (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'
           AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-'
           AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'),
  region TEXT NOT NULL REFERENCES regions(code),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- The same words as an activity's topics: lower case, up to 60 characters.
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 60 AND code = lower(code) AND code NOT GLOB '*[ ,]*'),
  action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200 AND description NOT GLOB '*[' || char(10) || char(13) || ']*'),
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;

CREATE INDEX priority_changes_by_region ON priority_changes(region, year, code, at, id);

CREATE TRIGGER priority_changes_append_only_update BEFORE UPDATE ON priority_changes
BEGIN
  SELECT RAISE(ABORT, 'a priority change is a record of what was decided: it cannot be changed');
END;

CREATE TRIGGER priority_changes_append_only_delete BEFORE DELETE ON priority_changes
BEGIN
  SELECT RAISE(ABORT, 'a priority change is a record of what was decided: it cannot be deleted');
END;

CREATE TRIGGER priority_changes_no_replace BEFORE INSERT ON priority_changes
WHEN EXISTS (SELECT 1 FROM priority_changes WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'a priority change is a record of what was decided: it cannot be replaced');
END;

-- A region's own areas for a year: each code's latest change, when it is an addition.
CREATE VIEW priority_areas AS
SELECT region, year, code, description, at, actor
FROM (
  SELECT region, year, code, action, description, at, actor,
    row_number() OVER (PARTITION BY region, year, code ORDER BY at DESC, id DESC) AS latest
  FROM priority_changes
)
WHERE latest = 1 AND action = 'add';
