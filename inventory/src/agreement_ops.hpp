// Connection-level agreement operations, shared by AgreementService, DeliveryService and the
// demo-data generator. Each runs inside the caller's write transaction; on a failed Result the
// caller's transaction must roll back (db::Database::Write does).
#pragma once

#include <optional>

#include "internal.hpp"
#include "prokat/inventory/agreements.hpp"

namespace prokat::inventory::internal {

std::optional<Agreement> LoadAgreement(db::Connection& c, AgreementId id, Date today);
std::optional<HandoverAct> LoadHandoverAct(db::Connection& c, AgreementId id);
ReturnAct LoadReturnAct(db::Connection& c, ReturnActId id);

Result<Agreement> CreateDraftIn(db::Connection& c, const Clock& clock,
                                const InventorySettings& settings, const Actor& actor,
                                const NewAgreement& draft);
Result<RulesAcknowledgment> AcknowledgeIn(db::Connection& c, const Clock& clock,
                                          const InventorySettings& settings, const Actor& actor,
                                          AgreementId id, RulesVersionId rules);
std::vector<RequiredRules> RequiredRulesIn(db::Connection& c, AgreementId id);
Result<HandoverAct> ActivateIn(db::Connection& c, const Clock& clock,
                               const InventorySettings& settings, const Actor& actor,
                               AgreementId id);
Result<ReturnAct> ReturnIn(db::Connection& c, const Clock& clock, const InventorySettings& settings,
                           const Actor& actor, AgreementId id, const ReturnRequest& request,
                           std::optional<DeliveryId> pickup);
Result<Agreement> ExtendIn(db::Connection& c, const Clock& clock, const InventorySettings& settings,
                           const Actor& actor, AgreementId id, Date new_due_date,
                           const std::string& reason);

bool IsOpenState(AgreementState s);

// kRuleViolation "term_over_type_limit" (field `field`) when `due` is later than `start` plus
// the term limit of the item's type (ItemType::max_term_days).
Result<void> CheckTypeTermLimit(db::Connection& c, ItemId item, Date start, Date due,
                                const char* field);

// The parties of agreement `id` as they are now, `staff` signing for the point.
ActParties PartiesNow(db::Connection& c, AgreementId id, UserId staff);
// The stored form of an act's parties (handover_act.snapshot, return_act.snapshot): one
// "key<TAB>value" line each, with backslash, tab and newline escaped; std::nullopt for the
// empty text of an act made before migration 0006.
std::string EncodeParties(const ActParties& p);
std::optional<ActParties> DecodeParties(const std::string& text);

}  // namespace prokat::inventory::internal
