#include "prokat/inventory/users.hpp"

#include <algorithm>
#include <cctype>

#include "internal.hpp"

namespace prokat::inventory {
namespace {

constexpr const char* kUserColumns =
    "SELECT id, login, display_name, role, point_id, password_hash, active, created_at FROM user ";

User ReadUser(db::Statement& s) {
  User u;
  u.id = UserId(s.Get<std::int64_t>(0));
  u.login = s.Get<std::string>(1);
  u.display_name = s.Get<std::string>(2);
  u.role = Parse<Role>(s.Get<std::string>(3)).value_or(Role::kStaff);
  if (auto p = s.Get<std::optional<std::int64_t>>(4)) u.point = PointId(*p);
  u.password_hash = s.Get<std::string>(5);
  u.active = s.Get<bool>(6);
  u.created_at = internal::StoredTimestamp(s, 7, "user.created_at");
  return u;
}

User LoadUser(db::Connection& c, db::Statement& s) {
  User u = ReadUser(s);
  u.points = internal::StoredScope(c, u.id);
  return u;
}

Result<void> CheckAssignment(db::Connection& c, Role role, const PointAssignment& a) {
  const bool one_point = role == Role::kStaff || role == Role::kDriver;
  if (one_point && !a.point) {
    return Error::InvalidArgument("staff and drivers work at a rental point: point_id is required",
                                  "point_id");
  }
  if (one_point && (a.all_points || !a.more_points.empty())) {
    return Error::InvalidArgument("staff and drivers work at one rental point only", "points");
  }
  std::vector<PointId> named = a.more_points;
  if (a.point) named.push_back(*a.point);
  for (auto p : named) {
    if (!c.Prepare("SELECT 1 FROM point WHERE id = ?").BindAll(p.value).Step()) {
      return Error::NotFound("no such point: " + std::to_string(p.value),
                             p == a.point ? "point_id" : "points");
    }
  }
  return {};
}

void StoreAssignment(db::Connection& c, UserId user, const PointAssignment& a) {
  std::optional<std::int64_t> point;
  if (a.point) point = a.point->value;
  c.Prepare("UPDATE user SET point_id = ?, all_points = ? WHERE id = ?")
      .BindAll(point, a.all_points, user.value)
      .Run();
  c.Prepare("DELETE FROM user_point WHERE user_id = ?").BindAll(user.value).Run();
  auto ins = c.Prepare("INSERT OR IGNORE INTO user_point(user_id, point_id) VALUES(?,?)");
  for (auto p : a.more_points) {
    if (p != a.point) ins.BindAll(user.value, p.value).Run();
  }
}

bool ValidLogin(const std::string& login) {
  if (login.size() < 3 || login.size() > 64) return false;
  return std::all_of(login.begin(), login.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

Result<void> RequireAdmin(db::Connection& c, const Actor& actor) {
  if (auto r = internal::CheckActor(c, actor); !r) return r;
  if (actor.role != Role::kAdmin) {
    return Error::Forbidden("not_admin", "only an admin may manage users", "actor");
  }
  return {};
}

}  // namespace

std::string NormalizeLogin(std::string login) {
  for (auto& c : login) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return login;
}

Result<Point> UserService::CreatePoint(const std::string& name, const std::string& address,
                                       const std::string& code) {
  if (name.empty()) return Error::InvalidArgument("point name is empty", "name");
  if (code.size() < 2 || code.size() > 8 || !std::all_of(code.begin(), code.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) != 0;
      }))
    return Error::InvalidArgument("point code must be 2..8 letters or digits", "code");
  return internal::WriteTx<Point>(db_, [&](db::Connection& c) -> Result<Point> {
    auto dup = c.Prepare("SELECT 1 FROM point WHERE code = ?");
    if (dup.BindAll(code).Step()) {
      return Error::Conflict("duplicate_code", "point code '" + code + "' is taken", "code");
    }
    c.Prepare("INSERT INTO point(name, address, code) VALUES(?,?,?)")
        .BindAll(name, address, code)
        .Run();
    Point p{PointId(c.LastInsertRowId()), name, address, code};
    internal::Audit(c, clock_, Actor{UserId(), Role::kAdmin}, "point.create",
                    "point/" + std::to_string(p.id.value), name);
    return p;
  });
}

Result<Point> UserService::GetPoint(PointId id) {
  return internal::ReadTx<Point>(db_, [&](db::Connection& c) -> Result<Point> {
    auto s = c.Prepare("SELECT id, name, address, code FROM point WHERE id = ?");
    if (!s.BindAll(id.value).Step()) return Error::NotFound("no such point", "point");
    return Point{PointId(s.Get<std::int64_t>(0)), s.Get<std::string>(1), s.Get<std::string>(2),
                 s.Get<std::string>(3)};
  });
}

Result<Point> UserService::UpdatePoint(const Actor& actor, PointId id, const std::string& name,
                                       const std::string& address) {
  if (name.empty()) return Error::InvalidArgument("point name is empty", "name");
  return internal::WriteTx<Point>(db_, [&](db::Connection& c) -> Result<Point> {
    if (auto r = RequireAdmin(c, actor); !r) return r.error();
    c.Prepare("UPDATE point SET name = ?, address = ? WHERE id = ?")
        .BindAll(name, address, id.value)
        .Run();
    if (c.Changes() == 0) return Error::NotFound("no such point", "point");
    internal::Audit(c, clock_, actor, "point.update", "point/" + std::to_string(id.value), name);
    auto s = c.Prepare("SELECT code FROM point WHERE id = ?");
    s.BindAll(id.value).Step();
    return Point{id, name, address, s.Get<std::string>(0)};
  });
}

Result<std::vector<Point>> UserService::ListPoints(const Actor& actor) {
  return internal::ReadTx<std::vector<Point>>(
      db_, [&](db::Connection& c) -> Result<std::vector<Point>> {
        auto scope = internal::ScopeOf(c, actor);
        if (!scope) return scope.error();
        if (actor.role == Role::kAdmin) scope->all = true;
        std::vector<Point> out;
        auto s = c.Prepare("SELECT id, name, address, code FROM point ORDER BY id");
        while (s.Step()) {
          Point p{PointId(s.Get<std::int64_t>(0)), s.Get<std::string>(1), s.Get<std::string>(2),
                  s.Get<std::string>(3)};
          if (scope->Contains(p.id)) out.push_back(std::move(p));
        }
        return out;
      });
}

Result<User> UserService::CreateUser(const std::optional<Actor>& actor, const NewUser& given) {
  NewUser in = given;
  in.login = NormalizeLogin(std::move(in.login));
  if (!ValidLogin(in.login)) {
    return Error::InvalidArgument("login must be 3..64 of letters, digits, '.', '_', '-'", "login");
  }
  if (in.display_name.empty())
    return Error::InvalidArgument("display name is empty", "display_name");
  return internal::WriteTx<User>(db_, [&](db::Connection& c) -> Result<User> {
    if (actor) {
      if (auto r = RequireAdmin(c, *actor); !r) return r.error();
    } else {
      auto admins = c.Prepare("SELECT 1 FROM user WHERE role = 'admin' AND active = 1");
      if (admins.Step()) {
        return Error::Forbidden("not_admin", "an acting admin is required", "actor");
      }
    }
    if (auto r = CheckAssignment(c, in.role, in.points); !r) return r.error();
    auto dup = c.Prepare("SELECT 1 FROM user WHERE login = ?");
    if (dup.BindAll(in.login).Step()) {
      return Error::Conflict("duplicate_login", "login '" + in.login + "' is taken", "login");
    }
    c.Prepare(
         "INSERT INTO user(login, display_name, role, password_hash, active, created_at) "
         "VALUES(?,?,?,?,1,?)")
        .BindAll(in.login, in.display_name, ToString(in.role), in.password_hash,
                 internal::Now(clock_))
        .Run();
    const UserId id(c.LastInsertRowId());
    StoreAssignment(c, id, in.points);
    auto s = c.Prepare(std::string(kUserColumns) + "WHERE id = ?");
    s.BindAll(id.value).Step();
    User u = LoadUser(c, s);
    internal::Audit(c, clock_, actor.value_or(Actor{u.id, Role::kAdmin}), "user.create",
                    "user/" + std::to_string(u.id.value), in.login);
    return u;
  });
}

Result<User> UserService::GetUser(UserId id) {
  return internal::ReadTx<User>(db_, [&](db::Connection& c) -> Result<User> {
    auto s = c.Prepare(std::string(kUserColumns) + "WHERE id = ?");
    if (!s.BindAll(id.value).Step()) return Error::NotFound("no such user", "user");
    return LoadUser(c, s);
  });
}

Result<User> UserService::FindUserByLogin(const std::string& login) {
  return internal::ReadTx<User>(db_, [&](db::Connection& c) -> Result<User> {
    auto s = c.Prepare(std::string(kUserColumns) + "WHERE login = ?");
    if (!s.BindAll(NormalizeLogin(login)).Step())
      return Error::NotFound("no user with this login", "login");
    return LoadUser(c, s);
  });
}

Result<Page<User>> UserService::ListUsers(const UserFilter& filter, const PageRequest& page) {
  auto after = internal::CursorId(page.after);
  if (!after) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  return internal::ReadTx<Page<User>>(db_, [&](db::Connection& c) -> Result<Page<User>> {
    auto s =
        c.Prepare(std::string(kUserColumns) +
                  "WHERE id > ? AND (?2 IS NULL OR role = ?2) AND (?3 IS NULL OR point_id = ?3)"
                  " AND (?4 OR active = 1) ORDER BY id LIMIT ?5");
    std::optional<std::string_view> role;
    if (filter.role) role = ToString(*filter.role);
    std::optional<std::int64_t> point;
    if (filter.point) point = filter.point->value;
    s.BindAll(*after, role, point, filter.include_inactive, limit + 1);
    Page<User> out;
    while (s.Step()) out.items.push_back(LoadUser(c, s));
    if (static_cast<int>(out.items.size()) > limit) {
      out.items.pop_back();
      out.next_cursor = std::to_string(out.items.back().id.value);
    }
    return out;
  });
}

Result<void> UserService::SetPasswordHash(const Actor& actor, UserId id, const std::string& hash) {
  return internal::WriteTx<void>(db_, [&](db::Connection& c) -> Result<void> {
    if (auto r = RequireAdmin(c, actor); !r) return r;
    c.Prepare("UPDATE user SET password_hash = ? WHERE id = ?").BindAll(hash, id.value).Run();
    if (c.Changes() == 0) return Error::NotFound("no such user", "user");
    internal::EndSessionsOf(c, id);
    internal::Audit(c, clock_, actor, "user.set_password", "user/" + std::to_string(id.value));
    return {};
  });
}

Result<void> UserService::ChangeOwnPassword(
    const Actor& actor, const std::function<bool(const std::string&)>& current_matches,
    const std::string& new_hash) {
  auto stored = internal::ReadTx<std::string>(db_, [&](db::Connection& c) -> Result<std::string> {
    if (auto r = internal::CheckActor(c, actor); !r) return r.error();
    auto s = c.Prepare("SELECT password_hash FROM user WHERE id = ?");
    if (!s.BindAll(actor.user.value).Step()) return Error::NotFound("no such user", "user");
    return s.Get<std::string>(0);
  });
  if (!stored.ok()) return stored.error();
  // Checked before the write transaction: a password hash takes long enough to hold up every
  // other writer.
  if (stored->empty() || !current_matches(*stored)) {
    return Error::RuleViolation("wrong_current_password", "the current password is wrong",
                                "current_password");
  }
  return internal::WriteTx<void>(db_, [&](db::Connection& c) -> Result<void> {
    if (auto r = internal::CheckActor(c, actor); !r) return r;
    c.Prepare("UPDATE user SET password_hash = ? WHERE id = ? AND password_hash = ?")
        .BindAll(new_hash, actor.user.value, *stored)
        .Run();
    if (c.Changes() == 0) {
      return Error::Conflict("password_changed", "the password was changed meanwhile",
                             "current_password");
    }
    internal::EndSessionsOf(c, actor.user);
    internal::Audit(c, clock_, actor, "user.change_own_password",
                    "user/" + std::to_string(actor.user.value));
    return {};
  });
}

Result<User> UserService::SetActive(const Actor& actor, UserId id, bool active) {
  return internal::WriteTx<User>(db_, [&](db::Connection& c) -> Result<User> {
    if (auto r = RequireAdmin(c, actor); !r) return r.error();
    if (!active && id == actor.user) {
      return Error::RuleViolation("cannot_deactivate_self",
                                  "an admin cannot deactivate his own account", "active");
    }
    c.Prepare("UPDATE user SET active = ? WHERE id = ?").BindAll(active, id.value).Run();
    if (c.Changes() == 0) return Error::NotFound("no such user", "user");
    if (!active) internal::EndSessionsOf(c, id);
    internal::Audit(c, clock_, actor, active ? "user.activate" : "user.deactivate",
                    "user/" + std::to_string(id.value));
    auto s = c.Prepare(std::string(kUserColumns) + "WHERE id = ?");
    s.BindAll(id.value).Step();
    return LoadUser(c, s);
  });
}

Result<User> UserService::SetPoints(const Actor& actor, UserId id, const PointAssignment& points) {
  return internal::WriteTx<User>(db_, [&](db::Connection& c) -> Result<User> {
    if (auto r = RequireAdmin(c, actor); !r) return r.error();
    auto s = c.Prepare(std::string(kUserColumns) + "WHERE id = ?");
    if (!s.BindAll(id.value).Step()) return Error::NotFound("no such user", "user");
    const Role role = ReadUser(s).role;
    s.Reset();
    if (!points.point && points.more_points.empty() && !points.all_points)
      return Error::InvalidArgument("give the user at least one rental point, or every point",
                                    "points");
    if (auto r = CheckAssignment(c, role, points); !r) return r.error();
    StoreAssignment(c, id, points);
    internal::EndSessionsOf(c, id);
    std::string detail = points.all_points ? "all" : "";
    if (points.point) detail += " point " + std::to_string(points.point->value);
    for (auto p : points.more_points) detail += " +" + std::to_string(p.value);
    internal::Audit(c, clock_, actor, "user.set_points", "user/" + std::to_string(id.value),
                    detail);
    s.BindAll(id.value).Step();
    return LoadUser(c, s);
  });
}

}  // namespace prokat::inventory
