// Loan agreements (Договор безвозмездного временного пользования оборудованием), the rules
// acknowledgment (Журнал учета ознакомления с правилами), the handover act (Акт
// приема-передачи) and return acts (Акт возврата).
//
// Life of an agreement: draft -> active (rules acknowledged, handover act signed) -> extended
// -> partly returned -> closed; an active agreement can be terminated early (it then becomes
// "terminated" when the last item is back); a draft can be cancelled.
//
// Thread-safe: every mutating call is ONE transaction holding the state change, its
// movement-journal rows and its audit row; on any error nothing of the call is stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct AgreementLine {
  ItemId item;
  std::optional<KitId> kit;  // set when the item went out as part of a kit or multibox
  std::string inventory_number;
  std::string name;
  ItemStatus status = ItemStatus::kAvailable;  // the item's current status
  bool open = false;                           // handed over and not yet back
  std::optional<Date> returned_on;
};

// Продление: one extension of an agreement's term.
struct Extension {
  Date old_due_date;
  Date new_due_date;
  std::string reason;
  Timestamp at;
  UserId by;
};

struct Agreement {
  AgreementId id;
  std::string number;  // "17/2026"; empty while a draft (numbers are given at activation)
  PointId point;
  FamilyId family;
  std::optional<ChildId> child;
  AgreementState state = AgreementState::kDraft;
  Date start_date;
  Date due_date;
  DeliveryMode delivery_mode = DeliveryMode::kAtPoint;
  Timestamp created_at;
  std::optional<Timestamp> activated_at;  // std::nullopt while a draft
  std::optional<Timestamp> closed_at;
  std::optional<Date> terminated_on;
  std::string termination_reason;
  std::vector<AgreementLine> lines;
  std::vector<Extension> extensions;  // oldest first
  int days_overdue = 0;  // > 0 when open and the due date (point's calendar) has passed
  std::string qr_code;   // AgreementCode(id), printed on the acts
};

// A loan's due date as the desk gives it: the date itself, or a number of calendar months
// counted from the loan's start (AddMonths: 31 January + 1 month = 28/29 February).
class LoanTerm {
 public:
  LoanTerm() = default;
  LoanTerm(Date due) : due_(due) {}  // a date is its own term
  static LoanTerm Months(int months) {
    LoanTerm term;
    term.months_ = months;
    return term;
  }
  // The due date of a loan that starts on `start`.
  Date DueFrom(Date start) const { return months_ ? AddMonths(start, *months_) : due_; }

 private:
  Date due_{};
  std::optional<int> months_;
};

struct NewAgreement {
  FamilyId family;
  std::optional<ChildId> child;    // a child of that family
  std::vector<ItemId> items;       // at the family's point, each once
  std::vector<KitId> kits;         // a kit brings all of its items
  std::optional<Date> start_date;  // default: today at the point; within 30 days of today
  LoanTerm due_date;               // due start + [min_term_months, max_term_months]
  DeliveryMode delivery_mode = DeliveryMode::kAtPoint;
};

struct RulesAcknowledgment {
  AgreementId agreement;
  RulesVersionId rules;
  Timestamp acknowledged_at;
  UserId explained_by;
};

// The rules an agreement needs acknowledged before activation: the newest version of the
// rules document of each item type in it.
struct RequiredRules {
  RulesVersion rules;
  bool acknowledged = false;
};

struct HandoverLine {
  ItemId item;
  std::string inventory_number;
  std::string name;
  std::string serial_number;  // empty when the item has none (or the act predates 0004)
  ItemCondition condition = ItemCondition::kGood;
  std::vector<Component> components;
  std::vector<std::string> documents;
  std::optional<KitId> kit;
  // Components not handed over: missing since an earlier return, lent so on a supervisor's
  // decision (CareDecision::kLendIncomplete). A later return does not count them against the
  // family.
  std::vector<std::string> missing_at_issue;
};

// The parties as they were when an act was signed, kept with the act so that editing the
// family (or the staff member's name) later does not change a reprint.
struct ActParties {
  std::string representative;  // the family's legal representative
  std::string address;
  std::string phone;
  std::string child_name;  // the agreement's child, else the family's first; empty if none
  std::optional<Date> child_birth_date;
  std::string staff_name;  // who signed the act for the point
};

// Immutable once written (the database refuses UPDATE and DELETE on it).
struct HandoverAct {
  HandoverActId id;
  AgreementId agreement;
  std::string agreement_number;
  Timestamp signed_at;
  DeliveryMode delivery_mode = DeliveryMode::kAtPoint;
  UserId staff;
  std::vector<RulesVersionId> rules_versions;  // what the family acknowledged
  std::vector<HandoverLine> lines;
  std::optional<ActParties> parties;  // std::nullopt for acts made before migration 0006
};

struct ReturnLine {
  ItemId item;
  ItemCondition condition = ItemCondition::kGood;
  std::vector<std::string> missing_components;  // names among the item's components
  std::string damage_note;
  // The family reports the item lost: it leaves the agreement as "lost" (the return act says
  // so) instead of going to inspection.
  bool lost = false;
};

