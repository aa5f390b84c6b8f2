-- The period report (QueryService::Counts) counts the agreements of a period that were
-- concluded (not draft, not cancelled): their families and children, distinct, and their lines
-- by item category. Lines add up across days, so they are kept here already counted, per start
-- date, point and item type, by the triggers below, in the transaction of each change: a year's
-- report reads some hundreds of these rows instead of every line and every item (a year on the
-- regional benchmark database: 1,460 rows instead of 103,681 lines and 50,000 items).
-- Rows whose count falls to zero stay; the report skips them.
CREATE TABLE report_lines (
  start_date TEXT NOT NULL,
  point_id   INTEGER NOT NULL,
  type_id    INTEGER NOT NULL,
  lines      INTEGER NOT NULL,
  PRIMARY KEY (start_date, point_id, type_id)
) STRICT, WITHOUT ROWID;

INSERT INTO report_lines(start_date, point_id, type_id, lines)
  SELECT a.start_date, a.point_id, i.type_id, count(*)
  FROM agreement a JOIN agreement_item ai ON ai.agreement_id = a.id JOIN item i ON i.id = ai.item_id
  WHERE a.state <> 'draft' AND a.state <> 'cancelled'
  GROUP BY a.start_date, a.point_id, i.type_id;

-- A line added to or taken from a concluded agreement (an agreement's lines are written while
-- it is a draft, so these usually find nothing to count).
CREATE TRIGGER report_lines_line_added AFTER INSERT ON agreement_item
BEGIN
  INSERT INTO report_lines(start_date, point_id, type_id, lines)
    SELECT a.start_date, a.point_id, i.type_id, 1 FROM agreement a, item i
    WHERE a.id = NEW.agreement_id AND i.id = NEW.item_id
      AND a.state <> 'draft' AND a.state <> 'cancelled'
    ON CONFLICT DO UPDATE SET lines = lines + 1;
END;

CREATE TRIGGER report_lines_line_removed AFTER DELETE ON agreement_item
BEGIN
  UPDATE report_lines SET lines = lines - 1
  WHERE (start_date, point_id, type_id) = (
    SELECT a.start_date, a.point_id, i.type_id FROM agreement a, item i
    WHERE a.id = OLD.agreement_id AND i.id = OLD.item_id
      AND a.state <> 'draft' AND a.state <> 'cancelled');
END;

-- A line is its agreement and its item: neither changes (nothing in Prokat changes them; a
-- line is removed and another added instead), so no upkeep is needed for a moved line.
CREATE TRIGGER agreement_item_keys_fixed BEFORE UPDATE OF agreement_id, item_id ON agreement_item
WHEN OLD.agreement_id <> NEW.agreement_id OR OLD.item_id <> NEW.item_id
BEGIN
  SELECT RAISE(ABORT, 'the agreement and item of an agreement line cannot change');
END;

-- An agreement concluded (activated), cancelled, or moved to another date or point: its lines
-- leave the day they were counted on and join the new one. Returns, extensions and closing
-- change the state between concluded states and do not fire the body.
CREATE TRIGGER report_lines_agreement_changed AFTER UPDATE OF state, start_date, point_id ON agreement
WHEN (OLD.state <> 'draft' AND OLD.state <> 'cancelled') <> (NEW.state <> 'draft' AND NEW.state <> 'cancelled')
  OR OLD.start_date <> NEW.start_date OR OLD.point_id <> NEW.point_id
BEGIN
  UPDATE report_lines SET lines = lines - (
    SELECT count(*) FROM agreement_item ai JOIN item i ON i.id = ai.item_id
    WHERE ai.agreement_id = OLD.id AND i.type_id = report_lines.type_id)
  WHERE OLD.state <> 'draft' AND OLD.state <> 'cancelled'
    AND start_date = OLD.start_date AND point_id = OLD.point_id;
  INSERT INTO report_lines(start_date, point_id, type_id, lines)
    SELECT NEW.start_date, NEW.point_id, i.type_id, 1
    FROM agreement_item ai JOIN item i ON i.id = ai.item_id
    WHERE ai.agreement_id = NEW.id AND NEW.state <> 'draft' AND NEW.state <> 'cancelled'
    ON CONFLICT DO UPDATE SET lines = lines + 1;
END;

-- An item given another type: its lines in concluded agreements move to the new type.
CREATE TRIGGER report_lines_item_retyped AFTER UPDATE OF type_id ON item
WHEN OLD.type_id <> NEW.type_id
BEGIN
  UPDATE report_lines SET lines = lines - (
    SELECT count(*) FROM agreement_item ai JOIN agreement a ON a.id = ai.agreement_id
    WHERE ai.item_id = OLD.id AND a.start_date = report_lines.start_date
      AND a.point_id = report_lines.point_id AND a.state <> 'draft' AND a.state <> 'cancelled')
  WHERE type_id = OLD.type_id AND (start_date, point_id) IN (
    SELECT a.start_date, a.point_id FROM agreement_item ai JOIN agreement a ON a.id = ai.agreement_id
    WHERE ai.item_id = OLD.id AND a.state <> 'draft' AND a.state <> 'cancelled');
  INSERT INTO report_lines(start_date, point_id, type_id, lines)
    SELECT a.start_date, a.point_id, NEW.type_id, 1
    FROM agreement_item ai JOIN agreement a ON a.id = ai.agreement_id
    WHERE ai.item_id = NEW.id AND a.state <> 'draft' AND a.state <> 'cancelled'
    ON CONFLICT DO UPDATE SET lines = lines + 1;
END;

-- The report's pass over the period's agreements reads only this index, and only the
-- agreements it counts: drafts and cancelled ones are not in it, so no state is compared. The
-- state is the last column only so that SQLite takes the index as covering the query, which
-- names it. It replaces agreement_period (0005); the register reads its period through it too.
CREATE INDEX agreement_counted ON agreement(start_date, point_id, family_id, child_id, state)
  WHERE state <> 'draft' AND state <> 'cancelled';
DROP INDEX agreement_period;
