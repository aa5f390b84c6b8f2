#include "prokat/inventory/agreements.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "agreement_ops.hpp"
#include "care_ops.hpp"
#include "prokat/inventory/lookup.hpp"

namespace prokat::inventory {
namespace internal {
namespace {

std::string Subject(AgreementId id) { return "agreement/" + std::to_string(id.value); }

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string Escape(const std::string& v) {
  std::string out;
  for (char ch : v) {
    if (ch == '\\')
      out += "\\\\";
    else if (ch == '\t')
      out += "\\t";
    else if (ch == '\n')
      out += "\\n";
    else
      out += ch;
  }
  return out;
}

std::string Unescape(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\' || i + 1 == v.size()) {
      out += v[i];
      continue;
    }
    const char next = v[++i];
    out += next == 't' ? '\t' : next == 'n' ? '\n' : next;
  }
  return out;
}

}  // namespace

ActParties PartiesNow(db::Connection& c, AgreementId id, UserId staff) {
  ActParties p;
  auto f = c.Prepare(
      "SELECT f.representative, f.address, f.phone, "
      "(SELECT ch.name FROM child ch WHERE ch.id = a.child_id OR (a.child_id IS NULL AND "
      "ch.family_id = a.family_id) ORDER BY ch.id LIMIT 1), "
      "(SELECT ch.birth_date FROM child ch WHERE ch.id = a.child_id OR (a.child_id IS NULL AND "
      "ch.family_id = a.family_id) ORDER BY ch.id LIMIT 1) "
      "FROM agreement a JOIN family f ON f.id = a.family_id WHERE a.id = ?");
  if (f.BindAll(id.value).Step()) {
    p.representative = f.Get<std::string>(0);
    p.address = f.Get<std::string>(1);
    p.phone = f.Get<std::string>(2);
    p.child_name = f.Get<std::optional<std::string>>(3).value_or("");
    p.child_birth_date = StoredOptionalDate(f, 4, "child.birth_date");
  }
  f.Reset();
  auto u = c.Prepare("SELECT display_name FROM user WHERE id = ?");
  if (u.BindAll(staff.value).Step()) p.staff_name = u.Get<std::string>(0);
  return p;
}

std::string EncodeParties(const ActParties& p) {
  std::string out;
  auto put = [&](const char* key, const std::string& v) {
    out += std::string(key) + "\t" + Escape(v) + "\n";
  };
  put("family.representative", p.representative);
  put("family.address", p.address);
  put("family.phone", p.phone);
  put("child.name", p.child_name);
  put("child.birth_date", p.child_birth_date ? FormatDate(*p.child_birth_date) : "");
  put("staff.name", p.staff_name);
  return out;
}

std::optional<ActParties> DecodeParties(const std::string& text) {
  if (text.empty()) return std::nullopt;
  ActParties p;
  for (const auto& line : SplitLines(text)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string_view key(line.data(), tab);
    std::string value = Unescape(std::string_view(line).substr(tab + 1));
    if (key == "family.representative")
      p.representative = std::move(value);
    else if (key == "family.address")
      p.address = std::move(value);
    else if (key == "family.phone")
      p.phone = std::move(value);
    else if (key == "child.name")
      p.child_name = std::move(value);
    else if (key == "child.birth_date" && !value.empty()) {
      p.child_birth_date = ParseDate(value);
      if (!p.child_birth_date)
        throw StoredValueError("stored act snapshot child.birth_date is '" + value +
                               "', not a date (YYYY-MM-DD)");
    } else if (key == "staff.name")
      p.staff_name = std::move(value);
  }
  return p;
}

Result<void> CheckTypeTermLimit(db::Connection& c, ItemId item, Date start, Date due,
                                const char* field) {
  auto s = c.Prepare(
      "SELECT t.max_term_days, t.name, i.inventory_number FROM item i "
      "JOIN item_type t ON t.id = i.type_id WHERE i.id = ? AND t.max_term_days IS NOT NULL");
  if (!s.BindAll(item.value).Step()) return {};
  const Date last = start + std::chrono::days(s.Get<std::int64_t>(0));
  if (due <= last) return {};
  return Error::RuleViolation("term_over_type_limit",
                              "item " + s.Get<std::string>(2) + " (" + s.Get<std::string>(1) +
                                  ") may be lent for at most " +
                                  std::to_string(s.Get<std::int64_t>(0)) + " days, until " +
                                  FormatDate(last),
                              field);
}

