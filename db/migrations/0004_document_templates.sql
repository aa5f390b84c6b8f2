-- Documents: editable texts of the printed documents, versioned (an admin's edit adds a
-- version; an agreement prints with the version that was in force when it was activated), and
-- the item's serial number in the handover act's snapshot.
--
-- Organisation details printed on the documents live in `setting` under the keys
-- org.name, org.address, org.director, org.director_title, org.city, org.phone
-- (see inventory/include/prokat/inventory/templates.hpp).

CREATE TABLE document_template (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('agreement', 'application', 'consent',
                 'multibox_act', 'multibox_report')),
  version      INTEGER NOT NULL CHECK (version >= 1),
  text         TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by INTEGER NOT NULL REFERENCES user(id),
  UNIQUE (kind, version)
) STRICT;
CREATE TRIGGER document_template_immutable BEFORE UPDATE ON document_template
BEGIN SELECT RAISE(ABORT, 'document template versions are immutable'); END;
CREATE TRIGGER document_template_undeletable BEFORE DELETE ON document_template
BEGIN SELECT RAISE(ABORT, 'document template versions are immutable'); END;

-- Acts made before this migration have no serial number in their snapshot (empty).
ALTER TABLE handover_act_item ADD COLUMN serial_number TEXT NOT NULL DEFAULT '';
