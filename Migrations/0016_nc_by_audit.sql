-- An audit's NCs (`psr audit show`, an audit's findings in a report) looked up through an index instead of a
-- pass over every NC: on the million-case demo `audit show` read all 20,659 NCs to find an audit's few.
-- NCs recorded without an audit are left out of the index; a lookup by audit never wants them.

CREATE INDEX non_conformities_by_audit ON non_conformities(audit_id) WHERE audit_id IS NOT NULL;
