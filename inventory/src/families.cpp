#include "prokat/inventory/families.hpp"

#include <algorithm>

#include "internal.hpp"

namespace prokat::inventory {
namespace {

bool ValidPhone(const std::string& phone) {
  int digits = 0;
  for (char ch : phone) {
    if (ch >= '0' && ch <= '9') {
      ++digits;
    } else if (ch != '+' && ch != '(' && ch != ')' && ch != '-' && ch != ' ') {
      return false;
    }
  }
  return digits >= 5 && digits <= 20;
}

Result<void> ValidateChild(const NewChild& ch, Date today) {
  if (ch.name.empty()) return Error::InvalidArgument("child name is empty", "children.name");
  if (ch.birth_date > today)
    return Error::InvalidArgument("birth date is in the future", "children.birth_date");
  if (ch.birth_date < today - std::chrono::days(366 * 100))
    return Error::InvalidArgument("birth date is implausible", "children.birth_date");
  return {};
}

ChildId InsertChild(db::Connection& c, FamilyId family, const NewChild& ch) {
  c.Prepare("INSERT INTO child(family_id, name, birth_date, category) VALUES(?,?,?,?)")
      .BindAll(family.value, ch.name, FormatDate(ch.birth_date), ToString(ch.category))
      .Run();
  return ChildId(c.LastInsertRowId());
}

void WriteGroups(db::Connection& c, FamilyId id, const std::vector<TargetGroup>& groups) {
  c.Prepare("DELETE FROM family_target_group WHERE family_id = ?").BindAll(id.value).Run();
  auto ins =
      c.Prepare("INSERT OR IGNORE INTO family_target_group(family_id, target_group) VALUES(?,?)");
  for (auto g : groups) ins.BindAll(id.value, ToString(g)).Run();
}

std::optional<Family> LoadFamily(db::Connection& c, FamilyId id) {
  auto s = c.Prepare(
      "SELECT id, point_id, representative, phone, address, district, consent_on, notes "
      "FROM family WHERE id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Family f;
  f.id = FamilyId(s.Get<std::int64_t>(0));
  f.point = PointId(s.Get<std::int64_t>(1));
  f.representative = s.Get<std::string>(2);
  f.phone = s.Get<std::string>(3);
  f.address = s.Get<std::string>(4);
  f.district = s.Get<std::string>(5);
  f.consent_on = internal::StoredDate(s, 6, "family.consent_on");
  f.notes = s.Get<std::string>(7);
  auto g = c.Prepare("SELECT target_group FROM family_target_group WHERE family_id = ?");
  g.BindAll(id.value);
  while (g.Step()) {
    if (auto tg = Parse<TargetGroup>(g.Get<std::string>(0))) f.target_groups.push_back(*tg);
  }
  std::sort(f.target_groups.begin(), f.target_groups.end());
  auto ch =
      c.Prepare("SELECT id, name, birth_date, category FROM child WHERE family_id = ? ORDER BY id");
  ch.BindAll(id.value);
  while (ch.Step()) {
    f.children.push_back(
        {ChildId(ch.Get<std::int64_t>(0)), id, ch.Get<std::string>(1),
         internal::StoredDate(ch, 2, "child.birth_date"),
         Parse<ChildCategory>(ch.Get<std::string>(3)).value_or(ChildCategory::kNone)});
  }
  return f;
}

std::string Subject(FamilyId id) { return "family/" + std::to_string(id.value); }

}  // namespace

Result<Family> FamilyService::CreateFamily(const Actor& actor, const NewFamily& in) {
  if (in.representative.empty())
    return Error::InvalidArgument("the legal representative's name is empty", "representative");
  if (!ValidPhone(in.phone)) return Error::InvalidArgument("phone number is malformed", "phone");
  if (in.address.empty()) return Error::InvalidArgument("address is empty", "address");
  Date today = LocalToday(clock_, settings_.Get());
  if (!in.consent_on)
    return Error::InvalidArgument("consent to personal-data processing is required", "consent_on");
  if (*in.consent_on > today)
    return Error::InvalidArgument("consent date is in the future", "consent_on");
  for (const auto& ch : in.children) {
    if (auto r = ValidateChild(ch, today); !r) return r.error();
  }
  return internal::WriteTx<Family>(db_, [&](db::Connection& c) -> Result<Family> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    if (auto r = internal::CheckPointAllowed(c, *scope, in.point); !r) return r.error();
    c.Prepare(
         "INSERT INTO family(point_id, representative, phone, address, district, consent_on, "
         "notes, created_at) VALUES(?,?,?,?,?,?,?,?)")
        .BindAll(in.point.value, in.representative, in.phone, in.address, in.district,
                 FormatDate(*in.consent_on), in.notes, internal::Now(clock_))
        .Run();
    FamilyId id(c.LastInsertRowId());
    WriteGroups(c, id, in.target_groups);
    for (const auto& ch : in.children) InsertChild(c, id, ch);
    internal::Audit(c, clock_, actor, "family.create", Subject(id));
    return *LoadFamily(c, id);
  });
}

Result<Family> FamilyService::UpdateFamily(const Actor& actor, FamilyId id, const FamilyUpdate& u) {
  if (u.representative && u.representative->empty())
    return Error::InvalidArgument("the legal representative's name is empty", "representative");
  if (u.phone && !ValidPhone(*u.phone))
    return Error::InvalidArgument("phone number is malformed", "phone");
  if (u.address && u.address->empty()) return Error::InvalidArgument("address is empty", "address");
  return internal::WriteTx<Family>(db_, [&](db::Connection& c) -> Result<Family> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    if (auto p = internal::PointOf(c, *scope, internal::Owned::kFamily, id.value); !p)
      return p.error();
    auto cur = LoadFamily(c, id);
    c.Prepare(
         "UPDATE family SET representative = ?, phone = ?, address = ?, district = ?, notes = ? "
         "WHERE id = ?")
        .BindAll(u.representative.value_or(cur->representative), u.phone.value_or(cur->phone),
                 u.address.value_or(cur->address), u.district.value_or(cur->district),
                 u.notes.value_or(cur->notes), id.value)
        .Run();
    if (u.target_groups) WriteGroups(c, id, *u.target_groups);
    internal::Audit(c, clock_, actor, "family.update", Subject(id));
    return *LoadFamily(c, id);
  });
}

