#include "acts_data.hpp"

#include <fstream>
#include <iterator>

namespace prokat::documents {

using namespace inventory;

const HandoverLine* AgreementData::Line(ItemId item) const {
  if (!act) return nullptr;
  for (const auto& l : act->lines)
    if (l.item == item) return &l;
  return nullptr;
}

std::string AgreementData::Signature(std::optional<ReturnActId> act, Signer signer) const {
  for (const auto& s : signatures) {
    if (s.return_act != act || s.signer != signer) continue;
    std::ifstream in(s.path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  return {};
}

void AgreementData::UseParties(const ActParties& p) {
  family.representative = p.representative;
  family.address = p.address;
  family.phone = p.phone;
  staff_name = p.staff_name;
  vars["family.representative"] = p.representative;
  vars["family.address"] = p.address;
  vars["family.phone"] = p.phone;
  vars["child.name"] = p.child_name.empty() ? "____________________" : p.child_name;
  vars["child.birth_date"] = p.child_birth_date ? DateRu(*p.child_birth_date) : "__________";
}

Result<AgreementData> LoadAgreementData(const Sources& s, const Actor& actor, AgreementId id,
                                        bool need_act) {
  AgreementData d;
  auto a = s.inventory.agreements.Get(actor, id);
  if (!a.ok()) return a.error();
  d.agreement = std::move(*a);
  if (d.agreement.state != AgreementState::kDraft &&
      d.agreement.state != AgreementState::kCancelled) {
    auto act = s.inventory.agreements.GetHandoverAct(actor, id);
    if (!act.ok()) return act.error();
    d.act = std::move(*act);
    auto staff = s.inventory.users.GetUser(d.act->staff);
    if (staff.ok()) d.staff_name = staff->display_name;
  } else if (need_act) {
    return Error::RuleViolation("agreement_not_active",
                                "the agreement has no handover act (it is not active)",
                                "agreement");
  }
  auto family = s.inventory.families.GetFamily(actor, d.agreement.family);
  if (!family.ok()) return family.error();
  d.family = std::move(*family);
  auto head = LoadLetterhead(s, d.agreement.point);
  if (!head.ok()) return head.error();
  d.head = std::move(*head);
  d.vars = d.head.vars;
  for (auto& [k, v] : FamilyVars(d.family, d.agreement.child)) d.vars[k] = v;
  d.vars["agreement.number"] = d.agreement.number;
  d.vars["agreement.start_date"] = DateRu(d.agreement.start_date);
  d.vars["agreement.due_date"] = DateRu(d.agreement.due_date);
  if (d.act && d.act->parties) d.UseParties(*d.act->parties);
  if (d.act) {
    auto signatures = s.inventory.photos.ActSignatures(actor, id);
    if (!signatures.ok()) return signatures.error();
    d.signatures = std::move(*signatures);
  }
  return d;
}

void DrawParties(PdfWriter& pdf, const AgreementData& d) {
  std::vector<std::pair<std::string, std::string>> fields{
      {"Ссудодатель", d.head.org.name},
      {"Ссудополучатель", d.family.representative + ", " + d.family.address + ", тел.\u00A0" +
                              NoBreak(d.family.phone)}};
  const auto& child = d.vars.at("child.name");
  if (!child.starts_with("_"))
    fields.push_back({"Ребёнок", child + ", " + d.vars.at("child.birth_date") + " г. р."});
  pdf.Fields(fields, 130);
}

}  // namespace prokat::documents
