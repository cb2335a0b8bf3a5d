-- Upper bounds on counts, the same as the commands and the import check (Validate.Bounds): a participant
-- count near 2^63 once made every later report overflow. SQLite cannot add a CHECK to an existing table,
-- and rebuilding the producers table would need foreign keys off, which a migration's transaction cannot
-- turn off; so the bounds are triggers that refuse a row before it is written. Rows already stored are
-- left as they are; `psr check` names any outside the bounds.

CREATE TRIGGER activities_counts_bounded BEFORE INSERT ON activities
WHEN NEW.women > 100000 OR NEW.men > 100000 OR NEW.other > 100000
  OR NEW.women + NEW.men + NEW.other > 100000
BEGIN
  SELECT RAISE(ABORT, 'an activity has at most 100000 participants');
END;

CREATE TRIGGER activities_counts_bounded_on_update BEFORE UPDATE OF women, men, other ON activities
WHEN NEW.women > 100000 OR NEW.men > 100000 OR NEW.other > 100000
  OR NEW.women + NEW.men + NEW.other > 100000
BEGIN
  SELECT RAISE(ABORT, 'an activity has at most 100000 participants');
END;

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
