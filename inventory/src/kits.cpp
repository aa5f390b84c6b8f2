#include <set>

#include "internal.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/lookup.hpp"

namespace prokat::inventory {
namespace {

std::optional<Kit> LoadKit(db::Connection& c, KitId id) {
  auto s =
      c.Prepare("SELECT id, name, kind, point_id, notes, taken_apart_at FROM kit WHERE id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Kit k;
  k.id = id;
  k.name = s.Get<std::string>(1);
  k.kind = Parse<KitKind>(s.Get<std::string>(2)).value_or(KitKind::kKit);
  k.point = PointId(s.Get<std::int64_t>(3));
  k.notes = s.Get<std::string>(4);
  k.label = KitLabel(id);
  k.taken_apart_at = internal::StoredOptionalTimestamp(s, 5, "kit.taken_apart_at");
  s.Reset();
  auto items = c.Prepare("SELECT item_id FROM kit_item WHERE kit_id = ? ORDER BY item_id");
  items.BindAll(id.value);
  while (items.Step()) k.items.emplace_back(items.Get<std::int64_t>(0));
  auto comps = c.Prepare("SELECT name, quantity FROM kit_component WHERE kit_id = ? ORDER BY id");
  comps.BindAll(id.value);
  while (comps.Step()) k.loose_components.push_back({comps.Get<std::string>(0), comps.Get<int>(1)});
  return k;
}

Result<void> ValidateLoose(const std::vector<Component>& loose) {
  for (const auto& comp : loose)
    if (comp.name.empty() || comp.quantity < 1 || comp.quantity > 10000)
      return Error::InvalidArgument("a loose component needs a name and a quantity of 1..10000",
                                    "loose_components");
  return {};
}

// An item may join a kit when it is at the kit's point, available and in no other kit. `kit`
// is the kit being changed, whose own items are free for it.
Result<void> CheckFree(db::Connection& c, ItemId item, PointId point, std::optional<KitId> kit) {
  auto s = c.Prepare(
      "SELECT i.point_id, i.status, i.inventory_number, k.kit_id FROM item i "
      "LEFT JOIN kit_item k ON k.item_id = i.id WHERE i.id = ?");
  if (!s.BindAll(item.value).Step()) return Error::NotFound("no such item", "items");
  const std::string number = s.Get<std::string>(2);
  if (s.Get<std::int64_t>(0) != point.value)
    return Error::RuleViolation("item_at_other_point",
                                "item " + number + " belongs to another point", "items");
  auto other = s.Get<std::optional<std::int64_t>>(3);
  if (other && (!kit || *other != kit->value))
    return Error::Conflict("item_in_other_kit", "item " + number + " is already in a kit", "items");
  if (other) return {};
  const std::string status = s.Get<std::string>(1);
  if (status != ToString(ItemStatus::kAvailable))
    return Error::RuleViolation(
        "item_not_free", "item " + number + " is " + status + ", not free at the point", "items");
  return {};
}

// A kit changes only while all of it is at the point: none of its items reserved or out.
Result<Kit> KitAtPoint(db::Connection& c, KitId id) {
  auto kit = LoadKit(c, id);
  if (!kit) return Error::NotFound("no such kit", "kit");
  if (kit->taken_apart_at)
    return Error::RuleViolation("kit_taken_apart", "the kit was taken apart", "kit");
  auto out = c.Prepare(
      "SELECT i.inventory_number, i.status FROM kit_item k JOIN item i ON i.id = k.item_id "
      "WHERE k.kit_id = ? AND i.status IN ('reserved', 'out_for_delivery', 'on_loan', "
      "'in_custody') LIMIT 1");
  if (out.BindAll(id.value).Step())
    return Error::RuleViolation(
        "kit_not_at_point",
        "item " + out.Get<std::string>(0) + " of the kit is " + out.Get<std::string>(1), "kit");
  return *kit;
}

}  // namespace

Result<Kit> CatalogService::CreateKit(const Actor& actor, const NewKit& in) {
  if (in.name.empty()) return Error::InvalidArgument("kit name is empty", "name");
  if (in.items.empty()) return Error::InvalidArgument("a kit needs at least one item", "items");
  if (auto r = ValidateLoose(in.loose_components); !r) return r.error();
  return internal::WriteTx<Kit>(db_, [&](db::Connection& c) -> Result<Kit> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    if (auto r = internal::CheckPointAllowed(c, *scope, in.point); !r) return r.error();
    std::set<ItemId> seen;
    for (auto item : in.items) {
      if (!seen.insert(item).second) return Error::InvalidArgument("item listed twice", "items");
      if (auto r = CheckFree(c, item, in.point, std::nullopt); !r) return r.error();
    }
    c.Prepare("INSERT INTO kit(name, kind, point_id, notes, created_at) VALUES(?,?,?,?,?)")
        .BindAll(in.name, ToString(in.kind), in.point.value, in.notes, internal::Now(clock_))
        .Run();
    KitId id(c.LastInsertRowId());
    auto ki = c.Prepare("INSERT INTO kit_item(kit_id, item_id) VALUES(?,?)");
    for (auto item : in.items) ki.BindAll(id.value, item.value).Run();
    auto kc = c.Prepare("INSERT INTO kit_component(kit_id, name, quantity) VALUES(?,?,?)");
    for (const auto& comp : in.loose_components)
      kc.BindAll(id.value, comp.name, comp.quantity).Run();
    internal::Audit(c, clock_, actor, "kit.create", "kit/" + std::to_string(id.value), in.name);
    return *LoadKit(c, id);
  });
}

Result<Kit> CatalogService::GetKit(const Actor& actor, KitId id) {
  return internal::ReadTx<Kit>(db_, [&](db::Connection& c) -> Result<Kit> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kKit, id.value); !p)
      return p.error();
    return *LoadKit(c, id);
  });
}

