-- Indexes for region reports over a million cases. A report counts a region's cases opened in a period,
-- closed in it, and open at its end; each of these starts from the region's countries and a range of
-- one instant, which these two indexes hold in order, with the columns the counts read, so the counts
-- never touch the table.
--
-- closed_at is set exactly when a case is resolved or cancelled (a CHECK of cases), so the open cases are
-- the NULL end of cases_by_country_closed: together with the cases closed after a period's end they are
-- the only ones that can have been open at its end.

CREATE INDEX cases_by_country_opened ON cases(country, opened_at, type, officer);

CREATE INDEX cases_by_country_closed ON cases(country, closed_at, type, opened_at, officer);

-- Lists always filter on status (open and waiting ones by default) and sort by opening, which
-- cases_by_status(status, opened_at) answers, and reports now range over cases_by_country_opened: the
-- index on opened_at alone served neither, and cost every insert.
DROP INDEX cases_by_opened;