Result<Child> FamilyService::AddChild(const Actor& actor, FamilyId family, const NewChild& ch) {
  if (auto r = ValidateChild(ch, LocalToday(clock_, settings_.Get())); !r) return r.error();
  return internal::WriteTx<Child>(db_, [&](db::Connection& c) -> Result<Child> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    if (auto p = internal::PointOf(c, *scope, internal::Owned::kFamily, family.value); !p)
      return p.error();
    ChildId id = InsertChild(c, family, ch);
    internal::Audit(c, clock_, actor, "family.add_child", Subject(family));
    return Child{id, family, ch.name, ch.birth_date, ch.category};
  });
}

Result<Family> FamilyService::GetFamily(const Actor& actor, FamilyId id) {
  // A write transaction: looking at personal data is itself logged.
  return internal::WriteTx<Family>(db_, [&](db::Connection& c) -> Result<Family> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    if (auto p = internal::PointOf(c, *scope, internal::Owned::kFamily, id.value); !p)
      return p.error();
    auto f = LoadFamily(c, id);
    internal::Audit(c, clock_, actor, "family.view", Subject(id));
    return *f;
  });
}

Result<Page<Family>> FamilyService::ListFamilies(const Actor& actor, const FamilyFilter& filter,
                                                 const PageRequest& page) {
  auto after = internal::CursorId(page.after);
  if (!after) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  return internal::WriteTx<Page<Family>>(db_, [&](db::Connection& c) -> Result<Page<Family>> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    auto points = internal::PointsParam(*scope, filter.point);
    if (!points) return points.error();
    auto s = c.Prepare(
        "SELECT f.id FROM family f WHERE f.id > ?1 "
        "AND (?2 IS NULL OR f.point_id IN (SELECT value FROM json_each(?2))) "
        "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM family_target_group g WHERE "
        "g.family_id = f.id AND g.target_group = ?3)) "
        "AND (?4 = '' OR instr(f.representative, ?4) > 0 OR instr(f.phone, ?4) > 0) "
        "ORDER BY f.id LIMIT ?5");
    std::optional<std::string_view> group;
    if (filter.target_group) group = ToString(*filter.target_group);
    s.BindAll(*after, *points, group, filter.text, limit + 1);
    std::vector<FamilyId> ids;
    while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
    s.Reset();
    Page<Family> out;
    for (std::size_t i = 0; i < ids.size() && static_cast<int>(i) < limit; ++i)
      out.items.push_back(*LoadFamily(c, ids[i]));
    if (static_cast<int>(ids.size()) > limit)
      out.next_cursor = std::to_string(out.items.back().id.value);
    internal::Audit(c, clock_, actor, "family.list", "family/*",
                    std::to_string(out.items.size()) + " shown");
    return out;
  });
}

}  // namespace prokat::inventory
