-- Each producer's latest activity date, kept by the database as activities are logged: readiness reads it
-- for thousands of producers at once, where a lookup per producer into the million-row activities index
-- cost more than the rest of the assessment. Activities are never changed or deleted, so a later date
-- only ever replaces an earlier one.

CREATE TABLE producer_last_activity (
  producer_id TEXT PRIMARY KEY REFERENCES producers(id),
  date TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO producer_last_activity (producer_id, date)
SELECT producer_id, max(date) FROM activities WHERE producer_id IS NOT NULL GROUP BY producer_id;

CREATE TRIGGER activities_last_activity AFTER INSERT ON activities
WHEN NEW.producer_id IS NOT NULL
BEGIN
  INSERT INTO producer_last_activity (producer_id, date) VALUES (NEW.producer_id, NEW.date)
  ON CONFLICT (producer_id) DO UPDATE SET date = excluded.date WHERE excluded.date > producer_last_activity.date;
END;
