// Sign-in sessions and idempotency records: what web/ keeps about its clients between
// requests and across restarts. Sessions are stored under the hash of their token; the token
// itself never reaches the database. A password change or a deactivation ends the user's
// sessions inside UserService's own transaction (UserService::SetPasswordHash, SetActive).
// Thread-safe (each call is one transaction).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct Session {
  UserId user;
  Role role = Role::kStaff;
  std::string login;
  std::string display_name;
  std::optional<PointId> point;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp last_seen_at;
};

struct SessionLimits {
  std::chrono::seconds idle{std::chrono::hours(8)};           // since the last request
  std::chrono::seconds absolute{std::chrono::hours(24 * 7)};  // since sign-in
};

// A stored answer to a mutating request that carried an Idempotency-Key.
struct StoredAnswer {
  std::string fingerprint;  // method, path and body hash of the first request
  int status = 0;
  std::string body;
};

class AccountService {
 public:
  AccountService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Opens a session for an active user (audit "login"). kNotFound / kForbidden "user_inactive".
  Result<Session> OpenSession(UserId user, const std::string& token_hash,
                              const std::string& csrf_token);
  // The live session stored under token_hash, its last_seen_at refreshed (at most once a
  // minute, to keep reads cheap). kUnauthenticated reason "no_session" when unknown or the
  // user is inactive, "session_expired" when past a limit (the session is then removed).
  Result<Session> ResumeSession(const std::string& token_hash, const SessionLimits& limits);
  // ResumeSession's answer without writing and without waiting: read on a database reader that
  // is idle now, last_seen_at not refreshed, an expired session not removed (ResumeSession
  // does both on the request's next step). std::nullopt when no reader is idle. For an I/O
  // thread deciding from a request's header whether its body is worth reading.
  std::optional<Result<Session>> PeekSession(const std::string& token_hash,
                                             const SessionLimits& limits);
  // Removes the session (audit "logout"); succeeds also when it did not exist.
  Result<void> CloseSession(const std::string& token_hash);

  // The stored answer for (user, key), if any. Call inside the same Database::Write as the
  // operation and StoreAnswer so that the three are one transaction.
  Result<std::optional<StoredAnswer>> FindAnswer(UserId user, const std::string& key);
  Result<void> StoreAnswer(UserId user, const std::string& key, const StoredAnswer& answer);
  // Forgets answers and expired sessions older than `age`. Returns how many rows went.
  Result<int> Purge(std::chrono::seconds age);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace prokat::inventory
