-- The period report (QueryService::Counts) reads the agreements of a period from this index
-- alone, without touching the table: the start date first, then all the report needs of an
-- agreement. It replaces agreement_by_start, its prefix.
CREATE INDEX agreement_period ON agreement(start_date, state, point_id, family_id, child_id);
DROP INDEX agreement_by_start;
