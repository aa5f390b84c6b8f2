#include <algorithm>
#include <set>

#include "internal.hpp"
#include "prokat/inventory/custody.hpp"

namespace prokat::inventory {
namespace {

std::string Subject(CustodyId id) { return "custody/" + std::to_string(id.value); }

std::optional<Custody> LoadCustody(db::Connection& c, CustodyId id, Date today) {
  auto s = c.Prepare(
      "SELECT staff_id, purpose, start_date, due_date, closed_at FROM custody "
      "WHERE id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Custody k;
  k.id = id;
  k.staff = UserId(s.Get<std::int64_t>(0));
  k.purpose = s.Get<std::string>(1);
  k.start_date = internal::StoredDate(s, 2, "custody.start_date");
  k.due_date = internal::StoredDate(s, 3, "custody.due_date");
  k.closed_at = internal::StoredOptionalTimestamp(s, 4, "custody.closed_at");
  s.Reset();
  auto items = c.Prepare(
      "SELECT item_id FROM custody_item WHERE custody_id = ? AND open = 1 ORDER BY item_id");
  items.BindAll(id.value);
  while (items.Step()) k.open_items.emplace_back(items.Get<std::int64_t>(0));
  if (!k.closed_at && today > k.due_date) k.days_overdue = (today - k.due_date).count();
  return k;
}

}  // namespace

Result<Custody> CustodyService::SignOut(const Actor& actor, UserId staff,
                                        const std::vector<ItemId>& items,
                                        const std::string& purpose, std::optional<Date> due_date) {
  if (purpose.empty()) return Error::InvalidArgument("the purpose is empty", "purpose");
  if (items.empty()) return Error::InvalidArgument("no items", "items");
  const InventorySettings settings = settings_.Get();
  Date today = LocalToday(clock_, settings);
  Date due = due_date.value_or(today + std::chrono::days(settings.custody_default_days));
  if (due <= today) return Error::InvalidArgument("the due date must be after today", "due_date");
  return internal::WriteTx<Custody>(db_, [&](db::Connection& c) -> Result<Custody> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    auto u = c.Prepare("SELECT active FROM user WHERE id = ?");
    if (!u.BindAll(staff.value).Step() || !u.Get<bool>(0))
      return Error::NotFound("no such active staff member", "staff");
    u.Reset();
    std::set<ItemId> seen;
    std::optional<PointId> point;
    for (auto item : items) {
      if (!seen.insert(item).second) return Error::InvalidArgument("item listed twice", "items");
      auto at = internal::PointOf(c, *scope, internal::Owned::kItem, item.value);
      if (!at) return Error::NotFound("no such item", "items");
      if (point && *point != *at)
        return Error::RuleViolation("item_at_other_point",
                                    "the items of one custody are of one rental point", "items");
      point = *at;
      auto status = internal::ItemStatusOf(c, item);
      if (*status != ItemStatus::kAvailable)
        return Error::Conflict(
            "item_not_available",
            "item " + std::to_string(item.value) + " is " + std::string(ToString(*status)),
            "items");
    }
    c.Prepare(
         "INSERT INTO custody(staff_id, purpose, start_date, due_date, created_by, point_id) "
         "VALUES(?,?,?,?,?,?)")
        .BindAll(staff.value, purpose, FormatDate(today), FormatDate(due), actor.user.value,
                 point->value)
        .Run();
    CustodyId id(c.LastInsertRowId());
    auto ins = c.Prepare("INSERT INTO custody_item(custody_id, item_id, open) VALUES(?,?,1)");
    for (auto item : items) {
      ins.BindAll(id.value, item.value).Run();
      internal::MoveItem(c, clock_, actor, item, ItemStatus::kAvailable, ItemStatus::kInCustody,
                         std::nullopt, "custody " + std::to_string(id.value) + ": " + purpose);
    }
    internal::Audit(c, clock_, actor, "custody.sign_out", Subject(id), purpose);
    return *LoadCustody(c, id, today);
  });
}

Result<Custody> CustodyService::Return(const Actor& actor, CustodyId id,
                                       const std::vector<ItemId>& items) {
  if (items.empty()) return Error::InvalidArgument("no items", "items");
  return internal::WriteTx<Custody>(db_, [&](db::Connection& c) -> Result<Custody> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kCustody, id.value); !p)
      return p.error();
    Date today = LocalToday(clock_, settings_.Get());
    auto k = LoadCustody(c, id, today);
    for (auto item : items) {
      if (std::find(k->open_items.begin(), k->open_items.end(), item) == k->open_items.end())
        return Error::RuleViolation(
            "item_not_in_custody",
            "item " + std::to_string(item.value) + " is not out on this custody", "items");
    }
    auto close = c.Prepare("UPDATE custody_item SET open = 0 WHERE custody_id = ? AND item_id = ?");
    for (auto item : items) {
      close.BindAll(id.value, item.value).Run();
      internal::MoveItem(c, clock_, actor, item, ItemStatus::kInCustody, ItemStatus::kInspection,
                         std::nullopt, "back from custody " + std::to_string(id.value));
    }
    if (items.size() == k->open_items.size())
      c.Prepare("UPDATE custody SET closed_at = ? WHERE id = ?")
          .BindAll(internal::Now(clock_), id.value)
          .Run();
    internal::Audit(c, clock_, actor, "custody.return", Subject(id));
    return *LoadCustody(c, id, today);
  });
}

Result<Custody> CustodyService::Get(const Actor& actor, CustodyId id) {
  return internal::ReadTx<Custody>(db_, [&](db::Connection& c) -> Result<Custody> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kCustody, id.value); !p)
      return p.error();
    return *LoadCustody(c, id, LocalToday(clock_, settings_.Get()));
  });
}

Result<std::vector<Custody>> CustodyService::ListOpen(const Actor& actor) {
  return internal::ReadTx<std::vector<Custody>>(
      db_, [&](db::Connection& c) -> Result<std::vector<Custody>> {
        auto points = internal::DeskPoints(c, actor, std::nullopt);
        if (!points) return points.error();
        auto s = c.Prepare(
            "SELECT id FROM custody WHERE closed_at IS NULL AND "
            "(?1 IS NULL OR point_id IN (SELECT value FROM json_each(?1))) ORDER BY due_date, id");
        s.BindAll(*points);
        std::vector<CustodyId> ids;
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        std::vector<Custody> out;
        Date today = LocalToday(clock_, settings_.Get());
        for (auto id : ids) out.push_back(*LoadCustody(c, id, today));
        return out;
      });
}

}  // namespace prokat::inventory
