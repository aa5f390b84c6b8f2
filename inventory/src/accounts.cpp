#include "prokat/inventory/accounts.hpp"

#include "internal.hpp"

namespace prokat::inventory {

namespace {

Error NoSession() { return Error::Unauthenticated("no_session", "not signed in"); }

Error SessionExpired() {
  return Error::Unauthenticated("session_expired", "the session has expired; sign in again");
}

bool Expired(const Session& session, Timestamp now, const SessionLimits& limits) {
  return now - session.last_seen_at > limits.idle || now - session.created_at > limits.absolute;
}

Result<Session> FindSession(db::Connection& c, const std::string& token_hash) {
  auto s = c.Prepare(
      "SELECT s.user_id, u.role, u.login, u.display_name, u.point_id, s.csrf_token, "
      "s.created_at, "
      "s.last_seen_at FROM web_session s JOIN user u ON u.id = s.user_id "
      "WHERE s.token_hash = ? AND u.active = 1");
  if (!s.BindAll(token_hash).Step()) return NoSession();
  Session session;
  session.user = UserId(s.Get<std::int64_t>(0));
  session.role = Parse<Role>(s.Get<std::string>(1)).value_or(Role::kStaff);
  session.login = s.Get<std::string>(2);
  session.display_name = s.Get<std::string>(3);
  if (auto p = s.Get<std::optional<std::int64_t>>(4)) session.point = PointId(*p);
  session.csrf_token = s.Get<std::string>(5);
  session.created_at = internal::StoredTimestamp(s, 6, "web_session.created_at");
  session.last_seen_at = internal::StoredTimestamp(s, 7, "web_session.last_seen_at");
  return session;
}

}  // namespace

Result<Session> AccountService::OpenSession(UserId user, const std::string& token_hash,
                                            const std::string& csrf_token) {
  return internal::WriteTx<Session>(db_, [&](db::Connection& c) -> Result<Session> {
    auto s = c.Prepare("SELECT role, login, display_name, point_id, active FROM user WHERE id = ?");
    if (!s.BindAll(user.value).Step()) return Error::NotFound("no such user", "user");
    if (!s.Get<bool>(4))
      return Error::Forbidden("user_inactive", "the user is deactivated", "user");
    Session session;
    session.user = user;
    session.role = Parse<Role>(s.Get<std::string>(0)).value_or(Role::kStaff);
    session.login = s.Get<std::string>(1);
    session.display_name = s.Get<std::string>(2);
    session.point = internal::IdOf<PointId>(s.Get<std::optional<std::int64_t>>(3));
    if (!session.point->valid()) session.point.reset();
    session.csrf_token = csrf_token;
    session.created_at = session.last_seen_at =
        std::chrono::floor<std::chrono::seconds>(clock_.Now());
    const std::string now = FormatTimestamp(session.created_at);
    c.Prepare(
         "INSERT INTO web_session(token_hash, user_id, csrf_token, created_at, last_seen_at) "
         "VALUES(?,?,?,?,?)")
        .BindAll(token_hash, user.value, csrf_token, now, now)
        .Run();
    internal::Audit(c, clock_, Actor{user, session.role}, "login",
                    "user/" + std::to_string(user.value));
    return session;
  });
}

Result<Session> AccountService::ResumeSession(const std::string& token_hash,
                                              const SessionLimits& limits) {
  // A read answers almost every request; the write happens only to slide last_seen_at.
  auto found =
      internal::ReadTx<Session>(db_, [&](db::Connection& c) { return FindSession(c, token_hash); });
  if (!found.ok()) return found;
  const auto now = std::chrono::floor<std::chrono::seconds>(clock_.Now());
  Session& session = *found;
  if (Expired(session, now, limits)) {
    auto closed = CloseSession(token_hash);
    if (!closed.ok()) return std::move(closed).error();
    return SessionExpired();
  }
  if (now - session.last_seen_at >= std::chrono::minutes(1)) {
    auto touched = internal::WriteTx<bool>(db_, [&](db::Connection& c) -> Result<bool> {
      c.Prepare("UPDATE web_session SET last_seen_at = ? WHERE token_hash = ?")
          .BindAll(FormatTimestamp(now), token_hash)
          .Run();
      return true;
    });
    if (!touched.ok()) return std::move(touched).error();
    session.last_seen_at = now;
  }
  return session;
}

std::optional<Result<Session>> AccountService::PeekSession(const std::string& token_hash,
                                                           const SessionLimits& limits) {
  std::optional<Result<Session>> found;
  try {
    found = db_.TryRead([&](db::Connection& c) { return FindSession(c, token_hash); });
  } catch (const db::SqliteError& e) {
    return internal::FromSqlite(e);
  } catch (const internal::StoredValueError& e) {
    return Error::Storage(e.what());
  }
  if (!found || !found->ok()) return found;
  if (Expired(**found, std::chrono::floor<std::chrono::seconds>(clock_.Now()), limits))
    return SessionExpired();
  return found;
}

Result<void> AccountService::CloseSession(const std::string& token_hash) {
  auto r = internal::WriteTx<bool>(db_, [&](db::Connection& c) -> Result<bool> {
    auto s = c.Prepare("DELETE FROM web_session WHERE token_hash = ? RETURNING user_id");
    if (s.BindAll(token_hash).Step()) {
      UserId user(s.Get<std::int64_t>(0));
      s.Reset();
      internal::Audit(c, clock_, Actor{user, Role::kStaff}, "logout",
                      "user/" + std::to_string(user.value));
    }
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<std::optional<StoredAnswer>> AccountService::FindAnswer(UserId user,
                                                               const std::string& key) {
  // Through Write: inside the caller's transaction this reads the writer's own view.
  return internal::WriteTx<std::optional<StoredAnswer>>(
      db_, [&](db::Connection& c) -> Result<std::optional<StoredAnswer>> {
        auto s = c.Prepare(
            "SELECT fingerprint, status, body FROM idempotency WHERE user_id = ? AND key = ?");
        if (!s.BindAll(user.value, key).Step()) return std::optional<StoredAnswer>();
        return std::optional<StoredAnswer>(
            StoredAnswer{s.Get<std::string>(0), s.Get<int>(1), s.Get<std::string>(2)});
      });
}

Result<void> AccountService::StoreAnswer(UserId user, const std::string& key,
                                         const StoredAnswer& answer) {
  auto r = internal::WriteTx<bool>(db_, [&](db::Connection& c) -> Result<bool> {
    c.Prepare(
         "INSERT INTO idempotency(user_id, key, fingerprint, status, body, created_at) "
         "VALUES(?,?,?,?,?,?)")
        .BindAll(user.value, key, answer.fingerprint, answer.status, answer.body,
                 internal::Now(clock_))
        .Run();
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<int> AccountService::Purge(std::chrono::seconds age) {
  return internal::WriteTx<int>(db_, [&](db::Connection& c) -> Result<int> {
    const std::string cutoff =
        FormatTimestamp(std::chrono::floor<std::chrono::seconds>(clock_.Now()) - age);
    c.Prepare("DELETE FROM idempotency WHERE created_at < ?").BindAll(cutoff).Run();
    int removed = c.Changes();
    c.Prepare("DELETE FROM web_session WHERE last_seen_at < ?").BindAll(cutoff).Run();
    return removed + c.Changes();
  });
}

}  // namespace prokat::inventory
