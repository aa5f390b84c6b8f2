#include <set>

#include "internal.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/lookup.hpp"

namespace prokat::inventory {
namespace {

std::optional<Kit> LoadKit(db::Connection& c, KitId id) {
  auto s = c.Prepare("SELECT id, name, kind, point_id, notes FROM kit WHERE id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Kit k;
  k.id = id;
  k.name = s.Get<std::string>(1);
  k.kind = Parse<KitKind>(s.Get<std::string>(2)).value_or(KitKind::kKit);
  k.point = PointId(s.Get<std::int64_t>(3));
  k.notes = s.Get<std::string>(4);
  k.label = KitLabel(id);
  s.Reset();
  auto items = c.Prepare("SELECT item_id FROM kit_item WHERE kit_id = ? ORDER BY item_id");
  items.BindAll(id.value);
  while (items.Step()) k.items.emplace_back(items.Get<std::int64_t>(0));
  auto comps = c.Prepare("SELECT name, quantity FROM kit_component WHERE kit_id = ? ORDER BY id");
  comps.BindAll(id.value);
  while (comps.Step()) k.loose_components.push_back({comps.Get<std::string>(0), comps.Get<int>(1)});
  return k;
}

}  // namespace

Result<Kit> CatalogService::CreateKit(const Actor& actor, const NewKit& in) {
  if (in.name.empty()) return Error::InvalidArgument("kit name is empty", "name");
  if (in.items.empty()) return Error::InvalidArgument("a kit needs at least one item", "items");
  for (const auto& comp : in.loose_components)
    if (comp.name.empty() || comp.quantity < 1)
      return Error::InvalidArgument("loose component needs a name and quantity >= 1",
                                    "loose_components");
  return internal::WriteTx<Kit>(db_, [&](db::Connection& c) -> Result<Kit> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    if (auto r = internal::CheckPointAllowed(c, *scope, in.point); !r) return r.error();
    std::set<ItemId> seen;
    for (auto item : in.items) {
      if (!seen.insert(item).second) return Error::InvalidArgument("item listed twice", "items");
      auto s = c.Prepare(
          "SELECT i.point_id, k.kit_id FROM item i LEFT JOIN kit_item k ON k.item_id = i.id "
          "WHERE i.id = ?");
      if (!s.BindAll(item.value).Step()) return Error::NotFound("no such item", "items");
      if (s.Get<std::int64_t>(0) != in.point.value)
        return Error::RuleViolation("item_at_other_point", "the item belongs to another point",
                                    "items");
      if (!s.IsNull(1))
        return Error::Conflict("item_in_other_kit",
                               "item " + std::to_string(item.value) + " is already in a kit",
                               "items");
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
            "SELECT id FROM kit WHERE (?1 IS NULL OR kind = ?1) "
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

}  // namespace prokat::inventory