bool IsOpenState(AgreementState s) {
  return s == AgreementState::kActive || s == AgreementState::kExtended ||
         s == AgreementState::kPartlyReturned;
}

std::optional<Agreement> LoadAgreement(db::Connection& c, AgreementId id, Date today) {
  auto s = c.Prepare(
      "SELECT id, point_id, year, seq, family_id, child_id, state, start_date, due_date, "
      "delivery_mode, created_at, activated_at, closed_at, terminated_on, termination_reason "
      "FROM agreement WHERE id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Agreement a;
  a.id = AgreementId(s.Get<std::int64_t>(0));
  a.point = PointId(s.Get<std::int64_t>(1));
  auto year = s.Get<std::optional<int>>(2);
  auto seq = s.Get<std::optional<int>>(3);
  if (year && seq) a.number = AgreementNumber(*seq, *year);
  a.family = FamilyId(s.Get<std::int64_t>(4));
  if (auto ch = s.Get<std::optional<std::int64_t>>(5)) a.child = ChildId(*ch);
  a.state = Parse<AgreementState>(s.Get<std::string>(6)).value_or(AgreementState::kDraft);
  a.start_date = StoredDate(s, 7, "agreement.start_date");
  a.due_date = StoredDate(s, 8, "agreement.due_date");
  a.delivery_mode = Parse<DeliveryMode>(s.Get<std::string>(9)).value_or(DeliveryMode::kAtPoint);
  a.created_at = StoredTimestamp(s, 10, "agreement.created_at");
  a.activated_at = StoredOptionalTimestamp(s, 11, "agreement.activated_at");
  a.closed_at = StoredOptionalTimestamp(s, 12, "agreement.closed_at");
  a.terminated_on = StoredOptionalDate(s, 13, "agreement.terminated_on");
  a.termination_reason = s.Get<std::optional<std::string>>(14).value_or("");
  a.qr_code = AgreementCode(a.id);
  if (IsOpenState(a.state) && today > a.due_date) a.days_overdue = (today - a.due_date).count();
  auto lines = c.Prepare(
      "SELECT ai.item_id, ai.kit_id, i.inventory_number, i.name, i.status, ai.open, "
      "ai.returned_on FROM agreement_item ai JOIN item i ON i.id = ai.item_id "
      "WHERE ai.agreement_id = ? ORDER BY ai.item_id");
  lines.BindAll(id.value);
  while (lines.Step()) {
    AgreementLine l;
    l.item = ItemId(lines.Get<std::int64_t>(0));
    if (auto k = lines.Get<std::optional<std::int64_t>>(1)) l.kit = KitId(*k);
    l.inventory_number = lines.Get<std::string>(2);
    l.name = lines.Get<std::string>(3);
    l.status = Parse<ItemStatus>(lines.Get<std::string>(4)).value_or(ItemStatus::kAvailable);
    l.open = lines.Get<bool>(5);
    l.returned_on = StoredOptionalDate(lines, 6, "agreement_item.returned_on");
    a.lines.push_back(std::move(l));
  }
  lines.Reset();
  auto extensions = c.Prepare(
      "SELECT old_due_date, new_due_date, reason, at, by_user FROM extension WHERE agreement_id = "
      "? "
      "ORDER BY id");
  extensions.BindAll(id.value);
  while (extensions.Step()) {
    a.extensions.push_back(
        {StoredDate(extensions, 0, "extension.old_due_date"),
         StoredDate(extensions, 1, "extension.new_due_date"), extensions.Get<std::string>(2),
         StoredTimestamp(extensions, 3, "extension.at"), UserId(extensions.Get<std::int64_t>(4))});
  }
  return a;
}

std::optional<HandoverAct> LoadHandoverAct(db::Connection& c, AgreementId id) {
  auto s = c.Prepare(
      "SELECT h.id, h.signed_at, h.delivery_mode, h.staff_id, h.rules_versions, a.seq, a.year, "
      "h.snapshot "
      "FROM handover_act h JOIN agreement a ON a.id = h.agreement_id WHERE h.agreement_id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  HandoverAct act;
  act.id = HandoverActId(s.Get<std::int64_t>(0));
  act.agreement = id;
  act.signed_at = StoredTimestamp(s, 1, "handover_act.signed_at");
  act.delivery_mode = Parse<DeliveryMode>(s.Get<std::string>(2)).value_or(DeliveryMode::kAtPoint);
  act.staff = UserId(s.Get<std::int64_t>(3));
  for (const auto& v : SplitLines(s.Get<std::string>(4)))
    act.rules_versions.emplace_back(std::stoll(v));
  act.agreement_number = AgreementNumber(s.Get<int>(5), s.Get<int>(6));
  act.parties = DecodeParties(s.Get<std::string>(7));
  s.Reset();
  auto lines = c.Prepare(
      "SELECT item_id, inventory_number, name, condition, components, documents, kit_id, "
      "serial_number, missing_at_issue "
      "FROM handover_act_item WHERE act_id = ? ORDER BY item_id");
  lines.BindAll(act.id.value);
  while (lines.Step()) {
    HandoverLine l;
    l.item = ItemId(lines.Get<std::int64_t>(0));
    l.inventory_number = lines.Get<std::string>(1);
    l.name = lines.Get<std::string>(2);
    l.condition = Parse<ItemCondition>(lines.Get<std::string>(3)).value_or(ItemCondition::kGood);
    for (const auto& comp : SplitLines(lines.Get<std::string>(4))) {
      auto tab = comp.rfind('\t');
      l.components.push_back({comp.substr(0, tab), std::stoi(comp.substr(tab + 1))});
    }
    l.documents = SplitLines(lines.Get<std::string>(5));
    if (auto k = lines.Get<std::optional<std::int64_t>>(6)) l.kit = KitId(*k);
    l.serial_number = lines.Get<std::string>(7);
    l.missing_at_issue = SplitLines(lines.Get<std::string>(8));
    act.lines.push_back(std::move(l));
  }
  return act;
}

Result<Agreement> CreateDraftIn(db::Connection& c, const Clock& clock,
                                const InventorySettings& settings, const Actor& actor,
                                const NewAgreement& in) {
  Date today = LocalToday(clock, settings);
  Date start = in.start_date.value_or(today);
  if (start < today - std::chrono::days(30) || start > today + std::chrono::days(30))
    return Error::InvalidArgument("start date must be within 30 days of today", "start_date");
  const Date due = in.due_date.DueFrom(start);
  if (due < AddMonths(start, settings.min_term_months) ||
      due > AddMonths(start, settings.max_term_months)) {
    return Error::RuleViolation("term_out_of_bounds",
                                "the term must be between " +
                                    std::to_string(settings.min_term_months) + " and " +
                                    std::to_string(settings.max_term_months) + " months",
                                "due_date");
  }
  if (in.items.empty() && in.kits.empty())
    return Error::InvalidArgument("an agreement needs at least one item or kit", "items");
  auto family_point = DeskPointOf(c, actor, Owned::kFamily, in.family.value);
  if (!family_point) return family_point.error();
  const std::int64_t point = family_point->value;
  if (in.child) {
    auto ch = c.Prepare("SELECT family_id FROM child WHERE id = ?");
    if (!ch.BindAll(in.child->value).Step()) return Error::NotFound("no such child", "child");
    if (ch.Get<std::int64_t>(0) != in.family.value)
      return Error::InvalidArgument("the child is not of this family", "child");
  }
  // (item, kit) in order: loose items, then each kit's items.
  std::vector<std::pair<ItemId, std::optional<KitId>>> lines;
  for (auto item : in.items) lines.emplace_back(item, std::nullopt);
  for (auto kit : in.kits) {
    auto k = c.Prepare("SELECT point_id, taken_apart_at FROM kit WHERE id = ?");
    if (!k.BindAll(kit.value).Step()) return Error::NotFound("no such kit", "kits");
    if (!k.IsNull(1))
      return Error::RuleViolation("kit_taken_apart", "the kit was taken apart", "kits");
    k.Reset();
    auto ki = c.Prepare("SELECT item_id FROM kit_item WHERE kit_id = ? ORDER BY item_id");
    ki.BindAll(kit.value);
    while (ki.Step()) lines.emplace_back(ItemId(ki.Get<std::int64_t>(0)), kit);
  }
  std::set<ItemId> seen;
  for (const auto& [item, kit] : lines) {
    if (!seen.insert(item).second)
      return Error::InvalidArgument("item " + std::to_string(item.value) + " is listed twice",
                                    "items");
    auto s = c.Prepare("SELECT point_id, status, inventory_number FROM item WHERE id = ?");
    if (!s.BindAll(item.value).Step())
      return Error::NotFound("no such item: " + std::to_string(item.value), "items");
    if (s.Get<std::int64_t>(0) != point)
      return Error::RuleViolation("item_at_other_point",
                                  "item " + s.Get<std::string>(2) + " belongs to another point",
                                  "items");
    auto status = Parse<ItemStatus>(s.Get<std::string>(1));
    if (status == ItemStatus::kWrittenOff || status == ItemStatus::kLost)
      return Error::RuleViolation(
          "item_not_available",
          "item " + s.Get<std::string>(2) + " is " + std::string(ToString(*status)), "items");
    s.Reset();
    if (auto r = CheckNoOpenDefects(c, item, "items"); !r) return r.error();
    if (auto r = CheckTypeTermLimit(c, item, start, due, "due_date"); !r) return r.error();
  }
  std::optional<std::int64_t> child;
  if (in.child) child = in.child->value;
  c.Prepare(
       "INSERT INTO agreement(point_id, family_id, child_id, state, start_date, due_date, "
       "delivery_mode, created_at, created_by) VALUES(?,?,?,'draft',?,?,?,?,?)")
      .BindAll(point, in.family.value, child, FormatDate(start), FormatDate(due),
               ToString(in.delivery_mode), Now(clock), actor.user.value)
      .Run();
  AgreementId id(c.LastInsertRowId());
  auto ins = c.Prepare("INSERT INTO agreement_item(agreement_id, item_id, kit_id) VALUES(?,?,?)");
  for (const auto& [item, kit] : lines) {
    std::optional<std::int64_t> k;
    if (kit) k = kit->value;
    ins.BindAll(id.value, item.value, k).Run();
  }
  Audit(c, clock, actor, "agreement.draft", Subject(id));
  return *LoadAgreement(c, id, today);
}

std::vector<RequiredRules> RequiredRulesIn(db::Connection& c, AgreementId id) {
  std::vector<RequiredRules> out;
  auto s = c.Prepare(
      "SELECT v.id, v.document_id, d.title, v.version, v.text, v.published_at, "
      "EXISTS (SELECT 1 FROM rules_acknowledgment r WHERE r.agreement_id = ?1 AND "
      "r.rules_version_id = v.id) FROM rules_document d "
      "JOIN rules_version v ON v.document_id = d.id AND v.version = "
      "(SELECT MAX(version) FROM rules_version WHERE document_id = d.id) "
      "WHERE d.id IN (SELECT t.rules_document_id FROM agreement_item ai "
      "JOIN item i ON i.id = ai.item_id JOIN item_type t ON t.id = i.type_id "
      "WHERE ai.agreement_id = ?1) ORDER BY d.id");
  s.BindAll(id.value);
  while (s.Step()) {
    RequiredRules r;
    r.rules = RulesVersion{RulesVersionId(s.Get<std::int64_t>(0)),
                           RulesDocumentId(s.Get<std::int64_t>(1)),
                           s.Get<std::string>(2),
                           s.Get<int>(3),
                           s.Get<std::string>(4),
                           StoredTimestamp(s, 5, "rules_version.published_at")};
    r.acknowledged = s.Get<bool>(6);
    out.push_back(std::move(r));
  }
  return out;
}

Result<RulesAcknowledgment> AcknowledgeIn(db::Connection& c, const Clock& clock,
                                          const InventorySettings& settings, const Actor& actor,
                                          AgreementId id, RulesVersionId rules) {
  if (auto p = DeskPointOf(c, actor, Owned::kAgreement, id.value); !p) return p.error();
  auto a = LoadAgreement(c, id, LocalToday(clock, settings));
  if (a->state != AgreementState::kDraft)
    return Error::RuleViolation("agreement_not_draft", "rules are acknowledged before activation",
                                "agreement");
  auto required = RequiredRulesIn(c, id);
  if (std::none_of(required.begin(), required.end(),
                   [&](const RequiredRules& r) { return r.rules.id == rules; }))
    return Error::RuleViolation("rules_not_applicable",
                                "these rules (or this version) do not apply to this agreement",
                                "rules");
  auto existing = c.Prepare(
      "SELECT acknowledged_at, explained_by FROM rules_acknowledgment WHERE agreement_id = ? "
      "AND rules_version_id = ?");
  if (existing.BindAll(id.value, rules.value).Step())
    return RulesAcknowledgment{id, rules,
                               StoredTimestamp(existing, 0, "rules_acknowledgment.acknowledged_at"),
                               UserId(existing.Get<std::int64_t>(1))};
  existing.Reset();
  const Timestamp now = NowTimestamp(clock);
  c.Prepare(
       "INSERT INTO rules_acknowledgment(agreement_id, family_id, rules_version_id, "
       "acknowledged_at, explained_by) VALUES(?,?,?,?,?)")
      .BindAll(id.value, a->family.value, rules.value, FormatTimestamp(now), actor.user.value)
      .Run();
  Audit(c, clock, actor, "rules.acknowledge", Subject(id),
        "rules_version/" + std::to_string(rules.value));
  return RulesAcknowledgment{id, rules, now, actor.user};
}

Result<HandoverAct> ActivateIn(db::Connection& c, const Clock& clock,
                               const InventorySettings& settings, const Actor& actor,
                               AgreementId id) {
  if (auto p = DeskPointOf(c, actor, Owned::kAgreement, id.value); !p) return p.error();
  Date today = LocalToday(clock, settings);
  auto a = LoadAgreement(c, id, today);
  if (a->state != AgreementState::kDraft)
    return Error::RuleViolation(
        "agreement_not_draft",
        "only a draft can be activated; this one is " + std::string(ToString(a->state)),
        "agreement");
  std::string versions;
  for (const auto& r : RequiredRulesIn(c, id)) {
    if (!r.acknowledged)
      return Error::RuleViolation("rules_not_acknowledged",
                                  "the family has not acknowledged \"" + r.rules.title +
                                      "\" version " + std::to_string(r.rules.version),
                                  "rules");
    versions += std::to_string(r.rules.id.value) + "\n";
  }
  bool reserved = false;
  for (const auto& line : a->lines) {
    if (auto r = CheckNoOpenDefects(c, line.item, "items"); !r) return r.error();
    if (line.status == ItemStatus::kReserved) {
      reserved = true;
      auto res = c.Prepare(
          "SELECT family_id FROM application WHERE reserved_item_id = ? AND status = 'reserved'");
      bool ours =
          res.BindAll(line.item.value).Step() && res.Get<std::int64_t>(0) == a->family.value;
      if (!ours)
        return Error::Conflict("item_reserved_for_other_family",
                               "item " + line.inventory_number + " is reserved for another family",
                               "items");
    } else if (line.status != ItemStatus::kAvailable) {
      return Error::Conflict(
          "item_not_available",
          "item " + line.inventory_number + " is " + std::string(ToString(line.status)), "items");
    }
  }
  // Number within point and year of activation.
  int year = static_cast<int>(std::chrono::year_month_day(today).year());
  auto next =
      c.Prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM agreement WHERE point_id = ? AND year = ?");
  next.BindAll(a->point.value, year).Step();
  int seq = next.Get<int>(0);
  next.Reset();
  std::string now = Now(clock);
  c.Prepare(
       "UPDATE agreement SET state = 'active', year = ?, seq = ?, activated_at = ? WHERE id = ?")
      .BindAll(year, seq, now, id.value)
      .Run();
  c.Prepare("UPDATE agreement_item SET open = 1 WHERE agreement_id = ?").BindAll(id.value).Run();
  c.Prepare(
       "INSERT INTO handover_act(agreement_id, signed_at, delivery_mode, staff_id, "
       "rules_versions, snapshot) VALUES(?,?,?,?,?,?)")
      .BindAll(id.value, now, ToString(a->delivery_mode), actor.user.value, versions,
               EncodeParties(PartiesNow(c, id, actor.user)))
      .Run();
  std::int64_t act = c.LastInsertRowId();
  // The snapshot is taken from the items as they are now; it is never rewritten.
  c.Prepare(
       "INSERT INTO handover_act_item(act_id, item_id, inventory_number, name, condition, "
       "components, documents, kit_id, serial_number, missing_at_issue) "
       "SELECT ?1, i.id, i.inventory_number, i.name, i.condition, "
       "COALESCE((SELECT group_concat(name || char(9) || quantity, char(10)) FROM "
       "(SELECT name, quantity FROM item_component WHERE item_id = i.id ORDER BY id)), ''), "
       "COALESCE((SELECT group_concat(name, char(10)) FROM "
       "(SELECT name FROM item_document WHERE item_id = i.id ORDER BY id)), ''), ai.kit_id, "
       "i.serial_number, "
       "COALESCE((SELECT group_concat(component, char(10)) FROM (SELECT component FROM "
       "item_defect WHERE item_id = i.id AND kind = 'missing' AND restored_at IS NULL "
       "ORDER BY id)), '') "
       "FROM agreement_item ai JOIN item i ON i.id = ai.item_id WHERE ai.agreement_id = ?2")
      .BindAll(act, id.value)
      .Run();
  ItemStatus to = a->delivery_mode == DeliveryMode::kDelivery ? ItemStatus::kOutForDelivery
                                                              : ItemStatus::kOnLoan;
  for (const auto& line : a->lines) {
    MoveItem(c, clock, actor, line.item, line.status, to, id, "handover");
  }
  if (reserved) {
    c.Prepare(
         "UPDATE application SET status = 'fulfilled', agreement_id = ? WHERE status = "
         "'reserved' AND family_id = ? AND reserved_item_id IN (SELECT item_id FROM "
         "agreement_item WHERE agreement_id = ?)")
        .BindAll(id.value, a->family.value, id.value)
        .Run();
  }
  Audit(c, clock, actor, "agreement.activate", Subject(id), AgreementNumber(seq, year));
  return *LoadHandoverAct(c, id);
}

}  // namespace internal

Result<Agreement> AgreementService::CreateDraft(const Actor& actor, const NewAgreement& draft) {
  return internal::WriteTx<Agreement>(db_, [&](db::Connection& c) {
    return internal::CreateDraftIn(c, clock_, settings_.Get(), actor, draft);
  });
}

Result<Agreement> AgreementService::CancelDraft(const Actor& actor, AgreementId id) {
  return internal::WriteTx<Agreement>(db_, [&](db::Connection& c) -> Result<Agreement> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kAgreement, id.value); !p)
      return p.error();
    Date today = LocalToday(clock_, settings_.Get());
    auto a = internal::LoadAgreement(c, id, today);
    if (a->state != AgreementState::kDraft)
      return Error::RuleViolation("agreement_not_draft", "only a draft can be cancelled",
                                  "agreement");
    c.Prepare("UPDATE agreement SET state = 'cancelled', closed_at = ? WHERE id = ?")
        .BindAll(internal::Now(clock_), id.value)
        .Run();
    internal::Audit(c, clock_, actor, "agreement.cancel", internal::Subject(id));
    return *internal::LoadAgreement(c, id, today);
  });
}

