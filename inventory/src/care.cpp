#include "prokat/inventory/care.hpp"

#include <algorithm>

#include "care_ops.hpp"

namespace prokat::inventory {
namespace {

std::string Subject(ItemId id) { return "item/" + std::to_string(id.value); }

constexpr std::pair<CareStepKind, std::string_view> kStepNames[] = {
    {CareStepKind::kDefectsFound, "defects_found"},
    {CareStepKind::kInspection, "inspection"},
    {CareStepKind::kCleaning, "cleaning"},
    {CareStepKind::kRepair, "repair"},
    {CareStepKind::kRestored, "restored"},
    {CareStepKind::kDecisionRepair, "decision_repair"},
    {CareStepKind::kDecisionLendIncomplete, "decision_lend_incomplete"},
    {CareStepKind::kDecisionWriteOff, "decision_write_off"},
    {CareStepKind::kDecisionLost, "decision_lost"},
};

// For messages: "missing Подголовник", "damage: порван чехол".
std::string DefectText(const ItemDefect& d) {
  return d.kind == DefectKind::kMissing ? "missing " + d.component : "damage: " + d.note;
}

// For the care journal, which the desk reads beside the step's kind: the part's name or the
// damage as the return act wrote it.
std::string DefectWords(const ItemDefect& d) {
  return d.kind == DefectKind::kMissing ? d.component : d.note;
}

bool AtPoint(ItemStatus s) {
  return s == ItemStatus::kAvailable || s == ItemStatus::kInspection || s == ItemStatus::kInRepair;
}

Result<void> CheckSupervisor(const Actor& actor, const char* what) {
  if (actor.role == Role::kSupervisor || actor.role == Role::kAdmin) return {};
  return Error::Forbidden({}, std::string("only a supervisor ") + what, "actor");
}

DisposalAct ReadAct(const db::Statement& s) {
  DisposalAct a;
  a.id = DisposalActId(s.Get<std::int64_t>(0));
  a.item = ItemId(s.Get<std::int64_t>(1));
  a.kind = s.Get<std::string>(2) == "loss" ? DisposalKind::kLoss : DisposalKind::kWriteOff;
  a.reason = s.Get<std::string>(3);
  a.decided_at = internal::StoredTimestamp(s, 4, "disposal_act.decided_at");
  a.decided_by = UserId(s.Get<std::int64_t>(5));
  a.decider = s.Get<std::string>(6);
  return a;
}

constexpr const char* kActColumns =
    "SELECT id, item_id, kind, reason, decided_at, decided_by, decider FROM disposal_act ";

}  // namespace

std::string_view ToString(DefectKind kind) {
  return kind == DefectKind::kMissing ? "missing" : "damage";
}

std::string_view ToString(CareStepKind kind) {
  for (const auto& [k, name] : kStepNames)
    if (k == kind) return name;
  return "inspection";
}

std::optional<CareStepKind> ParseCareStepKind(std::string_view name) {
  for (const auto& [k, n] : kStepNames)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view ToString(DisposalKind kind) {
  return kind == DisposalKind::kLoss ? "loss" : "write_off";
}

std::optional<CareDecision> ParseCareDecision(std::string_view name) {
  if (name == "repair") return CareDecision::kRepair;
  if (name == "lend_incomplete") return CareDecision::kLendIncomplete;
  if (name == "write_off") return CareDecision::kWriteOff;
  if (name == "lost") return CareDecision::kLost;
  return std::nullopt;
}

namespace internal {

std::vector<ItemDefect> LoadDefects(db::Connection& c, ItemId id, bool current_only) {
  auto s = c.Prepare(
      "SELECT d.id, d.kind, d.component, d.note, d.return_act_id, d.agreement_id, a.seq, a.year, "
      "d.found_at, d.restored_at, d.restored_by, d.accepted_at, d.accepted_by, d.accepted_reason "
      "FROM item_defect d LEFT JOIN agreement a ON a.id = d.agreement_id "
      "WHERE d.item_id = ? AND (? = 0 OR d.restored_at IS NULL) ORDER BY d.id");
  s.BindAll(id.value, current_only);
  std::vector<ItemDefect> out;
  while (s.Step()) {
    ItemDefect d;
    d.id = DefectId(s.Get<std::int64_t>(0));
    d.kind = s.Get<std::string>(1) == "damage" ? DefectKind::kDamage : DefectKind::kMissing;
    d.component = s.Get<std::string>(2);
    d.note = s.Get<std::string>(3);
    if (auto r = s.Get<std::optional<std::int64_t>>(4)) d.return_act = ReturnActId(*r);
    if (auto a = s.Get<std::optional<std::int64_t>>(5)) d.agreement = AgreementId(*a);
    auto seq = s.Get<std::optional<int>>(6);
    auto year = s.Get<std::optional<int>>(7);
    if (seq && year) d.agreement_number = AgreementNumber(*seq, *year);
    d.found_at = StoredTimestamp(s, 8, "item_defect.found_at");
    d.restored_at = StoredOptionalTimestamp(s, 9, "item_defect.restored_at");
    if (auto u = s.Get<std::optional<std::int64_t>>(10)) d.restored_by = UserId(*u);
    d.accepted_at = StoredOptionalTimestamp(s, 11, "item_defect.accepted_at");
    if (auto u = s.Get<std::optional<std::int64_t>>(12)) d.accepted_by = UserId(*u);
    d.accepted_reason = s.Get<std::string>(13);
    out.push_back(std::move(d));
  }
  return out;
}

Result<void> CheckNoOpenDefects(db::Connection& c, ItemId id, std::string_view field) {
  std::string what;
  for (const auto& d : LoadDefects(c, id, /*current_only=*/true)) {
    if (!d.open()) continue;
    what += (what.empty() ? "" : "; ") + DefectText(d);
    if (!d.agreement_number.empty()) what += " (return on agreement " + d.agreement_number + ")";
  }
  if (what.empty()) return {};
  auto number = c.Prepare("SELECT inventory_number FROM item WHERE id = ?");
  number.BindAll(id.value).Step();
  return Error::RuleViolation("item_has_defects",
                              "item " + number.Get<std::string>(0) +
                                  " is not lent while something is missing or damaged (" + what +
                                  "): make it good, or a supervisor decides",
                              std::string(field));
}

void AddCareStep(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                 CareStepKind kind, std::string_view note) {
  c.Prepare("INSERT INTO care_step(item_id, kind, at, user_id, note) VALUES(?,?,?,?,?)")
      .BindAll(id.value, ToString(kind), Now(clock), actor.user.value, note)
      .Run();
}

void RecordReturnDefects(db::Connection& c, const Clock& clock, const Actor& actor, AgreementId id,
                         ReturnActId act, const ReturnLine& line) {
  if (line.lost) return;
  std::string found;
  auto insert = c.Prepare(
      "INSERT INTO item_defect(item_id, kind, component, note, return_act_id, agreement_id, "
      "found_at) VALUES(?,?,?,?,?,?,?)");
  // A part missing when the item was handed over (a supervisor let it be lent so) is not this
  // family's loss: that defect stays as it was.
  auto known = c.Prepare(
      "SELECT 1 FROM item_defect WHERE item_id = ? AND kind = 'missing' AND component = ? "
      "AND restored_at IS NULL");
  for (const auto& m : line.missing_components) {
    bool already = known.BindAll(line.item.value, m).Step();
    known.Reset();
    if (already) continue;
    insert.BindAll(line.item.value, "missing", m, "", act.value, id.value, Now(clock)).Run();
    found += (found.empty() ? "" : "; ") + m;
  }
  if (!line.damage_note.empty()) {
    insert.BindAll(line.item.value, "damage", "", line.damage_note, act.value, id.value, Now(clock))
        .Run();
    found += (found.empty() ? "" : "; ") + line.damage_note;
  }
  if (!found.empty()) AddCareStep(c, clock, actor, line.item, CareStepKind::kDefectsFound, found);
}

void RestoreAllDefects(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id) {
  c.Prepare(
       "UPDATE item_defect SET restored_at = ?, restored_by = ? WHERE item_id = ? AND "
       "restored_at IS NULL")
      .BindAll(Now(clock), actor.user.value, id.value)
      .Run();
}

void RecordDisposal(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                    DisposalKind kind, const std::string& reason) {
  auto name = c.Prepare("SELECT display_name FROM user WHERE id = ?");
  std::string decider = name.BindAll(actor.user.value).Step() ? name.Get<std::string>(0) : "";
  name.Reset();
  c.Prepare(
       "INSERT INTO disposal_act(item_id, kind, reason, decided_at, decided_by, decider) "
       "VALUES(?,?,?,?,?,?)")
      .BindAll(id.value, ToString(kind), reason, Now(clock), actor.user.value, decider)
      .Run();
  AddCareStep(
      c, clock, actor, id,
      kind == DisposalKind::kLoss ? CareStepKind::kDecisionLost : CareStepKind::kDecisionWriteOff,
      reason);
}

}  // namespace internal

Result<ItemCare> CareService::Get(const Actor& actor, ItemId item) {
  return internal::ReadTx<ItemCare>(db_, [&](db::Connection& c) -> Result<ItemCare> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kItem, item.value); !p)
      return p.error();
    ItemCare care;
    care.item = item;
    care.defects = internal::LoadDefects(c, item, /*current_only=*/false);
    auto s = c.Prepare(
        "SELECT s.id, s.kind, s.at, s.user_id, COALESCE(u.display_name, ''), s.note "
        "FROM care_step s LEFT JOIN user u ON u.id = s.user_id WHERE s.item_id = ? ORDER BY s.id");
    s.BindAll(item.value);
    while (s.Step()) {
      CareStep step;
      step.id = CareStepId(s.Get<std::int64_t>(0));
      step.kind = ParseCareStepKind(s.Get<std::string>(1)).value_or(CareStepKind::kInspection);
      step.at = internal::StoredTimestamp(s, 2, "care_step.at");
      step.by = UserId(s.Get<std::int64_t>(3));
      step.by_name = s.Get<std::string>(4);
      step.note = s.Get<std::string>(5);
      care.journal.push_back(std::move(step));
    }
    s.Reset();
    auto acts = c.Prepare(std::string(kActColumns) + "WHERE item_id = ? ORDER BY id");
    acts.BindAll(item.value);
    while (acts.Step()) care.acts.push_back(ReadAct(acts));
    return care;
  });
}

