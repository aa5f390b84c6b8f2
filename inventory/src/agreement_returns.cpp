// Returns, extensions, early termination and the multibox swap.
#include <algorithm>
#include <set>
#include <sstream>

#include "agreement_ops.hpp"
#include "care_ops.hpp"
#include "prokat/inventory/agreements.hpp"

namespace prokat::inventory {
namespace internal {
namespace {

std::string Subject(AgreementId id) { return "agreement/" + std::to_string(id.value); }

std::string JoinLines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

}  // namespace

ReturnAct LoadReturnAct(db::Connection& c, ReturnActId id) {
  auto s = c.Prepare(
      "SELECT agreement_id, returned_on, signed_at, staff_id, delivery_id, note, snapshot "
      "FROM return_act WHERE id = ?");
  s.BindAll(id.value).Step();
  ReturnAct act;
  act.id = id;
  act.agreement = AgreementId(s.Get<std::int64_t>(0));
  act.returned_on = StoredDate(s, 1, "return_act.returned_on");
  act.signed_at = StoredTimestamp(s, 2, "return_act.signed_at");
  act.staff = UserId(s.Get<std::int64_t>(3));
  if (auto d = s.Get<std::optional<std::int64_t>>(4)) act.pickup = DeliveryId(*d);
  act.note = s.Get<std::string>(5);
  act.parties = DecodeParties(s.Get<std::string>(6));
  s.Reset();
  auto lines = c.Prepare(
      "SELECT item_id, condition, damage_note, missing_components, lost FROM return_act_item "
      "WHERE act_id = ? ORDER BY item_id");
  lines.BindAll(id.value);
  while (lines.Step()) {
    ReturnLine l;
    l.item = ItemId(lines.Get<std::int64_t>(0));
    l.condition = Parse<ItemCondition>(lines.Get<std::string>(1)).value_or(ItemCondition::kGood);
    l.damage_note = lines.Get<std::string>(2);
    l.lost = lines.Get<bool>(4);
    std::istringstream in(lines.Get<std::string>(3));
    for (std::string m; std::getline(in, m);)
      if (!m.empty()) l.missing_components.push_back(m);
    act.lines.push_back(std::move(l));
  }
  lines.Reset();
  auto st = c.Prepare("SELECT state FROM agreement WHERE id = ?");
  st.BindAll(act.agreement.value).Step();
  act.agreement_state =
      Parse<AgreementState>(st.Get<std::string>(0)).value_or(AgreementState::kClosed);
  return act;
}

Result<ReturnAct> ReturnIn(db::Connection& c, const Clock& clock, const InventorySettings& settings,
                           const Actor& actor, AgreementId id, const ReturnRequest& request,
                           std::optional<DeliveryId> pickup) {
  if (request.feedback_rating && (*request.feedback_rating < 1 || *request.feedback_rating > 5))
    return Error::InvalidArgument("feedback rating must be 1..5", "feedback_rating");
  // A pickup is confirmed by its driver (DeliveryService checked that); a desk return by staff.
  if (auto p = pickup ? VisiblePointOf(c, actor, Owned::kAgreement, id.value)
                      : DeskPointOf(c, actor, Owned::kAgreement, id.value);
      !p)
    return p.error();
  Date today = LocalToday(clock, settings);
  auto a = LoadAgreement(c, id, today);
  if (!IsOpenState(a->state))
    return Error::RuleViolation("agreement_not_active",
                                "items can only be returned on an active agreement; this one is " +
                                    std::string(ToString(a->state)),
                                "agreement");
  Date returned_on = request.returned_on.value_or(today);
  if (returned_on > today || returned_on < a->start_date)
    return Error::InvalidArgument("return date must be between the start and today", "returned_on");
  std::vector<ReturnLine> lines = request.items;
  std::set<ItemId> listed;
  for (const auto& l : lines) {
    if (!listed.insert(l.item).second)
      return Error::InvalidArgument("item " + std::to_string(l.item.value) + " is listed twice",
                                    "items");
  }
  if (!request.kits.empty()) {
    auto act = LoadHandoverAct(c, id);
    for (auto kit : request.kits) {
      bool any = false;
      for (const auto& line : a->lines) {
        if (line.kit != kit) continue;
        any = true;
        if (!line.open || listed.count(line.item)) continue;
        ReturnLine rl{line.item, ItemCondition::kGood, {}, {}};
        for (const auto& h : act->lines)
          if (h.item == line.item) rl.condition = h.condition;
        lines.push_back(rl);
        listed.insert(line.item);
      }
      if (!any)
        return Error::RuleViolation("item_not_in_agreement", "the kit is not in this agreement",
                                    "kits");
    }
  }
  if (lines.empty()) return Error::InvalidArgument("nothing to return", "items");
  for (const auto& l : lines) {
    auto it = std::find_if(a->lines.begin(), a->lines.end(),
                           [&](const AgreementLine& al) { return al.item == l.item; });
    if (it == a->lines.end())
      return Error::RuleViolation(
          "item_not_in_agreement",
          "item " + std::to_string(l.item.value) + " is not part of agreement " + a->number,
          "items");
    if (!it->open)
      return Error::Conflict("item_already_returned",
                             "item " + it->inventory_number + " was already returned", "items");
    if (!l.missing_components.empty()) {
      auto comps = c.Prepare("SELECT 1 FROM item_component WHERE item_id = ? AND name = ?");
      for (const auto& m : l.missing_components) {
        if (!comps.BindAll(l.item.value, m).Step())
          return Error::InvalidArgument(
              "item " + it->inventory_number + " has no component '" + m + "'",
              "missing_components");
        comps.Reset();
      }
    }
  }
  std::string now = Now(clock);
  std::optional<std::int64_t> delivery;
  if (pickup) delivery = pickup->value;
  c.Prepare(
       "INSERT INTO return_act(agreement_id, returned_on, signed_at, staff_id, delivery_id, note, "
       "snapshot) VALUES(?,?,?,?,?,?,?)")
      .BindAll(id.value, FormatDate(returned_on), now, actor.user.value, delivery, request.note,
               EncodeParties(PartiesNow(c, id, actor.user)))
      .Run();
  ReturnActId act(c.LastInsertRowId());
  if (!pickup) {
    c.Prepare(
         "UPDATE photo SET return_act_id = ? WHERE agreement_id = ? AND occasion = 'return' AND "
         "signer IS NOT NULL AND return_act_id IS NULL")
        .BindAll(act.value, id.value)
        .Run();
  }
  auto ins = c.Prepare(
      "INSERT INTO return_act_item(act_id, item_id, condition, damage_note, missing_components, "
      "lost) VALUES(?,?,?,?,?,?)");
  auto close_line = c.Prepare(
      "UPDATE agreement_item SET open = 0, returned_on = ?, return_act_id = ? "
      "WHERE agreement_id = ? AND item_id = ?");
  auto cond = c.Prepare("UPDATE item SET condition = ? WHERE id = ?");
  for (const auto& l : lines) {
    ins.BindAll(act.value, l.item.value, ToString(l.condition), l.damage_note,
                JoinLines(l.missing_components), l.lost)
        .Run();
    close_line.BindAll(FormatDate(returned_on), act.value, id.value, l.item.value).Run();
    cond.BindAll(ToString(l.condition), l.item.value).Run();
    auto from = ItemStatusOf(c, l.item).value_or(ItemStatus::kOnLoan);
    MoveItem(c, clock, actor, l.item, from, l.lost ? ItemStatus::kLost : ItemStatus::kInspection,
             id, l.lost ? "reported lost by the family" : "returned");
    RecordReturnDefects(c, clock, actor, id, act, l);
  }
  auto open = c.Prepare("SELECT COUNT(*) FROM agreement_item WHERE agreement_id = ? AND open = 1");
  open.BindAll(id.value).Step();
  bool all_back = open.Get<int>(0) == 0;
  open.Reset();
  if (all_back) {
    c.Prepare("UPDATE agreement SET state = ?, closed_at = ? WHERE id = ?")
        .BindAll(a->terminated_on ? "terminated" : "closed", now, id.value)
        .Run();
  } else {
    c.Prepare("UPDATE agreement SET state = 'partly_returned' WHERE id = ?")
        .BindAll(id.value)
        .Run();
  }
  if (request.feedback_rating) {
    c.Prepare("INSERT INTO feedback(agreement_id, rating, comment, at) VALUES(?,?,?,?)")
        .BindAll(id.value, *request.feedback_rating, request.feedback_comment, now)
        .Run();
  }
  Audit(c, clock, actor, "agreement.return", Subject(id),
        std::to_string(lines.size()) + " item(s)" + (all_back ? ", closed" : ""));
  return LoadReturnAct(c, act);
}

Result<Agreement> ExtendIn(db::Connection& c, const Clock& clock, const InventorySettings& settings,
                           const Actor& actor, AgreementId id, Date new_due_date,
                           const std::string& reason) {
  if (reason.empty()) return Error::InvalidArgument("an extension needs a reason", "reason");
  if (auto p = DeskPointOf(c, actor, Owned::kAgreement, id.value); !p) return p.error();
  Date today = LocalToday(clock, settings);
  auto a = LoadAgreement(c, id, today);
  if (!IsOpenState(a->state) || a->terminated_on)
    return Error::RuleViolation(
        "extension_not_active",
        "only an active agreement can be extended; this one is " +
            std::string(a->terminated_on ? "terminated" : ToString(a->state)),
        "agreement");
  if (new_due_date <= a->due_date)
    return Error::InvalidArgument("the new due date must be after " + FormatDate(a->due_date),
                                  "new_due_date");
  if (new_due_date > AddMonths(a->start_date, settings.max_total_term_months))
    return Error::RuleViolation("term_out_of_bounds",
                                "the total term may not exceed " +
                                    std::to_string(settings.max_total_term_months) + " months",
                                "new_due_date");
  auto lines = c.Prepare(
      "SELECT item_id FROM agreement_item WHERE agreement_id = ? AND returned_on IS NULL");
  lines.BindAll(id.value);
  std::vector<ItemId> out;
  while (lines.Step()) out.emplace_back(lines.Get<std::int64_t>(0));
  lines.Reset();
  for (auto item : out) {
    if (auto r = CheckTypeTermLimit(c, item, a->start_date, new_due_date, "new_due_date"); !r)
      return r.error();
  }
  c.Prepare(
       "INSERT INTO extension(agreement_id, old_due_date, new_due_date, reason, at, by_user) "
       "VALUES(?,?,?,?,?,?)")
      .BindAll(id.value, FormatDate(a->due_date), FormatDate(new_due_date), reason, Now(clock),
               actor.user.value)
      .Run();
  c.Prepare(
       "UPDATE agreement SET due_date = ?, state = CASE state WHEN 'active' THEN 'extended' "
       "ELSE state END WHERE id = ?")
      .BindAll(FormatDate(new_due_date), id.value)
      .Run();
  Audit(c, clock, actor, "agreement.extend", Subject(id),
        FormatDate(a->due_date) + " -> " + FormatDate(new_due_date) + ": " + reason);
  return *LoadAgreement(c, id, today);
}

}  // namespace internal

Result<ReturnAct> AgreementService::Return(const Actor& actor, AgreementId id,
                                           const ReturnRequest& request) {
  return internal::WriteTx<ReturnAct>(db_, [&](db::Connection& c) {
    return internal::ReturnIn(c, clock_, settings_.Get(), actor, id, request, std::nullopt);
  });
}

Result<Agreement> AgreementService::Extend(const Actor& actor, AgreementId id, Date new_due_date,
                                           const std::string& reason) {
  return internal::WriteTx<Agreement>(db_, [&](db::Connection& c) {
    return internal::ExtendIn(c, clock_, settings_.Get(), actor, id, new_due_date, reason);
  });
}

Result<Agreement> AgreementService::Terminate(const Actor& actor, AgreementId id,
                                              const std::string& reason) {
  if (reason.empty()) return Error::InvalidArgument("a termination needs a reason", "reason");
  return internal::WriteTx<Agreement>(db_, [&](db::Connection& c) -> Result<Agreement> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kAgreement, id.value); !p)
      return p.error();
    Date today = LocalToday(clock_, settings_.Get());
    auto a = internal::LoadAgreement(c, id, today);
    if (!a) return Error::NotFound("no such agreement", "agreement");
    if (!internal::IsOpenState(a->state) || a->terminated_on)
      return Error::RuleViolation("agreement_not_active",
                                  "only an active agreement can be terminated", "agreement");
    Date due = std::min(a->due_date, today);
    c.Prepare(
         "UPDATE agreement SET terminated_on = ?, termination_reason = ?, due_date = ? WHERE id = "
         "?")
        .BindAll(FormatDate(today), reason, FormatDate(due), id.value)
        .Run();
    internal::Audit(c, clock_, actor, "agreement.terminate", internal::Subject(id), reason);
    return *internal::LoadAgreement(c, id, today);
  });
}