Result<std::vector<RequiredRules>> AgreementService::RulesToAcknowledge(const Actor& actor,
                                                                        AgreementId id) {
  return internal::ReadTx<std::vector<RequiredRules>>(
      db_, [&](db::Connection& c) -> Result<std::vector<RequiredRules>> {
        if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kAgreement, id.value); !p)
          return p.error();
        return internal::RequiredRulesIn(c, id);
      });
}

Result<RulesAcknowledgment> AgreementService::AcknowledgeRules(const Actor& actor, AgreementId id,
                                                               RulesVersionId rules) {
  return internal::WriteTx<RulesAcknowledgment>(db_, [&](db::Connection& c) {
    return internal::AcknowledgeIn(c, clock_, settings_.Get(), actor, id, rules);
  });
}

Result<HandoverAct> AgreementService::Activate(const Actor& actor, AgreementId id) {
  return internal::WriteTx<HandoverAct>(db_, [&](db::Connection& c) {
    return internal::ActivateIn(c, clock_, settings_.Get(), actor, id);
  });
}

Result<Agreement> AgreementService::Get(const Actor& actor, AgreementId id) {
  return internal::ReadTx<Agreement>(db_, [&](db::Connection& c) -> Result<Agreement> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kAgreement, id.value); !p)
      return p.error();
    return *internal::LoadAgreement(c, id, LocalToday(clock_, settings_.Get()));
  });
}