Result<ItemCare> CareService::RecordStep(const Actor& actor, ItemId item, CareStepKind kind,
                                         const std::string& note) {
  if (kind != CareStepKind::kInspection && kind != CareStepKind::kCleaning &&
      kind != CareStepKind::kRepair)
    return Error::InvalidArgument("a recorded step is inspection, cleaning or repair", "kind");
  auto done = internal::WriteTx<bool>(db_, [&](db::Connection& c) -> Result<bool> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kItem, item.value); !p)
      return p.error();
    auto status = internal::ItemStatusOf(c, item);
    if (!status) return Error::NotFound("no such item", "item");
    const bool fits =
        kind == CareStepKind::kRepair ? *status == ItemStatus::kInRepair : AtPoint(*status);
    if (!fits)
      return Error::RuleViolation("item_not_at_point",
                                  "a " + std::string(ToString(kind)) +
                                      " step is not taken on an item that is " +
                                      std::string(ToString(*status)),
                                  "kind");
    internal::AddCareStep(c, clock_, actor, item, kind, note);
    internal::Audit(c, clock_, actor, "item.care_step", Subject(item), ToString(kind));
    return true;
  });
  if (!done.ok()) return done.error();
  return Get(actor, item);
}

Result<Item> CareService::MarkRestored(const Actor& actor, ItemId item,
                                       const std::vector<DefectId>& defects,
                                       const std::string& note) {
  return internal::WriteTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kItem, item.value); !p)
      return p.error();
    auto current = internal::LoadDefects(c, item, /*current_only=*/true);
    std::vector<ItemDefect> chosen;
    if (defects.empty()) {
      chosen = current;
    } else {
      for (auto id : defects) {
        auto it = std::find_if(current.begin(), current.end(),
                               [&](const ItemDefect& d) { return d.id == id; });
        if (it == current.end())
          return Error::InvalidArgument("defect " + std::to_string(id.value) +
                                            " is not on this item or was already made good",
                                        "defects");
        if (std::none_of(chosen.begin(), chosen.end(),
                         [&](const ItemDefect& d) { return d.id == id; }))
          chosen.push_back(*it);
      }
    }
    if (chosen.empty())
      return Error::RuleViolation("no_defects", "nothing on this item is missing or damaged",
                                  "defects");
    auto restore = c.Prepare(
        "UPDATE item_defect SET restored_at = ?, restored_by = ? WHERE id = ? AND item_id = ?");
    std::string what;
    for (const auto& d : chosen) {
      restore.BindAll(internal::Now(clock_), actor.user.value, d.id.value, item.value).Run();
      what += (what.empty() ? "" : "; ") + DefectWords(d);
    }
    if (!note.empty()) what += ": " + note;
    internal::AddCareStep(c, clock_, actor, item, CareStepKind::kRestored, what);
    internal::Audit(c, clock_, actor, "item.restored", Subject(item), what);
    return *internal::LoadItem(c, item);
  });
}

