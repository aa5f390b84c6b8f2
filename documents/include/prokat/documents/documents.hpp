// The printed documents of a rental point as PDF (A4), rendered from the inventory's records:
// the loan agreement, the handover act (from its immutable snapshot), the usage rules, the
// return acts, the multibox act and use report, the application and the consent for a family,
// and sheets of item labels. Each act carries a QR code of the agreement's code
// (inventory::AgreementCode), so scanning the paper opens the agreement.
//
// Every function returns the PDF bytes, or the services' error (kNotFound for an unknown id,
// kRuleViolation "agreement_not_active" for acts of a draft, "not_a_multibox"). Functions that
// show a family's personal data take the actor: reading it writes the "family.view" audit row.
// Thread-safe as the services are; each call renders into its own writer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prokat/core/result.hpp"
#include "prokat/inventory/inventory.hpp"

namespace prokat::documents {

struct Sources {
  inventory::Inventory& inventory;
  inventory::SettingsRef settings;  // read when a document is rendered: a change is seen at once
};

Result<std::string> AgreementPdf(const Sources& s, const inventory::Actor& actor,
                                 inventory::AgreementId id);
Result<std::string> HandoverActPdf(const Sources& s, const inventory::Actor& actor,
                                   inventory::AgreementId id);
// kNotFound unless `act` is a return act of agreement `id`.
Result<std::string> ReturnActPdf(const Sources& s, const inventory::Actor& actor,
                                 inventory::AgreementId id, inventory::ReturnActId act);
// The rules versions the family acknowledged on the agreement (with a signature line), or,
// for an item type, the version in force.
Result<std::string> AgreementRulesPdf(const Sources& s, const inventory::Actor& actor,
                                      inventory::AgreementId id);
Result<std::string> ItemTypeRulesPdf(const Sources& s, inventory::ItemTypeId type);
// A draft of the rules, printed as a published version is but marked as a draft; nothing is
// stored. kInvalidArgument (title, text) when empty.
Result<std::string> RulesPreviewPdf(const Sources& s, const std::string& title,
                                    const std::string& text);
// A draft text of a document template over made-up sample data (a family, a child, an
// agreement, a kit) and the organisation's letterhead at the actor's first point; nothing is
// stored. kInvalidArgument (field text) when the text is empty.
Result<std::string> TemplatePreviewPdf(const Sources& s, const inventory::Actor& actor,
                                       inventory::TemplateKind kind, const std::string& text);

Result<std::string> MultiboxActPdf(const Sources& s, const inventory::Actor& actor,
                                   inventory::AgreementId id);
Result<std::string> MultiboxReportPdf(const Sources& s, const inventory::Actor& actor,
                                      inventory::AgreementId id);

// Pre-filled from the family's record; `application` names the requested item type.
Result<std::string> ApplicationPdf(const Sources& s, const inventory::Actor& actor,
                                   inventory::FamilyId family,
                                   std::optional<inventory::ApplicationId> application);
Result<std::string> ConsentPdf(const Sources& s, const inventory::Actor& actor,
                               inventory::FamilyId family);

// The item's newest act of a write-off (kind kWriteOff, акт списания) or of a loss (kLoss, акт
// об утрате): the supervisor's name, the reason, the item's number, name, cost and funding
// source, the date. kNotFound (field act) when the item has no such act.
Result<std::string> DisposalActPdf(const Sources& s, const inventory::Actor& actor,
                                   inventory::ItemId id, inventory::DisposalKind kind);

// A4 sheets (3 x 8 labels of 70 x 37 mm) of the items' labels, then the kits' labels.
// kInvalidArgument (field "items") when both lists are empty or hold over 500 ids.
Result<std::string> LabelSheetPdf(const Sources& s, const inventory::Actor& actor,
                                  const std::vector<inventory::ItemId>& items,
                                  const std::vector<inventory::KitId>& kits);

}  // namespace prokat::documents