Result<Page<Agreement>> AgreementService::List(const Actor& actor, const AgreementFilter& f,
                                               const PageRequest& page) {
  auto before = internal::CursorId(page.after);
  if (!before) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  Date today = LocalToday(clock_, settings_.Get());
  return internal::ReadTx<Page<Agreement>>(db_, [&](db::Connection& c) -> Result<Page<Agreement>> {
    auto scope = internal::ScopeOf(c, actor);
    if (!scope) return scope.error();
    auto points = internal::PointsParam(*scope, f.point);
    if (!points) return points.error();
    auto s = c.Prepare(
        "SELECT id FROM agreement WHERE (?1 = 0 OR id < ?1) AND (?2 IS NULL OR state = ?2) AND "
        "(?3 IS NULL OR family_id = ?3) AND "
        "(?4 IS NULL OR point_id IN (SELECT value FROM json_each(?4))) AND "
        "(?5 = 0 OR state IN ('active', 'extended', 'partly_returned')) AND "
        "(?6 = 0 OR (state IN ('active', 'extended', 'partly_returned') AND due_date < ?7)) "
        "ORDER BY id DESC LIMIT ?8");
    std::optional<std::string_view> state;
    if (f.state) state = ToString(*f.state);
    std::optional<std::int64_t> family;
    if (f.family) family = f.family->value;
    s.BindAll(*before, state, family, *points, f.open_only, f.overdue_only, FormatDate(today),
              limit + 1);
    std::vector<AgreementId> ids;
    while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
    s.Reset();
    Page<Agreement> out;
    for (std::size_t i = 0; i < ids.size() && static_cast<int>(i) < limit; ++i)
      out.items.push_back(*internal::LoadAgreement(c, ids[i], today));
    if (static_cast<int>(ids.size()) > limit)
      out.next_cursor = std::to_string(out.items.back().id.value);
    return out;
  });
}

Result<HandoverAct> AgreementService::GetHandoverAct(const Actor& actor, AgreementId id) {
  return internal::ReadTx<HandoverAct>(db_, [&](db::Connection& c) -> Result<HandoverAct> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kAgreement, id.value); !p)
      return p.error();
    auto act = internal::LoadHandoverAct(c, id);
    if (!act) return Error::NotFound("no handover act for this agreement", "agreement");
    return *act;
  });
}

}  // namespace prokat::inventory