Result<Item> CareService::Decide(const Actor& actor, ItemId item, CareDecision decision,
                                 const std::string& reason) {
  if (reason.empty()) return Error::InvalidArgument("a decision needs a reason", "reason");
  return internal::WriteTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kItem, item.value); !p)
      return p.error();
    if (auto r = CheckSupervisor(actor, "decides what becomes of a returned item"); !r)
      return r.error();
    if (decision == CareDecision::kWriteOff)
      return internal::WriteOffIn(c, clock_, actor, item, reason);
    if (decision == CareDecision::kLost)
      return internal::MarkLostIn(c, clock_, actor, item, reason);
    auto status = internal::ItemStatusOf(c, item);
    if (!status) return Error::NotFound("no such item", "item");
    if (!AtPoint(*status))
      return Error::RuleViolation(
          "item_not_at_point",
          "the item is " + std::string(ToString(*status)) + ": nothing to decide at the point",
          "item");
    if (decision == CareDecision::kRepair) {
      if (*status == ItemStatus::kInRepair)
        return Error::RuleViolation("item_in_repair", "the item is already in repair", "decision");
      internal::MoveItem(c, clock_, actor, item, *status, ItemStatus::kInRepair, std::nullopt,
                         "to repair: " + reason);
      internal::AddCareStep(c, clock_, actor, item, CareStepKind::kDecisionRepair, reason);
      internal::Audit(c, clock_, actor, "item.decide_repair", Subject(item), reason);
      return *internal::LoadItem(c, item);
    }
    auto defects = internal::LoadDefects(c, item, /*current_only=*/true);
    std::string what;
    auto accept = c.Prepare(
        "UPDATE item_defect SET accepted_at = ?, accepted_by = ?, accepted_reason = ? "
        "WHERE id = ?");
    for (const auto& d : defects) {
      if (!d.open()) continue;
      accept.BindAll(internal::Now(clock_), actor.user.value, reason, d.id.value).Run();
      what += (what.empty() ? "" : "; ") + DefectWords(d);
    }
    if (what.empty())
      return Error::RuleViolation("no_open_defects",
                                  "nothing is missing or damaged: the item is lent as it is",
                                  "decision");
    internal::AddCareStep(c, clock_, actor, item, CareStepKind::kDecisionLendIncomplete,
                          reason + " (" + what + ")");
    internal::Audit(c, clock_, actor, "item.decide_lend_incomplete", Subject(item), what);
    if (*status != ItemStatus::kAvailable) {
      internal::MoveItem(c, clock_, actor, item, *status, ItemStatus::kAvailable, std::nullopt,
                         "lent as incomplete: " + reason);
      internal::OfferToWaitingList(c, clock_, settings_.Get(), actor, item);
    }
    return *internal::LoadItem(c, item);
  });
}

Result<DisposalAct> CareService::LatestAct(const Actor& actor, ItemId item, DisposalKind kind) {
  return internal::ReadTx<DisposalAct>(db_, [&](db::Connection& c) -> Result<DisposalAct> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kItem, item.value); !p)
      return p.error();
    auto s = c.Prepare(std::string(kActColumns) +
                       "WHERE item_id = ? AND kind = ? ORDER BY id DESC LIMIT 1");
    if (!s.BindAll(item.value, ToString(kind)).Step())
      return Error::NotFound(kind == DisposalKind::kLoss ? "the item has no loss act"
                                                         : "the item has no write-off act",
                             "act");
    return ReadAct(s);
  });
}

}  // namespace prokat::inventory
