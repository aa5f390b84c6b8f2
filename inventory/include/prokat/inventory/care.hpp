// An item's care after its return (уход за оборудованием после возврата): what a return act
// found missing or damaged stays on the item (ItemDefect, catalog.hpp) until staff make it
// good or a supervisor decides; every step of inspection, cleaning and repair is recorded with
// who and when (журнал ухода); a write-off or a loss is an act (акт списания, акт об утрате).
//
// An item with an open defect is not lent: a draft, an activation and the waiting list refuse
// or pass it by (kRuleViolation "item_has_defects" naming the item and what is wrong).
//
// Thread-safe: every call is one transaction on db::Database; every change writes its care
// journal row and audit row, and its movement-journal row when the item's status changes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::inventory {

using CareStepId = Id<struct CareStepTag>;
using DisposalActId = Id<struct DisposalActTag>;

enum class CareStepKind {
  kDefectsFound,  // a return act listed missing parts or damage
  kInspection,
  kCleaning,
  kRepair,
  kRestored,  // missing parts or damage made good
  kDecisionRepair,
  kDecisionLendIncomplete,
  kDecisionWriteOff,
  kDecisionLost,
};
// "defects_found", "inspection", "cleaning", "repair", "restored", "decision_repair",
// "decision_lend_incomplete", "decision_write_off", "decision_lost".
std::string_view ToString(CareStepKind kind);
std::optional<CareStepKind> ParseCareStepKind(std::string_view name);

struct CareStep {
  CareStepId id;
  CareStepKind kind = CareStepKind::kInspection;
  Timestamp at;
  UserId by;
  std::string by_name;
  std::string note;
};

enum class DisposalKind { kWriteOff, kLoss };
std::string_view ToString(DisposalKind kind);  // "write_off", "loss"

// Акт списания / акт об утрате: a supervisor's (or an admin's) decision, as signed. Immutable.
struct DisposalAct {
  DisposalActId id;
  ItemId item;
  DisposalKind kind = DisposalKind::kWriteOff;
  std::string reason;
  Timestamp decided_at;
  UserId decided_by;
  std::string decider;  // the decider's name when the act was made
};

struct ItemCare {
  ItemId item;
  std::vector<ItemDefect> defects;  // every defect ever found, made good or not, oldest first
  std::vector<CareStep> journal;    // oldest first
  std::vector<DisposalAct> acts;    // oldest first
};

// What a supervisor decides for an item with something missing or damaged.
enum class CareDecision {
  kRepair,          // inspection or available -> in_repair
  kLendIncomplete,  // the open defects are accepted; inspection or in_repair -> available
  kWriteOff,        // -> written_off, with the act
  kLost,            // -> lost, with the act
};
std::optional<CareDecision> ParseCareDecision(std::string_view name);

class CareService {
 public:
  CareService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // kNotFound for an item of a point outside the actor's.
  Result<ItemCare> Get(const Actor& actor, ItemId item);

  // A step taken without a change of status: kInspection, kCleaning (at the point: inspection,
  // available, in_repair), kRepair (in_repair). kInvalidArgument (kind, field kind);
  // kRuleViolation "item_not_at_point" otherwise. Desk roles.
  Result<ItemCare> RecordStep(const Actor& actor, ItemId item, CareStepKind kind,
                              const std::string& note);

  // The listed defects (all of the item's when `defects` is empty) are made good: the part is
  // back, the damage mended. The status does not change. kInvalidArgument (field defects) for
  // a defect not on the item or already made good; kRuleViolation "no_defects" when there is
  // nothing to make good. Desk roles.
  Result<Item> MarkRestored(const Actor& actor, ItemId item, const std::vector<DefectId>& defects,
                            const std::string& note);

  // A supervisor's or an admin's decision (kForbidden, field actor), with a reason
  // (kInvalidArgument). kLendIncomplete needs an open defect (kRuleViolation "no_open_defects");
  // kRepair and kLendIncomplete answer kRuleViolation "item_not_at_point" for an item that is
  // out, written off or lost; kWriteOff and kLost as CatalogService::WriteOff and MarkLost.
  Result<Item> Decide(const Actor& actor, ItemId item, CareDecision decision,
                      const std::string& reason);

  // The item's newest act of that kind. kNotFound (field act) when there is none.
  Result<DisposalAct> LatestAct(const Actor& actor, ItemId item, DisposalKind kind);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
