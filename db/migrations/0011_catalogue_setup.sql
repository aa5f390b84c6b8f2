-- The catalogue set up from the browser: an item type's longest loan, the default set of parts a
-- new item of the type is given and the documents that come with it; where an item is kept on
-- the point's shelves; a kit or multibox taken apart.

-- NULL: no limit beyond the agreement's own term bounds.
ALTER TABLE item_type ADD COLUMN max_term_days INTEGER CHECK (max_term_days IS NULL OR max_term_days > 0);

CREATE TABLE item_type_component (
  id       INTEGER PRIMARY KEY,
  type_id  INTEGER NOT NULL REFERENCES item_type(id),
  name     TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0)
) STRICT;
CREATE INDEX item_type_component_by_type ON item_type_component(type_id);

CREATE TABLE item_type_document (
  id      INTEGER PRIMARY KEY,
  type_id INTEGER NOT NULL REFERENCES item_type(id),
  name    TEXT NOT NULL
) STRICT;
CREATE INDEX item_type_document_by_type ON item_type_document(type_id);

ALTER TABLE item ADD COLUMN storage_place TEXT NOT NULL DEFAULT '';

-- A kit taken apart keeps its row (agreements of the past name it) but no items or parts.
ALTER TABLE kit ADD COLUMN taken_apart_at TEXT;
