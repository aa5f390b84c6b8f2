-- Sign-in sessions (stored under the SHA-256 of their token) and the answers to mutating
-- requests that carried an Idempotency-Key, kept so that a retry returns the first answer.
CREATE TABLE web_session (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX web_session_by_user ON web_session(user_id);
CREATE INDEX web_session_by_last_seen ON web_session(last_seen_at);

CREATE TABLE idempotency (
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status      INTEGER NOT NULL,
  body        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) STRICT;
CREATE INDEX idempotency_by_time ON idempotency(created_at);
