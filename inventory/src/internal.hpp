// Private helpers shared by the inventory services: transactions with SQLite errors converted
// to prokat::Error, typed readers of stored dates and timestamps, the audit log, item status
// changes with their movement-journal rows, and the waiting-list hand-off when an item becomes
// available.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/db/database.hpp"
#include "prokat/db/error.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::inventory::internal {

Error FromSqlite(const db::SqliteError& e);

// A stored value that does not read back as its type: the file was edited outside prokat or
// is damaged. Thrown by the Stored* readers below; ReadTx and WriteTx turn it into kStorage,
// so that a service fails rather than show a corrupt date as some default (1970-01-01).
class StoredValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// db.Write(f) with SqliteError and StoredValueError converted to Error (the transaction is
// rolled back).
template <typename T, typename F>
Result<T> WriteTx(db::Database& db, F&& f) {
  try {
    return db.Write([&](db::Connection& c) -> Result<T> { return f(c); });
  } catch (const db::SqliteError& e) {
    return FromSqlite(e);
  } catch (const StoredValueError& e) {
    return Error::Storage(e.what());
  }
}
template <typename T, typename F>
Result<T> ReadTx(db::Database& db, F&& f) {
  try {
    return db.Read([&](db::Connection& c) -> Result<T> { return f(c); });
  } catch (const db::SqliteError& e) {
    return FromSqlite(e);
  } catch (const StoredValueError& e) {
    return Error::Storage(e.what());
  }
}

// The one way a row's date or timestamp becomes a Date or Timestamp of the domain's structs:
// column `index` of the current row of `s`, a date "YYYY-MM-DD" or a timestamp
// "YYYY-MM-DDTHH:MM:SSZ". Throw StoredValueError naming `column` (where the value is stored,
// "agreement.due_date") and the text when it is not one, or is NULL where NULL is not
// allowed; the Optional forms read NULL as std::nullopt.
Date StoredDate(const db::Statement& s, int index, std::string_view column);
std::optional<Date> StoredOptionalDate(const db::Statement& s, int index, std::string_view column);
Timestamp StoredTimestamp(const db::Statement& s, int index, std::string_view column);
std::optional<Timestamp> StoredOptionalTimestamp(const db::Statement& s, int index,
                                                 std::string_view column);

// The clock's time to the second, as stored: FormatTimestamp(NowTimestamp(clock)).
Timestamp NowTimestamp(const Clock& clock);
std::string Now(const Clock& clock);

// kNotFound / kForbidden when the actor's user does not exist or is inactive.
// kForbidden "role_mismatch" when actor.role is not the role stored for the user.
Result<void> CheckActor(db::Connection& c, const Actor& actor);
// CheckActor, and kForbidden "role_not_allowed" for drivers: desk work (the catalogue,
// families, agreements, applications, reports) is for staff, supervisors and admins.
Result<void> CheckDesk(db::Connection& c, const Actor& actor);
// CheckActor, and kForbidden "role_not_allowed" unless admin: the texts and the details
// printed on the documents are the admin's.
Result<void> CheckDocumentsAdmin(db::Connection& c, const Actor& actor);

// The points the actor's account is given, as stored (see PointScope). CheckActor first.
Result<PointScope> ScopeOf(db::Connection& c, const Actor& actor);
// ScopeOf for desk work: CheckDesk first.
Result<PointScope> DeskScopeOf(db::Connection& c, const Actor& actor);
PointScope StoredScope(db::Connection& c, UserId user);

// The points a list shows, as the bind value of the condition
//   (?N IS NULL OR x.point_id IN (SELECT value FROM json_each(?N)))
// NULL for every point, else a JSON array of ids: the point chosen, or every point of the scope.
// kForbidden "point_not_allowed" (field `field`) when `chosen` is outside the scope.
Result<std::optional<std::string>> PointsParam(const PointScope& scope,
                                               std::optional<PointId> chosen,
                                               std::string_view field = "point");

// DeskScopeOf and PointsParam in one: the points a desk list or report shows.
Result<std::optional<std::string>> DeskPoints(db::Connection& c, const Actor& actor,
                                              std::optional<PointId> chosen);

// Records that belong to a point, directly or through their agreement or item.
enum class Owned { kFamily, kItem, kKit, kAgreement, kApplication, kDelivery, kCustody, kPhoto };
// The point of the record: kNotFound ("no such family", field "family") when it does not exist
// or belongs to a point outside the scope, so that another point's records are not shown even
// to exist.
Result<PointId> PointOf(db::Connection& c, const PointScope& scope, Owned kind, std::int64_t id);
// ScopeOf (DeskScopeOf) and PointOf in one: the record's point, when the actor may see it.
Result<PointId> VisiblePointOf(db::Connection& c, const Actor& actor, Owned kind, std::int64_t id);
Result<PointId> DeskPointOf(db::Connection& c, const Actor& actor, Owned kind, std::int64_t id);
// kForbidden "point_not_allowed" (field `field`) unless the point exists and is in the scope:
// where something new is made.
Result<void> CheckPointAllowed(db::Connection& c, const PointScope& scope, PointId point,
                               std::string_view field = "point_id");

// Removes every sign-in session of the user (the web_session rows AccountService keeps), for
// UserService's password and activation changes, inside their transaction.
int EndSessionsOf(db::Connection& c, UserId user);

void Audit(db::Connection& c, const Clock& clock, const Actor& actor, std::string_view action,
           std::string_view subject, std::string_view detail = {});

// The "viewed" audit row of a read that shows personal data, written outside the read's
// transaction through the writer's group commit (db::Database::WriteGrouped): returns once the
// row is durable, so a caller that answers only after an ok() has logged every answer it gave.
// The row carries the time of the call. kStorage (or kConflict when busy) when not written.
Result<void> AuditRead(db::Database& db, const Clock& clock, const Actor& actor,
                       std::string_view action, std::string_view subject,
                       std::string_view detail = {});

std::optional<ItemStatus> ItemStatusOf(db::Connection& c, ItemId item);

// Sets the item's status and writes its movement-journal row. REQUIRES: the item exists.
void MoveItem(db::Connection& c, const Clock& clock, const Actor& actor, ItemId item,
              ItemStatus from, ItemStatus to, std::optional<AgreementId> agreement,
              std::string_view note = {});

// Called when an item has just become available: reserves it for the oldest waiting
// application of its type at its point (status reserved, reserved_until = today + lapse days).
// Returns the application it was reserved for, if any.
std::optional<ApplicationId> OfferToWaitingList(db::Connection& c, const Clock& clock,
                                                const InventorySettings& settings,
                                                const Actor& actor, ItemId item);

// Whether the current rules of each item's type have been acknowledged on the agreement.
int ClampLimit(int limit);
std::optional<std::int64_t> CursorId(std::string_view cursor);

template <typename T>
T IdOf(std::optional<std::int64_t> v) {
  return v ? T(*v) : T();
}

}  // namespace prokat::inventory::internal
