#include "prokat/inventory/applications.hpp"

#include "internal.hpp"

namespace prokat::inventory {
namespace {

std::string Subject(ApplicationId id) { return "application/" + std::to_string(id.value); }

std::optional<Application> LoadApplication(db::Connection& c, ApplicationId id) {
  auto s = c.Prepare(
      "SELECT a.id, a.family_id, a.child_id, a.type_id, a.point_id, a.applied_at, a.status, "
      "a.reserved_item_id, a.reserved_until, a.agreement_id, a.note, "
      "CASE WHEN a.status = 'waiting' THEN (SELECT COUNT(*) FROM application b WHERE "
      "b.type_id = a.type_id AND b.point_id = a.point_id AND b.status = 'waiting' AND "
      "(b.applied_at < a.applied_at OR (b.applied_at = a.applied_at AND b.id <= a.id))) "
      "ELSE 0 END FROM application a WHERE a.id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Application a;
  a.id = id;
  a.family = FamilyId(s.Get<std::int64_t>(1));
  if (auto ch = s.Get<std::optional<std::int64_t>>(2)) a.child = ChildId(*ch);
  a.type = ItemTypeId(s.Get<std::int64_t>(3));
  a.point = PointId(s.Get<std::int64_t>(4));
  a.applied_at = internal::StoredTimestamp(s, 5, "application.applied_at");
  a.status = Parse<ApplicationStatus>(s.Get<std::string>(6)).value_or(ApplicationStatus::kWaiting);
  if (auto i = s.Get<std::optional<std::int64_t>>(7)) a.reserved_item = ItemId(*i);
  a.reserved_until = internal::StoredOptionalDate(s, 8, "application.reserved_until");
  if (auto ag = s.Get<std::optional<std::int64_t>>(9)) a.agreement = AgreementId(*ag);
  a.note = s.Get<std::string>(10);
  a.queue_position = s.Get<int>(11);
  return a;
}

// Releases a reserved item: to the next in line, or back to available.
void Release(db::Connection& c, const Clock& clock, const InventorySettings& settings,
             const Actor& actor, ItemId item, const std::string& why) {
  internal::MoveItem(c, clock, actor, item, ItemStatus::kReserved, ItemStatus::kAvailable,
                     std::nullopt, why);
  internal::OfferToWaitingList(c, clock, settings, actor, item);
}

}  // namespace

Result<Application> ApplicationService::Apply(const Actor& actor, const NewApplication& in) {
  return internal::WriteTx<Application>(db_, [&](db::Connection& c) -> Result<Application> {
    auto family_point = internal::DeskPointOf(c, actor, internal::Owned::kFamily, in.family.value);
    if (!family_point) return family_point.error();
    const std::int64_t point = family_point->value;
    if (in.child) {
      auto ch = c.Prepare("SELECT family_id FROM child WHERE id = ?");
      if (!ch.BindAll(in.child->value).Step()) return Error::NotFound("no such child", "child");
      if (ch.Get<std::int64_t>(0) != in.family.value)
        return Error::InvalidArgument("the child is not of this family", "child");
    }
    if (!c.Prepare("SELECT 1 FROM item_type WHERE id = ?").BindAll(in.type.value).Step())
      return Error::NotFound("no such item type", "type");
    if (c.Prepare("SELECT 1 FROM application WHERE family_id = ? AND type_id = ? AND status IN "
                  "('waiting', 'reserved')")
            .BindAll(in.family.value, in.type.value)
            .Step())
      return Error::Conflict("duplicate_application",
                             "the family already has an open application for this type", "type");
    std::optional<std::int64_t> child;
    if (in.child) child = in.child->value;
    c.Prepare(
         "INSERT INTO application(family_id, child_id, type_id, point_id, applied_at, status, "
         "note) VALUES(?,?,?,?,?,'waiting',?)")
        .BindAll(in.family.value, child, in.type.value, point, internal::Now(clock_), in.note)
        .Run();
    ApplicationId id(c.LastInsertRowId());
    internal::Audit(c, clock_, actor, "application.create", Subject(id));
    auto free = c.Prepare(
        "SELECT i.id FROM item i WHERE i.type_id = ? AND i.point_id = ? AND "
        "i.status = 'available' AND NOT EXISTS (SELECT 1 FROM kit_item k WHERE k.item_id = i.id) "
        "ORDER BY i.id LIMIT 1");
    if (free.BindAll(in.type.value, point).Step()) {
      ItemId item(free.Get<std::int64_t>(0));
      free.Reset();
      internal::OfferToWaitingList(c, clock_, settings_.Get(), actor, item);
    }
    return *LoadApplication(c, id);
  });
}

Result<Application> ApplicationService::Cancel(const Actor& actor, ApplicationId id,
                                               const std::string& reason) {
  return internal::WriteTx<Application>(db_, [&](db::Connection& c) -> Result<Application> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kApplication, id.value); !p)
      return p.error();
    auto a = LoadApplication(c, id);
    if (a->status != ApplicationStatus::kWaiting && a->status != ApplicationStatus::kReserved)
      return Error::RuleViolation("application_closed", "the application is no longer open",
                                  "application");
    c.Prepare("UPDATE application SET status = 'cancelled' WHERE id = ?").BindAll(id.value).Run();
    if (a->status == ApplicationStatus::kReserved && a->reserved_item)
      Release(c, clock_, settings_.Get(), actor, *a->reserved_item, "application cancelled");
    internal::Audit(c, clock_, actor, "application.cancel", Subject(id), reason);
    return *LoadApplication(c, id);
  });
}

