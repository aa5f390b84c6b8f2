#include "prokat/inventory/deliveries.hpp"

#include <algorithm>
#include <set>

#include "agreement_ops.hpp"
#include "prokat/inventory/lookup.hpp"

namespace prokat::inventory {
namespace {

std::string Subject(DeliveryId id) { return "delivery/" + std::to_string(id.value); }

std::optional<Delivery> LoadDelivery(db::Connection& c, DeliveryId id) {
  auto s = c.Prepare(
      "SELECT d.agreement_id, d.kind, d.planned_on, d.driver_id, d.vehicle, d.address, d.status, "
      "d.failure_reason, d.confirmed_at, d.received_by, d.signature_ref, d.note, a.seq, a.year, "
      "f.representative, f.phone "
      "FROM delivery d JOIN agreement a ON a.id = d.agreement_id JOIN family f ON f.id = "
      "a.family_id "
      "WHERE d.id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Delivery d;
  d.id = id;
  d.agreement = AgreementId(s.Get<std::int64_t>(0));
  d.kind = Parse<DeliveryKind>(s.Get<std::string>(1)).value_or(DeliveryKind::kDelivery);
  d.planned_on = internal::StoredDate(s, 2, "delivery.planned_on");
  d.driver = UserId(s.Get<std::int64_t>(3));
  d.vehicle = s.Get<std::string>(4);
  d.address = s.Get<std::string>(5);
  d.status = Parse<DeliveryStatus>(s.Get<std::string>(6)).value_or(DeliveryStatus::kPlanned);
  d.failure_reason = s.Get<std::optional<std::string>>(7).value_or("");
  d.confirmed_at = internal::StoredOptionalTimestamp(s, 8, "delivery.confirmed_at");
  d.received_by = s.Get<std::optional<std::string>>(9).value_or("");
  d.signature_ref = s.Get<std::optional<std::string>>(10).value_or("");
  d.note = s.Get<std::string>(11);
  if (!s.IsNull(12)) d.agreement_number = AgreementNumber(s.Get<int>(12), s.Get<int>(13));
  d.recipient = s.Get<std::string>(14);
  d.phone = s.Get<std::string>(15);
  s.Reset();
  auto scans = c.Prepare(
      "SELECT code, scanned_at, item_id FROM delivery_scan WHERE delivery_id = ? ORDER BY rowid");
  scans.BindAll(id.value);
  while (scans.Step()) {
    DeliveryScan sc{scans.Get<std::string>(0),
                    internal::StoredTimestamp(scans, 1, "delivery_scan.scanned_at"), std::nullopt};
    if (auto i = scans.Get<std::optional<std::int64_t>>(2)) sc.item = ItemId(*i);
    d.scans.push_back(std::move(sc));
  }
  return d;
}

// The items a scanned code names among `candidates`: an item label or inventory number names
// one; a kit label names every item of that kit on the trip (a multibox travels closed).
std::vector<ItemId> MatchScan(const std::string& code,
                              const std::vector<AgreementLine>& candidates) {
  std::vector<ItemId> out;
  if (auto label = ParseLabel(code)) {
    for (const auto& l : candidates) {
      bool item = label->kind == ParsedLabel::Kind::kItem && l.item.value == label->id;
      bool kit = label->kind == ParsedLabel::Kind::kKit && l.kit && l.kit->value == label->id;
      if (item || kit) out.push_back(l.item);
    }
    return out;
  }
  for (const auto& l : candidates)
    if (l.inventory_number == code) out.push_back(l.item);
  return out;
}

// A driver works with his own trips only: another driver's trip is as unknown as a missing one,
// so that ids cannot be probed.
bool HiddenFrom(const Actor& actor, const Delivery& d) {
  return actor.role == Role::kDriver && d.driver != actor.user;
}

Error NoSuchDelivery() { return Error::NotFound("no such delivery", "delivery"); }

}  // namespace

Result<Delivery> DeliveryService::Plan(const Actor& actor, const NewDelivery& in) {
  const InventorySettings settings = settings_.Get();
  if (in.planned_on < LocalToday(clock_, settings))
    return Error::InvalidArgument("the planned date is in the past", "planned_on");
  return internal::WriteTx<Delivery>(db_, [&](db::Connection& c) -> Result<Delivery> {
    auto point = internal::DeskPointOf(c, actor, internal::Owned::kAgreement, in.agreement.value);
    if (!point) return point.error();
    auto a = internal::LoadAgreement(c, in.agreement, LocalToday(clock_, settings));
    auto drv = c.Prepare("SELECT role, active, point_id FROM user WHERE id = ?");
    if (!drv.BindAll(in.driver.value).Step()) return Error::NotFound("no such driver", "driver");
    if (drv.Get<std::string>(0) != "driver" || !drv.Get<bool>(1))
      return Error::InvalidArgument("the user is not an active driver", "driver");
    if (drv.Get<std::optional<std::int64_t>>(2) != point->value)
      return Error::RuleViolation("driver_at_other_point",
                                  "the driver works at another rental point", "driver");
    drv.Reset();
    if (in.kind == DeliveryKind::kDelivery) {
      bool any_out = std::any_of(a->lines.begin(), a->lines.end(), [](const AgreementLine& l) {
        return l.open && l.status == ItemStatus::kOutForDelivery;
      });
      if (!internal::IsOpenState(a->state) || a->delivery_mode != DeliveryMode::kDelivery ||
          !any_out)
        return Error::RuleViolation("agreement_not_for_delivery",
                                    "the agreement has no items waiting to be delivered",
                                    "agreement");
    } else if (!internal::IsOpenState(a->state)) {
      return Error::RuleViolation("agreement_not_active", "nothing to collect on this agreement",
                                  "agreement");
    }
    if (c.Prepare("SELECT 1 FROM delivery WHERE agreement_id = ? AND kind = ? AND status IN "
                  "('planned', 'out')")
            .BindAll(in.agreement.value, ToString(in.kind))
            .Step())
      return Error::Conflict("delivery_already_planned", "a trip is already planned", "agreement");
    std::string address = in.address;
    if (address.empty()) {
      auto f = c.Prepare("SELECT address FROM family WHERE id = ?");
      f.BindAll(a->family.value).Step();
      address = f.Get<std::string>(0);
    }
    c.Prepare(
         "INSERT INTO delivery(agreement_id, kind, planned_on, driver_id, vehicle, address, "
         "status) VALUES(?,?,?,?,?,?,'planned')")
        .BindAll(in.agreement.value, ToString(in.kind), FormatDate(in.planned_on), in.driver.value,
                 in.vehicle, address)
        .Run();
    DeliveryId id(c.LastInsertRowId());
    internal::Audit(c, clock_, actor, "delivery.plan", Subject(id), ToString(in.kind));
    return *LoadDelivery(c, id);
  });
}

Result<Delivery> DeliveryService::Depart(const Actor& actor, DeliveryId id) {
  return internal::WriteTx<Delivery>(db_, [&](db::Connection& c) -> Result<Delivery> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kDelivery, id.value); !p)
      return p.error();
    auto d = LoadDelivery(c, id);
    if (!d || HiddenFrom(actor, *d)) return NoSuchDelivery();
    if (d->status != DeliveryStatus::kPlanned)
      return Error::RuleViolation("delivery_not_planned", "the trip is not planned", "delivery");
    c.Prepare("UPDATE delivery SET status = 'out' WHERE id = ?").BindAll(id.value).Run();
    internal::Audit(c, clock_, actor, "delivery.depart", Subject(id));
    return *LoadDelivery(c, id);
  });
}

