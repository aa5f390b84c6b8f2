// Private: what the agreement's documents are drawn from, loaded once per document.
#pragma once

#include <optional>
#include <string>

#include "common.hpp"

namespace prokat::documents {

struct AgreementData {
  inventory::Agreement agreement;
  // The family's current record, with the representative, address and phone as the handover
  // act's snapshot has them once the agreement is active.
  inventory::Family family;
  std::optional<inventory::HandoverAct> act;  // std::nullopt while a draft
  std::string staff_name;                     // who signed the handover act
  Letterhead head;
  Vars vars;  // head.vars, the family's, and agreement.start_date/due_date
  std::vector<inventory::ActSignature> signatures;  // of all the agreement's acts

  // The handover act's line of `item`, or nullptr.
  const inventory::HandoverLine* Line(inventory::ItemId item) const;
  // The bytes of `signer`'s captured signature on the handover act (`act` std::nullopt) or a
  // return act; empty when there is none (signed on paper) or its file cannot be read.
  std::string Signature(std::optional<inventory::ReturnActId> act, inventory::Signer signer) const;
  // Takes the parties of an act's snapshot into family, vars and staff_name.
  void UseParties(const inventory::ActParties& parties);
};

// kRuleViolation "agreement_not_active" when `need_act` and the agreement is still a draft
// (or was cancelled); kNotFound.
Result<AgreementData> LoadAgreementData(const Sources& s, const inventory::Actor& actor,
                                        inventory::AgreementId id, bool need_act);

// "Ссудодатель: ...", "Ссудополучатель: ...", the child.
void DrawParties(PdfWriter& pdf, const AgreementData& d);

}  // namespace prokat::documents