Result<HandoverAct> AgreementService::SwapMultibox(const Actor& actor, AgreementId id,
                                                   KitId old_kit, KitId new_kit, LoanTerm due_date,
                                                   const std::vector<ReturnLine>& old_kit_lines) {
  return internal::WriteTx<HandoverAct>(db_, [&](db::Connection& c) -> Result<HandoverAct> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kAgreement, id.value); !p)
      return p.error();
    const InventorySettings settings = settings_.Get();
    Date today = LocalToday(clock_, settings);
    auto a = internal::LoadAgreement(c, id, today);
    ReturnRequest back;
    back.items = old_kit_lines;
    back.kits = {old_kit};
    back.note = "multibox swap";
    if (auto r = internal::ReturnIn(c, clock_, settings, actor, id, back, std::nullopt); !r)
      return r.error();
    NewAgreement next;
    next.family = a->family;
    next.child = a->child;
    next.kits = {new_kit};
    next.due_date = due_date;
    next.delivery_mode = DeliveryMode::kAtPoint;
    auto draft = internal::CreateDraftIn(c, clock_, settings, actor, next);
    if (!draft) return draft.error();
    // The family acknowledged these rules versions on the previous agreement.
    auto prior =
        c.Prepare("SELECT rules_version_id FROM rules_acknowledgment WHERE agreement_id = ?");
    prior.BindAll(id.value);
    std::vector<RulesVersionId> acknowledged;
    while (prior.Step()) acknowledged.emplace_back(prior.Get<std::int64_t>(0));
    prior.Reset();
    for (const auto& req : internal::RequiredRulesIn(c, draft->id)) {
      if (std::find(acknowledged.begin(), acknowledged.end(), req.rules.id) == acknowledged.end())
        continue;  // a newer version: Activate will refuse with rules_not_acknowledged
      if (auto r = internal::AcknowledgeIn(c, clock_, settings, actor, draft->id, req.rules.id); !r)
        return r.error();
    }
    return internal::ActivateIn(c, clock_, settings, actor, draft->id);
  });
}

Result<std::vector<ReturnAct>> AgreementService::ListReturnActs(const Actor& actor,
                                                                AgreementId id) {
  return internal::ReadTx<std::vector<ReturnAct>>(
      db_, [&](db::Connection& c) -> Result<std::vector<ReturnAct>> {
        if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kAgreement, id.value); !p)
          return p.error();
        std::vector<ReturnActId> ids;
        auto s = c.Prepare("SELECT id FROM return_act WHERE agreement_id = ? ORDER BY id");
        s.BindAll(id.value);
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        std::vector<ReturnAct> out;
        for (auto r : ids) out.push_back(internal::LoadReturnAct(c, r));
        return out;
      });
}

}  // namespace prokat::inventory
