-- An item's care after its return: what a return act found missing or damaged stays on the
-- item until made good (item_defect), each step of inspection, cleaning and repair is recorded
-- with who and when (care_step), and a write-off or a loss is a signed act (disposal_act).
--
-- A defect is open while restored_at and accepted_at are both NULL: the item is not lent.
-- accepted_at is a supervisor's decision to lend the item incomplete; the handover act then
-- lists the missing parts as missing at issue (handover_act_item.missing_at_issue).

CREATE TABLE item_defect (
  id              INTEGER PRIMARY KEY,
  item_id         INTEGER NOT NULL REFERENCES item(id),
  kind            TEXT NOT NULL CHECK (kind IN ('missing', 'damage')),
  component       TEXT NOT NULL DEFAULT '',   -- the missing component's name
  note            TEXT NOT NULL DEFAULT '',   -- the damage as the return act wrote it
  return_act_id   INTEGER REFERENCES return_act(id),
  agreement_id    INTEGER REFERENCES agreement(id),
  found_at        TEXT NOT NULL,
  restored_at     TEXT,
  restored_by     INTEGER REFERENCES user(id),
  accepted_at     TEXT,
  accepted_by     INTEGER REFERENCES user(id),
  accepted_reason TEXT NOT NULL DEFAULT '',
  CHECK ((kind = 'missing') = (component <> ''))
) STRICT;
CREATE INDEX item_defect_by_item ON item_defect(item_id, id);

-- Журнал ухода: one row per step taken on an item after its return.
CREATE TABLE care_step (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES item(id),
  -- Comparisons, not an IN list: see 0007_check_lists_as_comparisons.sql.
  kind     TEXT NOT NULL CHECK (kind = 'defects_found' OR kind = 'inspection' OR
             kind = 'cleaning' OR kind = 'repair' OR kind = 'restored' OR
             kind = 'decision_repair' OR kind = 'decision_lend_incomplete' OR
             kind = 'decision_write_off' OR kind = 'decision_lost'),
  at       TEXT NOT NULL,
  user_id  INTEGER NOT NULL REFERENCES user(id),
  note     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX care_step_by_item ON care_step(item_id, id);

-- Акт списания / акт об утрате: the decision as signed, the decider's name kept as it was.
CREATE TABLE disposal_act (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES item(id),
  kind        TEXT NOT NULL CHECK (kind IN ('write_off', 'loss')),
  reason      TEXT NOT NULL,
  decided_at  TEXT NOT NULL,
  decided_by  INTEGER NOT NULL REFERENCES user(id),
  decider     TEXT NOT NULL
) STRICT;
CREATE INDEX disposal_act_by_item ON disposal_act(item_id, kind, id);
CREATE TRIGGER disposal_act_immutable BEFORE UPDATE ON disposal_act
BEGIN SELECT RAISE(ABORT, 'disposal acts are immutable'); END;
CREATE TRIGGER disposal_act_undeletable BEFORE DELETE ON disposal_act
BEGIN SELECT RAISE(ABORT, 'disposal acts are immutable'); END;

-- Parts missing when the item was handed over, one name per line; empty for acts before this.
ALTER TABLE handover_act_item ADD COLUMN missing_at_issue TEXT NOT NULL DEFAULT '';

-- The two acts' texts are templates an admin edits like the others: the kind's CHECK grows.
CREATE TABLE document_template_new (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind = 'agreement' OR kind = 'application' OR
                 kind = 'consent' OR kind = 'multibox_act' OR kind = 'multibox_report' OR
                 kind = 'write_off_act' OR kind = 'loss_act'),
  version      INTEGER NOT NULL CHECK (version >= 1),
  text         TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by INTEGER NOT NULL REFERENCES user(id),
  UNIQUE (kind, version)
) STRICT;
INSERT INTO document_template_new SELECT id, kind, version, text, published_at, published_by
  FROM document_template;
DROP TABLE document_template;
ALTER TABLE document_template_new RENAME TO document_template;
CREATE TRIGGER document_template_immutable BEFORE UPDATE ON document_template
BEGIN SELECT RAISE(ABORT, 'document template versions are immutable'); END;
CREATE TRIGGER document_template_undeletable BEFORE DELETE ON document_template
BEGIN SELECT RAISE(ABORT, 'document template versions are immutable'); END;