struct ReturnRequest {
  std::vector<ReturnLine> items;
  // Each item of these kits that is not listed in `items` comes back in the condition it
  // was handed over in.
  std::vector<KitId> kits;
  std::optional<Date> returned_on;  // default today; not before the start, not in the future
  std::string note;
  std::optional<int> feedback_rating;  // анкета обратной связи: 1..5
  std::string feedback_comment;
};

struct ReturnAct {
  ReturnActId id;
  AgreementId agreement;
  Date returned_on;
  Timestamp signed_at;
  UserId staff;
  std::optional<DeliveryId> pickup;
  std::vector<ReturnLine> lines;
  std::string note;
  AgreementState agreement_state = AgreementState::kPartlyReturned;  // after this return
  std::optional<ActParties> parties;  // std::nullopt for acts made before migration 0006
};

struct AgreementFilter {
  std::optional<AgreementState> state;
  std::optional<FamilyId> family;
  std::optional<PointId> point;
  bool open_only = false;     // active, extended or partly returned
  bool overdue_only = false;  // open and due before today
};

class AgreementService {
 public:
  AgreementService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // A draft. kInvalidArgument (items empty or repeated, start_date, child), kNotFound (family,
  // child, item, kit), kRuleViolation "term_out_of_bounds" (field due_date),
  // "item_at_other_point", "item_not_available" (written off or lost), "item_has_defects"
  // (something missing or damaged since a return and not made good, see CareService).
  // Items are not locked by a draft; availability is decided at activation.
  Result<Agreement> CreateDraft(const Actor& actor, const NewAgreement& draft);
  // Cancels a draft (kRuleViolation "agreement_not_draft" otherwise).
  Result<Agreement> CancelDraft(const Actor& actor, AgreementId id);

  Result<std::vector<RequiredRules>> RulesToAcknowledge(const Actor& actor, AgreementId id);
  // Records that the family was told the rules, explained by `actor`. kRuleViolation
  // "agreement_not_draft", "rules_not_applicable" (not among RulesToAcknowledge), kNotFound.
  // Acknowledging twice is harmless (returns the first record).
  Result<RulesAcknowledgment> AcknowledgeRules(const Actor& actor, AgreementId id,
                                               RulesVersionId rules);

  // draft -> active: assigns the number, writes the handover act, and moves each item to
  // on_loan (at_point) or out_for_delivery (delivery; a confirmed delivery makes it on_loan).
  // kRuleViolation "agreement_not_draft", "rules_not_acknowledged" (field rules);
  // kConflict "item_not_available" (an item is not available, or is in another open
  // agreement, including when another connection lent it at the same moment),
  // "item_reserved_for_other_family"; kRuleViolation "item_has_defects" (see CareService).
  Result<HandoverAct> Activate(const Actor& actor, AgreementId id);

  // New due date, with a reason. kRuleViolation "extension_not_active" unless active,
  // extended or partly returned (and not terminated); kInvalidArgument (new_due_date not after
  // the current due date, reason empty); kRuleViolation "term_out_of_bounds" when the total
  // term would exceed max_total_term_months.
  Result<Agreement> Extend(const Actor& actor, AgreementId id, Date new_due_date,
                           const std::string& reason);

  // One return event (partial returns allowed). Items go to inspection. The agreement becomes
  // partly_returned, or closed (terminated, after an early termination) when all are back.
  // Signatures taken for this return (PhotoStore::AttachSignature, occasion return) and not
  // yet given to an act become this act's.
  // kRuleViolation "agreement_not_active", "item_not_in_agreement" (field items);
  // kConflict "item_already_returned"; kInvalidArgument (items empty or repeated,
  // missing_components not among the item's components, returned_on, feedback_rating).
  Result<ReturnAct> Return(const Actor& actor, AgreementId id, const ReturnRequest& request);

  // Early termination: the remaining items become due today. kRuleViolation
  // "agreement_not_active"; kInvalidArgument (reason).
  Result<Agreement> Terminate(const Actor& actor, AgreementId id, const std::string& reason);

  // A multibox swap in one visit: returns `old_kit` on agreement `id` (each item in the
  // condition given, default as handed over) and creates and activates a new agreement for
  // the same family with `new_kit`, due `due_date`, which carries over the acknowledgment
  // of the same rules versions. Returns the new handover act. Errors as Return and Activate.
  Result<HandoverAct> SwapMultibox(const Actor& actor, AgreementId id, KitId old_kit, KitId new_kit,
                                   LoanTerm due_date, const std::vector<ReturnLine>& old_kit_lines);

  // Every call on one agreement answers kNotFound for an agreement of a point outside the
  // actor's (see PointScope), as for one that does not exist.
  Result<Agreement> Get(const Actor& actor, AgreementId id);  // kNotFound
  // Newest first, of the actor's points or filter.point (kForbidden "point_not_allowed" when it
  // is not one of them). kInvalidArgument (cursor).
  Result<Page<Agreement>> List(const Actor& actor, const AgreementFilter& filter,
                               const PageRequest& page);
  Result<HandoverAct> GetHandoverAct(const Actor& actor,
                                     AgreementId id);  // kNotFound while a draft
  Result<std::vector<ReturnAct>> ListReturnActs(const Actor& actor, AgreementId id);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