Result<std::vector<Kit>> CatalogService::ListKits(const Actor& actor, std::optional<KitKind> kind,
                                                  std::optional<PointId> point) {
  return internal::ReadTx<std::vector<Kit>>(
      db_, [&](db::Connection& c) -> Result<std::vector<Kit>> {
        auto scope = internal::ScopeOf(c, actor);
        if (!scope) return scope.error();
        auto points = internal::PointsParam(*scope, point, "point_id");
        if (!points) return points.error();
        auto s = c.Prepare(
            "SELECT id FROM kit WHERE taken_apart_at IS NULL AND (?1 IS NULL OR kind = ?1) "
            "AND (?2 IS NULL OR point_id IN (SELECT value FROM json_each(?2))) ORDER BY id");
        std::optional<std::string_view> k;
        if (kind) k = ToString(*kind);
        s.BindAll(k, *points);
        std::vector<KitId> ids;
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        std::vector<Kit> out;
        for (auto id : ids) out.push_back(*LoadKit(c, id));
        return out;
      });
}

Result<Kit> CatalogService::UpdateKit(const Actor& actor, KitId id, const KitUpdate& u) {
  if (u.name && u.name->empty()) return Error::InvalidArgument("kit name is empty", "name");
  if (u.items && u.items->empty())
    return Error::InvalidArgument("a kit needs at least one item: take it apart instead", "items");
  if (u.loose_components) {
    if (auto r = ValidateLoose(*u.loose_components); !r) return r.error();
  }
  return internal::WriteTx<Kit>(db_, [&](db::Connection& c) -> Result<Kit> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kKit, id.value); !p)
      return p.error();
    auto kit = KitAtPoint(c, id);
    if (!kit) return kit.error();
    std::string what;
    if (u.items) {
      std::set<ItemId> seen;
      for (auto item : *u.items) {
        if (!seen.insert(item).second) return Error::InvalidArgument("item listed twice", "items");
        if (auto r = CheckFree(c, item, kit->point, id); !r) return r.error();
      }
      c.Prepare("DELETE FROM kit_item WHERE kit_id = ?").BindAll(id.value).Run();
      auto ki = c.Prepare("INSERT INTO kit_item(kit_id, item_id) VALUES(?,?)");
      for (auto item : *u.items) ki.BindAll(id.value, item.value).Run();
      what =
          std::to_string(kit->items.size()) + " -> " + std::to_string(u.items->size()) + " items";
    }
    if (u.loose_components) {
      c.Prepare("DELETE FROM kit_component WHERE kit_id = ?").BindAll(id.value).Run();
      auto kc = c.Prepare("INSERT INTO kit_component(kit_id, name, quantity) VALUES(?,?,?)");
      for (const auto& comp : *u.loose_components)
        kc.BindAll(id.value, comp.name, comp.quantity).Run();
    }
    c.Prepare("UPDATE kit SET name = ?, notes = ? WHERE id = ?")
        .BindAll(u.name.value_or(kit->name), u.notes.value_or(kit->notes), id.value)
        .Run();
    internal::Audit(c, clock_, actor, "kit.update", "kit/" + std::to_string(id.value), what);
    return *LoadKit(c, id);
  });
}

Result<Kit> CatalogService::TakeKitApart(const Actor& actor, KitId id) {
  return internal::WriteTx<Kit>(db_, [&](db::Connection& c) -> Result<Kit> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kKit, id.value); !p)
      return p.error();
    auto kit = KitAtPoint(c, id);
    if (!kit) return kit.error();
    c.Prepare("DELETE FROM kit_item WHERE kit_id = ?").BindAll(id.value).Run();
    c.Prepare("DELETE FROM kit_component WHERE kit_id = ?").BindAll(id.value).Run();
    c.Prepare("UPDATE kit SET taken_apart_at = ? WHERE id = ?")
        .BindAll(internal::Now(clock_), id.value)
        .Run();
    internal::Audit(c, clock_, actor, "kit.take_apart", "kit/" + std::to_string(id.value),
                    std::to_string(kit->items.size()) + " items freed");
    return *LoadKit(c, id);
  });
}

}  // namespace prokat::inventory