Result<Delivery> DeliveryService::Confirm(const Actor& actor, DeliveryId id,
                                          const DeliveryConfirmation& in) {
  if (in.signature_ref.empty())
    return Error::InvalidArgument("a signature image is required", "signature_ref");
  return internal::WriteTx<Delivery>(db_, [&](db::Connection& c) -> Result<Delivery> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kDelivery, id.value); !p)
      return p.error();
    auto d = LoadDelivery(c, id);
    if (!d || HiddenFrom(actor, *d)) return NoSuchDelivery();
    if (actor.user != d->driver && actor.role != Role::kAdmin)
      return Error::Forbidden("not_assigned_driver", "only the assigned driver confirms this trip",
                              "actor");
    if (d->status != DeliveryStatus::kPlanned && d->status != DeliveryStatus::kOut)
      return Error::RuleViolation(
          "delivery_closed", "the trip is already " + std::string(ToString(d->status)), "delivery");
    if (d->kind == DeliveryKind::kDelivery && in.received_by.empty())
      return Error::InvalidArgument("who received the items is required", "received_by");
    // The acts show this image as the family's signature: it must be one taken at the door for
    // this agreement (POST /deliveries/{id}/signature) and not already another trip's.
    if (!c.Prepare("SELECT 1 FROM photo p WHERE p.file_name = ? AND p.agreement_id = ? AND "
                   "p.occasion = 'door' AND p.item_id IS NULL AND NOT EXISTS (SELECT 1 FROM "
                   "delivery o WHERE o.signature_ref = p.file_name AND o.id != ?)")
             .BindAll(in.signature_ref, d->agreement.value, id.value)
             .Step())
      return Error::RuleViolation("signature_not_uploaded",
                                  "signature_ref names no signature taken at the door for this "
                                  "trip: upload the signature first",
                                  "signature_ref");
    Date today = LocalToday(clock_, settings_.Get());
    auto a = internal::LoadAgreement(c, d->agreement, today);
    // The items this trip moves.
    std::vector<AgreementLine> moving;
    for (const auto& l : a->lines) {
      if (!l.open) continue;
      if (d->kind == DeliveryKind::kDelivery && l.status != ItemStatus::kOutForDelivery) continue;
      moving.push_back(l);
    }
    std::set<ItemId> scanned;
    std::vector<std::pair<const DeliveryScan*, ItemId>> resolved;
    for (const auto& sc : in.scans) {
      auto items = MatchScan(sc.code, moving);
      if (items.empty())
        return Error::RuleViolation("scan_not_in_delivery",
                                    "code '" + sc.code + "' is not one of the items of this trip",
                                    "scans");
      for (auto item : items) {
        scanned.insert(item);
        resolved.emplace_back(&sc, item);
      }
    }
    if (d->kind == DeliveryKind::kDelivery) {
      for (const auto& l : moving)
        if (!scanned.count(l.item))
          return Error::RuleViolation("items_not_scanned",
                                      "item " + l.inventory_number + " was not scanned", "scans");
    } else if (scanned.empty()) {
      return Error::RuleViolation("items_not_scanned", "no item was scanned", "scans");
    }
    auto ins = c.Prepare(
        "INSERT INTO delivery_scan(delivery_id, code, item_id, scanned_at) VALUES(?,?,?,?)");
    for (const auto& [sc, item] : resolved)
      ins.BindAll(id.value, sc->code, item.value, FormatTimestamp(sc->scanned_at)).Run();
    c.Prepare(
         "UPDATE delivery SET status = 'done', confirmed_at = ?, received_by = ?, "
         "signature_ref = ?, note = ? WHERE id = ?")
        .BindAll(internal::Now(clock_), in.received_by, in.signature_ref, in.note, id.value)
        .Run();
    if (d->kind == DeliveryKind::kDelivery) {
      for (auto item : scanned)
        internal::MoveItem(c, clock_, actor, item, ItemStatus::kOutForDelivery, ItemStatus::kOnLoan,
                           d->agreement, "delivered, received by " + in.received_by);
    } else {
      ReturnRequest back;
      auto act = internal::LoadHandoverAct(c, d->agreement);
      for (auto item : scanned) {
        ReturnLine line{item, ItemCondition::kGood, {}, {}};
        for (const auto& h : act->lines)
          if (h.item == item) line.condition = h.condition;
        for (const auto& given : in.pickup_lines)
          if (given.item == item) line = given;
        back.items.push_back(line);
      }
      back.note = "collected by driver" + (in.note.empty() ? "" : ": " + in.note);
      auto r = internal::ReturnIn(c, clock_, settings_.Get(), actor, d->agreement, back, id);
      if (!r) return r.error();
    }
    internal::Audit(c, clock_, actor, "delivery.confirm", Subject(id),
                    std::to_string(scanned.size()) + " item(s)");
    return *LoadDelivery(c, id);
  });
}