Result<Application> ApplicationService::Get(const Actor& actor, ApplicationId id) {
  return internal::ReadTx<Application>(db_, [&](db::Connection& c) -> Result<Application> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kApplication, id.value); !p)
      return p.error();
    return *LoadApplication(c, id);
  });
}

Result<std::vector<Application>> ApplicationService::Queue(const Actor& actor, ItemTypeId type,
                                                           PointId point) {
  return internal::ReadTx<std::vector<Application>>(
      db_, [&](db::Connection& c) -> Result<std::vector<Application>> {
        auto scope = internal::DeskScopeOf(c, actor);
        if (!scope) return scope.error();
        if (auto r = internal::CheckPointAllowed(c, *scope, point, "point"); !r) return r.error();
        auto s = c.Prepare(
            "SELECT id FROM application WHERE type_id = ? AND point_id = ? AND status IN "
            "('reserved', 'waiting') ORDER BY status = 'waiting', applied_at, id");
        s.BindAll(type.value, point.value);
        std::vector<ApplicationId> ids;
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        std::vector<Application> out;
        for (auto id : ids) out.push_back(*LoadApplication(c, id));
        return out;
      });
}

Result<std::vector<Application>> ApplicationService::OfFamily(const Actor& actor, FamilyId family) {
  return internal::ReadTx<std::vector<Application>>(
      db_, [&](db::Connection& c) -> Result<std::vector<Application>> {
        if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kFamily, family.value); !p)
          return p.error();
        auto s = c.Prepare(
            "SELECT id FROM application WHERE family_id = ? ORDER BY applied_at DESC, id DESC");
        s.BindAll(family.value);
        std::vector<ApplicationId> ids;
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        std::vector<Application> out;
        for (auto id : ids) out.push_back(*LoadApplication(c, id));
        return out;
      });
}

Result<int> ApplicationService::LapseReservations(const Actor& actor) {
  return internal::WriteTx<int>(db_, [&](db::Connection& c) -> Result<int> {
    if (auto r = internal::CheckDesk(c, actor); !r) return r.error();
    const InventorySettings settings = settings_.Get();
    std::string today = FormatDate(LocalToday(clock_, settings));
    auto s = c.Prepare(
        "SELECT id, reserved_item_id FROM application WHERE status = 'reserved' AND "
        "reserved_until < ? ORDER BY id");
    s.BindAll(today);
    std::vector<std::pair<ApplicationId, ItemId>> lapsed;
    while (s.Step())
      lapsed.emplace_back(ApplicationId(s.Get<std::int64_t>(0)), ItemId(s.Get<std::int64_t>(1)));
    s.Reset();
    for (const auto& [app, item] : lapsed) {
      c.Prepare("UPDATE application SET status = 'lapsed' WHERE id = ?").BindAll(app.value).Run();
      internal::Audit(c, clock_, actor, "application.lapse", Subject(app));
      Release(c, clock_, settings, actor, item, "reservation lapsed");
    }
    return static_cast<int>(lapsed.size());
  });
}

}  // namespace prokat::inventory
