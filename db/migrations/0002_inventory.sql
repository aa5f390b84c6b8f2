-- Inventory: points, users, item types, usage rules, items, kits, families, children,
-- applications, agreements, handover and return acts, deliveries, custody, monitoring, photos,
-- the movement journal and the audit log.
--
-- Conventions: timestamps are UTC text 'YYYY-MM-DDTHH:MM:SSZ'; calendar dates (start, due,
-- returned on) are 'YYYY-MM-DD' in the point's time zone. Enumerations are stored as their
-- stable lower-case names (see inventory/include/prokat/inventory/types.hpp).

CREATE TABLE point (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  address    TEXT NOT NULL DEFAULT '',
  code       TEXT NOT NULL UNIQUE            -- short code used in agreement numbers and labels
) STRICT;

CREATE TABLE user (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('staff', 'driver', 'supervisor', 'admin')),
  point_id      INTEGER REFERENCES point(id),
  password_hash TEXT NOT NULL DEFAULT '',    -- libsodium argon2id string, set by web/
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE rules_document (
  id    INTEGER PRIMARY KEY,
  title TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE rules_version (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES rules_document(id),
  version      INTEGER NOT NULL,
  text         TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by INTEGER REFERENCES user(id),
  UNIQUE (document_id, version)
) STRICT;

CREATE TABLE item_type (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  category           TEXT NOT NULL
                     CHECK (category IN ('rehabilitation', 'baby', 'leisure_sport', 'multibox')),
  default_term_days  INTEGER NOT NULL CHECK (default_term_days > 0),
  rules_document_id  INTEGER NOT NULL REFERENCES rules_document(id)
) STRICT;

CREATE TABLE item (
  id               INTEGER PRIMARY KEY,
  inventory_number TEXT NOT NULL UNIQUE,
  serial_number    TEXT NOT NULL DEFAULT '',
  gtin             TEXT,                       -- 14 digits, normalised, or NULL
  name             TEXT NOT NULL,
  type_id          INTEGER NOT NULL REFERENCES item_type(id),
  point_id         INTEGER NOT NULL REFERENCES point(id),
  condition        TEXT NOT NULL CHECK (condition IN ('new', 'good', 'fair', 'poor', 'broken')),
  status           TEXT NOT NULL CHECK (status IN ('available', 'reserved', 'out_for_delivery',
                     'on_loan', 'inspection', 'in_repair', 'in_custody', 'lost', 'written_off')),
  funding_source   TEXT NOT NULL DEFAULT '',
  acquired_on      TEXT,
  cost_kopecks     INTEGER,
  notes            TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX item_by_status ON item(point_id, status, type_id);
CREATE INDEX item_by_type ON item(type_id, status);
CREATE INDEX item_by_gtin ON item(gtin) WHERE gtin IS NOT NULL;

CREATE TABLE item_component (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES item(id),
  name     TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0)
) STRICT;
CREATE INDEX item_component_by_item ON item_component(item_id);

CREATE TABLE item_document (
  id      INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  name    TEXT NOT NULL
) STRICT;
CREATE INDEX item_document_by_item ON item_document(item_id);

CREATE TABLE kit (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('kit', 'multibox')),
  point_id INTEGER NOT NULL REFERENCES point(id),
  notes    TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE kit_item (
  kit_id  INTEGER NOT NULL REFERENCES kit(id),
  item_id INTEGER NOT NULL UNIQUE REFERENCES item(id),  -- an item is in at most one kit
  PRIMARY KEY (kit_id, item_id)
) STRICT;

CREATE TABLE kit_component (
  id       INTEGER PRIMARY KEY,
  kit_id   INTEGER NOT NULL REFERENCES kit(id),
  name     TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0)
) STRICT;

CREATE TABLE family (
  id                 INTEGER PRIMARY KEY,
  point_id           INTEGER NOT NULL REFERENCES point(id),
  representative     TEXT NOT NULL,
  phone              TEXT NOT NULL,
  address            TEXT NOT NULL,
  district           TEXT NOT NULL DEFAULT '',
  consent_on         TEXT NOT NULL,             -- date of consent to personal-data processing
  notes              TEXT NOT NULL DEFAULT '',
  created_at         TEXT NOT NULL
) STRICT;

CREATE TABLE family_target_group (
  family_id INTEGER NOT NULL REFERENCES family(id),
  target_group TEXT NOT NULL CHECK (target_group IN ('disabled_child', 'special_needs_child',
                  'serviceman_family', 'difficult_situation', 'newborn_kept', 'disabled_adult')),
  PRIMARY KEY (family_id, target_group)
) STRICT;

CREATE TABLE child (
  id         INTEGER PRIMARY KEY,
  family_id  INTEGER NOT NULL REFERENCES family(id),
  name       TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  category   TEXT NOT NULL CHECK (category IN ('none', 'disabled', 'special_needs'))
) STRICT;
CREATE INDEX child_by_family ON child(family_id);