Result<Delivery> DeliveryService::Fail(const Actor& actor, DeliveryId id,
                                       const std::string& reason) {
  if (reason.empty()) return Error::InvalidArgument("a failed trip needs a reason", "reason");
  return internal::WriteTx<Delivery>(db_, [&](db::Connection& c) -> Result<Delivery> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kDelivery, id.value); !p)
      return p.error();
    auto d = LoadDelivery(c, id);
    if (!d || HiddenFrom(actor, *d)) return NoSuchDelivery();
    if (d->status != DeliveryStatus::kPlanned && d->status != DeliveryStatus::kOut)
      return Error::RuleViolation("delivery_closed", "the trip is already closed", "delivery");
    c.Prepare("UPDATE delivery SET status = 'failed', failure_reason = ? WHERE id = ?")
        .BindAll(reason, id.value)
        .Run();
    internal::Audit(c, clock_, actor, "delivery.fail", Subject(id), reason);
    return *LoadDelivery(c, id);
  });
}

Result<Delivery> DeliveryService::Get(const Actor& actor, DeliveryId id) {
  return internal::ReadTx<Delivery>(db_, [&](db::Connection& c) -> Result<Delivery> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kDelivery, id.value); !p)
      return p.error();
    auto d = LoadDelivery(c, id);
    if (!d || HiddenFrom(actor, *d)) return NoSuchDelivery();
    return *d;
  });
}

