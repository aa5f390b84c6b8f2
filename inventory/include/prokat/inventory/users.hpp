// Rental points (пункты проката) and users (staff, drivers, supervisors, admins).
// web/ adds login on top: it fills password_hash (a libsodium argon2id string) and checks it;
// inventory/ only stores it. Thread-safe (each call is one transaction on db::Database).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct Point {
  PointId id;
  std::string name;
  std::string address;
  std::string code;  // short code, 2..8 ASCII letters/digits, unique ("BRN1")
};

struct User {
  UserId id;
  std::string login;
  std::string display_name;
  Role role = Role::kStaff;
  std::optional<PointId> point;  // where he works: the default point of what he makes
  PointScope points;             // the points he sees (see PointScope), `point` included
  std::string password_hash;     // empty until web/ sets a password
  bool active = true;
  Timestamp created_at;
};

// A login as stored and looked up: lower-cased (ASCII), so that "Ivanova" signs in as "ivanova".
std::string NormalizeLogin(std::string login);

// The points an account is given. Staff and drivers work at one point: `point` is required and
// the others must be empty. Supervisors and admins may be given more points, or every point.
struct PointAssignment {
  std::optional<PointId> point;
  std::vector<PointId> more_points;
  bool all_points = false;
};

struct NewUser {
  std::string login;  // 3..64 of [a-z0-9._-] after NormalizeLogin, unique
  std::string display_name;
  Role role = Role::kStaff;
  PointAssignment points;
  std::string password_hash;
};

struct UserFilter {
  std::optional<Role> role;
  std::optional<PointId> point;
  bool include_inactive = false;
};

class UserService {
 public:
  UserService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Creates a point. kInvalidArgument (field name/code) on empty name or malformed code;
  // kConflict reason "duplicate_code" when the code is taken. No actor: used at setup.
  Result<Point> CreatePoint(const std::string& name, const std::string& address,
                            const std::string& code);
  Result<Point> GetPoint(PointId id);  // kNotFound
  // Admin only (kForbidden): a new name and address; the code stays, it is printed on labels
  // and agreements already. kInvalidArgument (field name) on an empty name; kNotFound.
  Result<Point> UpdatePoint(const Actor& actor, PointId id, const std::string& name,
                            const std::string& address);
  // The points the actor sees; an admin sees every point (he gives them to the accounts).
  Result<std::vector<Point>> ListPoints(const Actor& actor);

  // Creates a user. `actor` may be std::nullopt only while no admin exists (bootstrap);
  // otherwise the actor must be an admin (kForbidden). kInvalidArgument (login/display_name/
  // point_id, or points for staff and drivers given more than one point), kNotFound for a point
  // that does not exist, kConflict reason "duplicate_login".
  Result<User> CreateUser(const std::optional<Actor>& actor, const NewUser& user);
  Result<User> GetUser(UserId id);                         // kNotFound
  Result<User> FindUserByLogin(const std::string& login);  // NormalizeLogin first; kNotFound
  Result<Page<User>> ListUsers(const UserFilter& filter, const PageRequest& page);
  // Admin only (kForbidden). Stores the hash web/ computed and ends every sign-in session of
  // the user, in one transaction (an old password's session must not outlive it); kNotFound.
  Result<void> SetPasswordHash(const Actor& actor, UserId id, const std::string& password_hash);
  // Any active user, for his own account: the new hash is stored only when
  // `current_matches(stored hash)` is true (web/ checks the current password typed against it;
  // it is called outside any transaction), and every sign-in session of his ends, this one too.
  // kRuleViolation "wrong_current_password" (field current_password) when it is false; kConflict
  // "password_changed" when the stored hash changed meanwhile. Nothing is stored on error.
  Result<void> ChangeOwnPassword(const Actor& actor,
                                 const std::function<bool(const std::string&)>& current_matches,
                                 const std::string& new_hash);
  // Admin only; a deactivated user cannot act (CheckActor answers kForbidden "user_inactive")
  // and his sign-in sessions end in the same transaction. kRuleViolation
  // "cannot_deactivate_self" (field active) when the admin names himself: the installation could
  // be left without one. Returns the user as stored after the change; kNotFound.
  Result<User> SetActive(const Actor& actor, UserId id, bool active);
  // Admin only: the points the user is given from now on (checked as in CreateUser; at least
  // one point or every point, kInvalidArgument field points). His
  // sessions end: what a signed-in page shows was chosen under the old points.
  Result<User> SetPoints(const Actor& actor, UserId id, const PointAssignment& points);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace prokat::inventory