CREATE TABLE application (
  id             INTEGER PRIMARY KEY,
  family_id      INTEGER NOT NULL REFERENCES family(id),
  child_id       INTEGER REFERENCES child(id),
  type_id        INTEGER NOT NULL REFERENCES item_type(id),
  point_id       INTEGER NOT NULL REFERENCES point(id),
  applied_at     TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('waiting', 'reserved', 'fulfilled', 'lapsed',
                   'cancelled')),
  reserved_item_id INTEGER REFERENCES item(id),
  reserved_until TEXT,                          -- last local date the reservation holds
  agreement_id   INTEGER,
  note           TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX application_queue ON application(type_id, status, applied_at, id);
CREATE UNIQUE INDEX application_one_reservation_per_item ON application(reserved_item_id)
  WHERE status = 'reserved';

CREATE TABLE agreement (
  id             INTEGER PRIMARY KEY,
  point_id       INTEGER NOT NULL REFERENCES point(id),
  year           INTEGER,                 -- number "seq/year", assigned at activation so that
  seq            INTEGER,                 -- the register has no gaps from abandoned drafts
  family_id      INTEGER NOT NULL REFERENCES family(id),
  child_id       INTEGER REFERENCES child(id),
  state          TEXT NOT NULL CHECK (state IN ('draft', 'active', 'extended', 'partly_returned',
                   'closed', 'terminated', 'cancelled')),
  start_date     TEXT NOT NULL,
  due_date       TEXT NOT NULL,
  delivery_mode  TEXT NOT NULL CHECK (delivery_mode IN ('at_point', 'delivery')),
  created_at     TEXT NOT NULL,
  activated_at   TEXT,
  closed_at      TEXT,
  terminated_on  TEXT,
  termination_reason TEXT,
  created_by     INTEGER REFERENCES user(id),
  UNIQUE (point_id, year, seq)
) STRICT;
CREATE INDEX agreement_due ON agreement(due_date) WHERE state IN ('active', 'extended',
  'partly_returned');
CREATE INDEX agreement_by_family ON agreement(family_id);
CREATE INDEX agreement_by_start ON agreement(start_date);

-- Items of an agreement. `open` is 1 from activation until the item comes back; the partial
-- unique index is the storage-level guarantee that an item is never in two open agreements.
CREATE TABLE agreement_item (
  agreement_id INTEGER NOT NULL REFERENCES agreement(id),
  item_id      INTEGER NOT NULL REFERENCES item(id),
  kit_id       INTEGER REFERENCES kit(id),
  open         INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1)),
  returned_on  TEXT,
  return_act_id INTEGER,
  PRIMARY KEY (agreement_id, item_id)
) STRICT;
CREATE UNIQUE INDEX agreement_item_open_once ON agreement_item(item_id) WHERE open = 1;
CREATE INDEX agreement_item_by_item ON agreement_item(item_id);

CREATE TABLE rules_acknowledgment (
  id               INTEGER PRIMARY KEY,
  agreement_id     INTEGER NOT NULL REFERENCES agreement(id),
  family_id        INTEGER NOT NULL REFERENCES family(id),
  rules_version_id INTEGER NOT NULL REFERENCES rules_version(id),
  acknowledged_at  TEXT NOT NULL,
  explained_by     INTEGER NOT NULL REFERENCES user(id),
  UNIQUE (agreement_id, rules_version_id)
) STRICT;

CREATE TABLE extension (
  id           INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreement(id),
  old_due_date TEXT NOT NULL,
  new_due_date TEXT NOT NULL,
  reason       TEXT NOT NULL,
  at           TEXT NOT NULL,
  by_user      INTEGER NOT NULL REFERENCES user(id)
) STRICT;

-- The handover act is written once, at activation, and never updated: `snapshot` holds the
-- act's lines as text (one line per item, fields separated by tabs) so that later edits of the
-- items cannot change what was signed.
CREATE TABLE handover_act (
  id               INTEGER PRIMARY KEY,
  agreement_id     INTEGER NOT NULL UNIQUE REFERENCES agreement(id),
  signed_at        TEXT NOT NULL,
  delivery_mode    TEXT NOT NULL,
  staff_id         INTEGER NOT NULL REFERENCES user(id),
  rules_versions   TEXT NOT NULL,
  snapshot         TEXT NOT NULL
) STRICT;
CREATE TRIGGER handover_act_immutable BEFORE UPDATE ON handover_act
BEGIN SELECT RAISE(ABORT, 'handover acts are immutable'); END;
CREATE TRIGGER handover_act_undeletable BEFORE DELETE ON handover_act
BEGIN SELECT RAISE(ABORT, 'handover acts are immutable'); END;

