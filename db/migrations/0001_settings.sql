-- Settings of this installation (the point's name, address, director, loan-term bounds...),
-- as text values under stable keys.
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
