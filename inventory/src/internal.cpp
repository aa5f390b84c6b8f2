#include "internal.hpp"

#include <algorithm>

namespace prokat::inventory::internal {

Error FromSqlite(const db::SqliteError& e) {
  if (e.IsConstraintViolation()) {
    if (std::string_view(e.what()).find("agreement_item") != std::string_view::npos ||
        std::string_view(e.what()).find("custody_item") != std::string_view::npos) {
      return Error::Conflict("item_not_available", "the item was taken by another operation");
    }
    return Error::Conflict("constraint_violation", e.what());
  }
  if (e.IsBusy()) return Error::Conflict("database_busy", "the database is busy, try again");
  return Error::Storage(e.what(), std::string(e.StorageReason()));
}

int EndSessionsOf(db::Connection& c, UserId user) {
  c.Prepare("DELETE FROM web_session WHERE user_id = ?").BindAll(user.value).Run();
  return c.Changes();
}

namespace {

[[noreturn]] void ThrowStored(std::string_view column, std::string_view kind,
                              std::optional<std::string_view> text) {
  // Enough of the text to recognise it; a damaged row may hold anything.
  constexpr std::size_t kShown = 64;
  std::string shown = "NULL";
  if (text)
    shown = "'" + std::string(text->substr(0, kShown)) + (text->size() > kShown ? "...'" : "'");
  throw StoredValueError("stored " + std::string(column) + " is " + shown + ", not a " +
                         std::string(kind));
}

template <typename T, typename ParseFn>
std::optional<T> Stored(const db::Statement& s, int index, std::string_view column,
                        std::string_view kind, bool nullable, ParseFn parse) {
  if (s.IsNull(index)) {
    if (!nullable) ThrowStored(column, kind, std::nullopt);
    return std::nullopt;
  }
  const std::string_view text = s.ColumnTextView(index);
  std::optional<T> value = parse(text);
  if (!value) ThrowStored(column, kind, text);
  return value;
}

constexpr std::string_view kDateKind = "date (YYYY-MM-DD)";
constexpr std::string_view kTimestampKind = "timestamp (YYYY-MM-DDTHH:MM:SSZ)";

}  // namespace

Date StoredDate(const db::Statement& s, int index, std::string_view column) {
  return *Stored<Date>(s, index, column, kDateKind, false, ParseDate);
}

std::optional<Date> StoredOptionalDate(const db::Statement& s, int index, std::string_view column) {
  return Stored<Date>(s, index, column, kDateKind, true, ParseDate);
}

Timestamp StoredTimestamp(const db::Statement& s, int index, std::string_view column) {
  return *Stored<Timestamp>(s, index, column, kTimestampKind, false, ParseTimestamp);
}

std::optional<Timestamp> StoredOptionalTimestamp(const db::Statement& s, int index,
                                                 std::string_view column) {
  return Stored<Timestamp>(s, index, column, kTimestampKind, true, ParseTimestamp);
}

Timestamp NowTimestamp(const Clock& clock) {
  return std::chrono::floor<std::chrono::seconds>(clock.Now());
}

std::string Now(const Clock& clock) { return FormatTimestamp(NowTimestamp(clock)); }

Result<void> CheckActor(db::Connection& c, const Actor& actor) {
  auto s = c.Prepare("SELECT active, role FROM user WHERE id = ?");
  s.BindAll(actor.user.value);
  if (!s.Step()) return Error::NotFound("acting user does not exist", "actor");
  if (!s.Get<bool>(0)) {
    return Error::Forbidden("user_inactive", "acting user is deactivated", "actor");
  }
  if (s.Get<std::string>(1) != ToString(actor.role)) {
    return Error::Forbidden("role_mismatch", "the actor's role is not the user's role", "actor");
  }
  return {};
}

Result<void> CheckDesk(db::Connection& c, const Actor& actor) {
  if (auto r = CheckActor(c, actor); !r) return r;
  if (actor.role == Role::kDriver) {
    return Error::Forbidden("role_not_allowed", "drivers work with their trips only", "actor");
  }
  return {};
}

Result<void> CheckDocumentsAdmin(db::Connection& c, const Actor& actor) {
  if (auto r = internal::CheckActor(c, actor); !r) return r;
  if (actor.role != Role::kAdmin)
    return Error::Forbidden("role_not_allowed", "only an admin can change the document texts");
  return {};
}

PointScope StoredScope(db::Connection& c, UserId user) {
  PointScope scope;
  auto s = c.Prepare(
      "SELECT all_points, point_id FROM user WHERE id = ?1 UNION ALL "
      "SELECT 0, point_id FROM user_point WHERE user_id = ?1");
  s.BindAll(user.value);
  while (s.Step()) {
    if (s.Get<bool>(0)) scope.all = true;
    if (auto p = s.Get<std::optional<std::int64_t>>(1)) scope.points.emplace_back(*p);
  }
  std::sort(scope.points.begin(), scope.points.end());
  scope.points.erase(std::unique(scope.points.begin(), scope.points.end()), scope.points.end());
  return scope;
}

Result<PointScope> ScopeOf(db::Connection& c, const Actor& actor) {
  if (auto r = CheckActor(c, actor); !r) return r.error();
  return StoredScope(c, actor.user);
}

Result<PointScope> DeskScopeOf(db::Connection& c, const Actor& actor) {
  if (auto r = CheckDesk(c, actor); !r) return r.error();
  return StoredScope(c, actor.user);
}

Result<std::optional<std::string>> PointsParam(const PointScope& scope,
                                               std::optional<PointId> chosen,
                                               std::string_view field) {
  if (chosen) {
    if (!scope.Contains(*chosen)) {
      return Error::Forbidden("point_not_allowed", "this account is not given that rental point",
                              std::string(field));
    }
    return std::optional<std::string>("[" + std::to_string(chosen->value) + "]");
  }
  if (scope.all) return std::optional<std::string>();
  std::string json = "[";
  for (auto p : scope.points) {
    if (json.size() > 1) json += ',';
    json += std::to_string(p.value);
  }
  return std::optional<std::string>(json + "]");
}

Result<std::optional<std::string>> DeskPoints(db::Connection& c, const Actor& actor,
                                              std::optional<PointId> chosen) {
  auto scope = DeskScopeOf(c, actor);
  if (!scope) return scope.error();
  return PointsParam(*scope, chosen);
}

namespace {

struct OwnedQuery {
  const char* sql;
  const char* what;
  const char* field;
};

OwnedQuery QueryOf(Owned kind) {
  switch (kind) {
    case Owned::kFamily:
      return {"SELECT point_id FROM family WHERE id = ?", "no such family", "family"};
    case Owned::kItem:
      return {"SELECT point_id FROM item WHERE id = ?", "no such item", "item"};
    case Owned::kKit:
      return {"SELECT point_id FROM kit WHERE id = ?", "no such kit", "kit"};
    case Owned::kAgreement:
      return {"SELECT point_id FROM agreement WHERE id = ?", "no such agreement", "agreement"};
    case Owned::kApplication:
      return {"SELECT point_id FROM application WHERE id = ?", "no such application",
              "application"};
    case Owned::kDelivery:
      return {
          "SELECT a.point_id FROM delivery d JOIN agreement a ON a.id = d.agreement_id "
          "WHERE d.id = ?",
          "no such delivery", "delivery"};
    case Owned::kCustody:
      return {"SELECT point_id FROM custody WHERE id = ?", "no such custody", "custody"};
    case Owned::kPhoto:
      // A photo of an agreement stays with the agreement's point; a photo of an item alone
      // follows the item.
      return {
          "SELECT COALESCE((SELECT point_id FROM agreement WHERE id = p.agreement_id), "
          "(SELECT point_id FROM item WHERE id = p.item_id)) FROM photo p WHERE p.id = ?",
          "no such photo", "photo"};
  }
  return {"", "", ""};
}

}  // namespace

Result<PointId> PointOf(db::Connection& c, const PointScope& scope, Owned kind, std::int64_t id) {
  const OwnedQuery q = QueryOf(kind);
  auto s = c.Prepare(q.sql);
  std::optional<std::int64_t> point;
  if (s.BindAll(id).Step()) point = s.Get<std::optional<std::int64_t>>(0);
  if (!point || !scope.Contains(PointId(*point))) return Error::NotFound(q.what, q.field);
  return PointId(*point);
}

Result<PointId> VisiblePointOf(db::Connection& c, const Actor& actor, Owned kind, std::int64_t id) {
  auto scope = ScopeOf(c, actor);
  if (!scope) return scope.error();
  return PointOf(c, *scope, kind, id);
}

Result<PointId> DeskPointOf(db::Connection& c, const Actor& actor, Owned kind, std::int64_t id) {
  auto scope = DeskScopeOf(c, actor);
  if (!scope) return scope.error();
  return PointOf(c, *scope, kind, id);
}

Result<void> CheckPointAllowed(db::Connection& c, const PointScope& scope, PointId point,
                               std::string_view field) {
  if (!c.Prepare("SELECT 1 FROM point WHERE id = ?").BindAll(point.value).Step())
    return Error::NotFound("no such point", std::string(field));
  if (!scope.Contains(point)) {
    return Error::Forbidden("point_not_allowed", "this account is not given that rental point",
                            std::string(field));
  }
  return {};
}

namespace {

void AuditAt(db::Connection& c, const std::string& at, const Actor& actor, std::string_view action,
             std::string_view subject, std::string_view detail) {
  c.Prepare("INSERT INTO audit(at, user_id, role, action, subject, detail) VALUES(?,?,?,?,?,?)")
      .BindAll(at, actor.user.valid() ? std::optional(actor.user.value) : std::nullopt,
               ToString(actor.role), action, subject, detail)
      .Run();
}

}  // namespace

void Audit(db::Connection& c, const Clock& clock, const Actor& actor, std::string_view action,
           std::string_view subject, std::string_view detail) {
  AuditAt(c, Now(clock), actor, action, subject, detail);
}

Result<void> AuditRead(db::Database& db, const Clock& clock, const Actor& actor,
                       std::string_view action, std::string_view subject, std::string_view detail) {
  const std::string at = Now(clock);
  try {
    db.WriteGrouped([&](db::Connection& c) { AuditAt(c, at, actor, action, subject, detail); });
  } catch (const db::SqliteError& e) {
    return FromSqlite(e);
  }
  return {};
}

std::optional<ItemStatus> ItemStatusOf(db::Connection& c, ItemId item) {
  auto s = c.Prepare("SELECT status FROM item WHERE id = ?");
  s.BindAll(item.value);
  if (!s.Step()) return std::nullopt;
  return Parse<ItemStatus>(s.Get<std::string>(0));
}

void MoveItem(db::Connection& c, const Clock& clock, const Actor& actor, ItemId item,
              ItemStatus from, ItemStatus to, std::optional<AgreementId> agreement,
              std::string_view note) {
  c.Prepare("UPDATE item SET status = ? WHERE id = ?").BindAll(ToString(to), item.value).Run();
  std::optional<std::int64_t> agreement_id;
  if (agreement && agreement->valid()) agreement_id = agreement->value;
  std::optional<std::int64_t> user;
  if (actor.user.valid()) user = actor.user.value;
  c.Prepare(
       "INSERT INTO movement(at, item_id, from_status, to_status, agreement_id, user_id, note) "
       "VALUES(?,?,?,?,?,?,?)")
      .BindAll(Now(clock), item.value, ToString(from), ToString(to), agreement_id, user, note)
      .Run();
}

std::optional<ApplicationId> OfferToWaitingList(db::Connection& c, const Clock& clock,
                                                const InventorySettings& settings,
                                                const Actor& actor, ItemId item) {
  auto q = c.Prepare(
      "SELECT a.id FROM application a JOIN item i ON i.type_id = a.type_id AND "
      "i.point_id = a.point_id WHERE i.id = ? AND a.status = 'waiting' "
      "AND NOT EXISTS (SELECT 1 FROM kit_item k WHERE k.item_id = i.id) "
      "AND NOT EXISTS (SELECT 1 FROM item_defect d WHERE d.item_id = i.id AND "
      "d.restored_at IS NULL AND d.accepted_at IS NULL) "
      "ORDER BY a.applied_at, a.id LIMIT 1");
  q.BindAll(item.value);
  if (!q.Step()) return std::nullopt;
  ApplicationId app(q.Get<std::int64_t>(0));
  q.Reset();
  Date until = LocalToday(clock, settings) + std::chrono::days(settings.reservation_lapse_days);
  c.Prepare(
       "UPDATE application SET status = 'reserved', reserved_item_id = ?, reserved_until = ? "
       "WHERE id = ?")
      .BindAll(item.value, FormatDate(until), app.value)
      .Run();
  MoveItem(c, clock, actor, item, ItemStatus::kAvailable, ItemStatus::kReserved, std::nullopt,
           "reserved for application " + std::to_string(app.value));
  Audit(c, clock, actor, "application.reserve", "application/" + std::to_string(app.value),
        "item/" + std::to_string(item.value));
  return app;
}

int ClampLimit(int limit) { return std::clamp(limit, 1, 1000); }

std::optional<std::int64_t> CursorId(std::string_view cursor) {
  if (cursor.empty()) return 0;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), v);
  if (ec != std::errc() || p != cursor.data() + cursor.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace prokat::inventory::internal
