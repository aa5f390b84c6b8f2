// Connection-level steps of an item's care, shared by the catalogue, the agreements (returns,
// drafts, activation) and CareService. Each runs inside the caller's write transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "internal.hpp"
#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/care.hpp"

namespace prokat::inventory::internal {

// The item as stored, with its defects not yet made good; std::nullopt when it does not exist.
std::optional<Item> LoadItem(db::Connection& c, ItemId id);
// The item's defects, oldest first: every one, or only those not yet made good.
std::vector<ItemDefect> LoadDefects(db::Connection& c, ItemId id, bool current_only);

// kRuleViolation "item_has_defects" (field `field`) naming the item and what is missing or
// damaged, while it has an open defect.
Result<void> CheckNoOpenDefects(db::Connection& c, ItemId id, std::string_view field);

// What return act `act` found on one item: a defect per missing component (unless the part was
// already missing when the item was handed over, on a supervisor's acceptance) and one for the
// damage note, with the care journal's row.
void RecordReturnDefects(db::Connection& c, const Clock& clock, const Actor& actor, AgreementId id,
                         ReturnActId act, const ReturnLine& line);

// Makes every defect still on the item good (a finished repair).
void RestoreAllDefects(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id);

void AddCareStep(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                 CareStepKind kind, std::string_view note);

// The act of a write-off or a loss, and its care journal row.
void RecordDisposal(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                    DisposalKind kind, const std::string& reason);

// CatalogService::WriteOff and MarkLost inside a transaction (their errors, their act).
Result<Item> WriteOffIn(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                        const std::string& reason);
Result<Item> MarkLostIn(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                        const std::string& note);

}  // namespace prokat::inventory::internal
