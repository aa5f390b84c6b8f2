-- Rental points kept apart. A user sees the families, agreements, items and documents of the
-- points his account is given: staff and drivers their one point (user.point_id); supervisors
-- and admins that point, the points listed in user_point, or every point (user.all_points).
--
-- Existing admins, and supervisors without a point, saw every point before this migration and
-- keep that; a supervisor with a point now sees that point only.
ALTER TABLE user ADD COLUMN all_points INTEGER NOT NULL DEFAULT 0 CHECK (all_points IN (0, 1));
UPDATE user SET all_points = 1
  WHERE role = 'admin' OR (role = 'supervisor' AND point_id IS NULL);

CREATE TABLE user_point (
  user_id  INTEGER NOT NULL REFERENCES user(id),
  point_id INTEGER NOT NULL REFERENCES point(id),
  PRIMARY KEY (user_id, point_id)
) STRICT, WITHOUT ROWID;

-- An item moved from one point to another (CatalogService::Transfer): the journal row names both.
ALTER TABLE movement ADD COLUMN from_point INTEGER REFERENCES point(id);
ALTER TABLE movement ADD COLUMN to_point INTEGER REFERENCES point(id);

-- Custody rows list items of one point; lists of open custodies are filtered by it.
ALTER TABLE custody ADD COLUMN point_id INTEGER REFERENCES point(id);
UPDATE custody SET point_id = (
  SELECT i.point_id FROM custody_item ci JOIN item i ON i.id = ci.item_id
  WHERE ci.custody_id = custody.id ORDER BY ci.item_id LIMIT 1);