Result<Page<Delivery>> DeliveryService::List(const Actor& actor, DeliveryFilter f,
                                             const PageRequest& page) {
  std::optional<std::string> finished_since;
  if (actor.role == Role::kDriver) {
    f.driver = actor.user;
    finished_since = FormatDate(LocalToday(clock_, settings_.Get()) -
                                std::chrono::days(kDriverFinishedTripDays));
  }
  auto after = internal::CursorId(page.after);
  if (!after) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  auto out =
      internal::ReadTx<Page<Delivery>>(db_, [&](db::Connection& c) -> Result<Page<Delivery>> {
        auto scope = internal::ScopeOf(c, actor);
        if (!scope) return scope.error();
        auto points = internal::PointsParam(*scope, std::nullopt);
        auto s = c.Prepare(
            "SELECT id FROM delivery WHERE id > ?1 AND (?2 IS NULL OR driver_id = ?2) AND "
            "(?3 IS NULL OR planned_on = ?3) AND (?4 IS NULL OR status = ?4) AND "
            "(?6 IS NULL OR agreement_id = ?6) AND (?7 IS NULL OR status IN ('planned', 'out') OR "
            "planned_on >= ?7 OR confirmed_at >= ?7) AND (?8 IS NULL OR (SELECT point_id FROM "
            "agreement WHERE id = delivery.agreement_id) IN (SELECT value FROM json_each(?8))) "
            "ORDER BY id LIMIT ?5");
        std::optional<std::int64_t> driver;
        if (f.driver) driver = f.driver->value;
        std::optional<std::string> date;
        if (f.planned_on) date = FormatDate(*f.planned_on);
        std::optional<std::string_view> status;
        if (f.status) status = ToString(*f.status);
        std::optional<std::int64_t> agreement;
        if (f.agreement) agreement = f.agreement->value;
        s.BindAll(*after, driver, date, status, limit + 1, agreement, finished_since, *points);
        std::vector<DeliveryId> ids;
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        Page<Delivery> out;
        for (std::size_t i = 0; i < ids.size() && static_cast<int>(i) < limit; ++i)
          out.items.push_back(*LoadDelivery(c, ids[i]));
        if (static_cast<int>(ids.size()) > limit)
          out.next_cursor = std::to_string(out.items.back().id.value);
        return out;
      });
  if (!out.ok()) return out;
  // A trip list shows recipients, phones and addresses.
  if (auto logged = internal::AuditRead(db_, clock_, actor, "delivery.list", "delivery/*",
                                        std::to_string(out->items.size()) + " shown");
      !logged.ok())
    return logged.error();
  return out;
}

}  // namespace prokat::inventory