CREATE TABLE handover_act_item (
  act_id           INTEGER NOT NULL REFERENCES handover_act(id),
  item_id          INTEGER NOT NULL REFERENCES item(id),
  inventory_number TEXT NOT NULL,
  name             TEXT NOT NULL,
  condition        TEXT NOT NULL,
  components       TEXT NOT NULL,   -- "name x qty" lines
  documents        TEXT NOT NULL,   -- one name per line
  kit_id           INTEGER,
  PRIMARY KEY (act_id, item_id)
) STRICT;
CREATE TRIGGER handover_act_item_immutable BEFORE UPDATE ON handover_act_item
BEGIN SELECT RAISE(ABORT, 'handover acts are immutable'); END;

CREATE TABLE return_act (
  id           INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreement(id),
  returned_on  TEXT NOT NULL,
  signed_at    TEXT NOT NULL,
  staff_id     INTEGER NOT NULL REFERENCES user(id),
  delivery_id  INTEGER,
  note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX return_act_by_agreement ON return_act(agreement_id);

CREATE TABLE return_act_item (
  act_id      INTEGER NOT NULL REFERENCES return_act(id),
  item_id     INTEGER NOT NULL REFERENCES item(id),
  condition   TEXT NOT NULL,
  damage_note TEXT NOT NULL DEFAULT '',
  missing_components TEXT NOT NULL DEFAULT '',   -- names of missing components, one per line
  lost        INTEGER NOT NULL DEFAULT 0 CHECK (lost IN (0, 1)),  -- not brought back: lost
  PRIMARY KEY (act_id, item_id)
) STRICT;

CREATE TABLE delivery (
  id            INTEGER PRIMARY KEY,
  agreement_id  INTEGER NOT NULL REFERENCES agreement(id),
  kind          TEXT NOT NULL CHECK (kind IN ('delivery', 'pickup')),
  planned_on    TEXT NOT NULL,
  driver_id     INTEGER NOT NULL REFERENCES user(id),
  vehicle       TEXT NOT NULL DEFAULT '',
  address       TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('planned', 'out', 'done', 'failed')),
  failure_reason TEXT,
  confirmed_at  TEXT,
  received_by   TEXT,
  signature_ref TEXT,
  note          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX delivery_by_driver ON delivery(driver_id, planned_on);
CREATE INDEX delivery_by_agreement ON delivery(agreement_id);

CREATE TABLE delivery_scan (
  delivery_id INTEGER NOT NULL REFERENCES delivery(id),
  code        TEXT NOT NULL,
  item_id     INTEGER REFERENCES item(id),
  scanned_at  TEXT NOT NULL
) STRICT;

CREATE TABLE custody (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES user(id),
  purpose     TEXT NOT NULL,
  start_date  TEXT NOT NULL,
  due_date    TEXT NOT NULL,
  closed_at   TEXT,
  created_by  INTEGER NOT NULL REFERENCES user(id)
) STRICT;

CREATE TABLE custody_item (
  custody_id  INTEGER NOT NULL REFERENCES custody(id),
  item_id     INTEGER NOT NULL REFERENCES item(id),
  open        INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
  PRIMARY KEY (custody_id, item_id)
) STRICT;
CREATE UNIQUE INDEX custody_item_open_once ON custody_item(item_id) WHERE open = 1;

-- Monitoring during a loan: condition checks (visits, calls), consultations, feedback at return.
CREATE TABLE condition_check (
  id           INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreement(id),
  planned_on   TEXT NOT NULL,
  form         TEXT NOT NULL CHECK (form IN ('visit', 'call', 'video')),
  done_at      TEXT,
  outcome      TEXT,
  staff_id     INTEGER REFERENCES user(id)
) STRICT;

CREATE TABLE consultation (
  id           INTEGER PRIMARY KEY,
  family_id    INTEGER NOT NULL REFERENCES family(id),
  agreement_id INTEGER REFERENCES agreement(id),
  given_on     TEXT NOT NULL,
  staff_id     INTEGER NOT NULL REFERENCES user(id),
  topic        TEXT NOT NULL,
  form         TEXT NOT NULL CHECK (form IN ('in_person', 'phone', 'video'))
) STRICT;

CREATE TABLE feedback (
  id           INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreement(id),
  rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment      TEXT NOT NULL DEFAULT '',
  at           TEXT NOT NULL
) STRICT;

-- Photo files live in the photo directory beside the database; this table names them.
CREATE TABLE photo (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER REFERENCES item(id),
  agreement_id INTEGER REFERENCES agreement(id),
  occasion     TEXT NOT NULL CHECK (occasion IN ('handover', 'return', 'door', 'inspection')),
  file_name    TEXT NOT NULL UNIQUE,
  taken_at     TEXT NOT NULL,
  by_user      INTEGER NOT NULL REFERENCES user(id)
) STRICT;

-- Журнал учета движения оборудования: one row per item state change.
CREATE TABLE movement (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  item_id      INTEGER NOT NULL REFERENCES item(id),
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  agreement_id INTEGER REFERENCES agreement(id),
  user_id      INTEGER REFERENCES user(id),
  note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX movement_by_item ON movement(item_id, id);
CREATE INDEX movement_by_time ON movement(at);

CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  user_id  INTEGER,
  role     TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  detail   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_by_time ON audit(at);
