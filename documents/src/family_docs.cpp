// The usage rules, the application (заявление) and the consent to personal-data processing.
#include "acts_data.hpp"

namespace prokat::documents {

using namespace inventory;

namespace {

void DrawRules(PdfWriter& pdf, const RulesVersion& rules, const Sources& s) {
  pdf.Paragraph(
      "Правила контроля за состоянием, эффективным и целевым использованием "
      "оборудования",
      {.size = 12, .bold = true, .align = Align::kCenter}, 2);
  // Version 0: a draft not yet published, shown to the admin before he publishes it.
  pdf.Paragraph(rules.version == 0
                    ? "«" + rules.title + "», проект редакции (не опубликован)"
                    : "«" + rules.title + "», редакция " + std::to_string(rules.version) + " от " +
                          LocalDateRu(rules.published_at, s.settings.Get()),
                {.size = 10, .align = Align::kCenter}, 10);
  DrawTemplate(pdf, rules.text, {});
}

// "Директор" -> "Директору", "Заведующий" -> "Заведующему" (the addressee of an application).
std::string Dative(const std::string& title) {
  if (title.ends_with("ий")) return title.substr(0, title.size() - 4) + "ему";
  if (title.ends_with("р") || title.ends_with("к") || title.ends_with("т")) return title + "у";
  return title;
}

}  // namespace

Result<std::string> AgreementRulesPdf(const Sources& s, const Actor& actor, AgreementId id) {
  auto d = LoadAgreementData(s, actor, id, /*need_act=*/false);
  if (!d.ok()) return d.error();
  std::vector<RulesVersionId> versions;
  if (d->act) {
    versions = d->act->rules_versions;
  } else {
    auto required = s.inventory.agreements.RulesToAcknowledge(actor, id);
    if (!required.ok()) return required.error();
    for (const auto& r : *required) versions.push_back(r.rules.id);
  }
  const std::string number = d->agreement.number.empty() ? "(проект)" : d->agreement.number;
  PdfWriter pdf("Правила пользования оборудованием, договор № " + number);
  if (auto r = DrawHeader(pdf, d->head, d->agreement.qr_code,
                          {"Приложение 2",
                           "к договору безвозмездного временного пользования "
                           "оборудованием № " +
                               number});
      !r.ok())
    return r.error();
  for (std::size_t i = 0; i < versions.size(); ++i) {
    auto rules = s.inventory.rules_versions.Get(versions[i]);
    if (!rules.ok()) return rules.error();
    if (i > 0) pdf.NewPage();
    DrawRules(pdf, *rules, s);
  }
  pdf.Space(10);
  pdf.Paragraph("С Правилами ознакомлен(а), обязуюсь их соблюдать.", {.size = 10}, 8);
  pdf.Signatures(
      {{"Ссудополучатель", d->family.representative, d->Signature(std::nullopt, Signer::kFamily)},
       {"Правила разъяснил", d->staff_name.empty() ? "____________" : d->staff_name,
        d->Signature(std::nullopt, Signer::kStaff)}});
  return pdf.Finish();
}

Result<std::string> ItemTypeRulesPdf(const Sources& s, ItemTypeId type) {
  auto rules = s.inventory.catalog.RulesForType(type);
  if (!rules.ok()) return rules.error();
  PdfWriter pdf(rules->title);
  DrawRules(pdf, *rules, s);
  return pdf.Finish();
}

Result<std::string> RulesPreviewPdf(const Sources& s, const std::string& title,
                                    const std::string& text) {
  if (title.empty()) return Error::InvalidArgument("the title is empty", "title");
  if (text.empty()) return Error::InvalidArgument("the text is empty", "text");
  RulesVersion draft;
  draft.title = title;
  draft.text = text;
  PdfWriter pdf(title);
  DrawRules(pdf, draft, s);
  return pdf.Finish();
}

Result<std::string> ApplicationPdf(const Sources& s, const Actor& actor, FamilyId id,
                                   std::optional<ApplicationId> application) {
  auto family = s.inventory.families.GetFamily(actor, id);
  if (!family.ok()) return family.error();
  auto head = LoadLetterhead(s, family->point);
  if (!head.ok()) return head.error();
  std::optional<ChildId> child;
  Vars vars = head->vars;
  vars["application.item_type"] = "____________________";
  std::string date = "«____» ____________ 20___ г.";
  if (application) {
    auto app = s.inventory.applications.Get(actor, *application);
    if (!app.ok()) return app.error();
    if (app->family != id)
      return Error::NotFound("no such application for this family", "application");
    child = app->child;
    if (auto type = s.inventory.catalog.GetItemType(app->type); type.ok())
      vars["application.item_type"] = type->name;
    date = LocalDateRu(app->applied_at, s.settings.Get());
  }
  for (auto& [k, v] : FamilyVars(*family, child)) vars[k] = v;
  auto text = s.inventory.templates.Current(TemplateKind::kApplication);
  if (!text.ok()) return text.error();

  PdfWriter pdf("Заявление — " + family->representative);
  const double x = pdf.left() + pdf.width() * 0.45;
  const double w = pdf.width() * 0.55;
  const std::string to = Dative(head->org.director_title) + " " + head->org.name + "\n" +
                         (head->org.director.empty() ? "" : head->org.director + "\n") + "от " +
                         family->representative +
                         ",\nпроживающего(ей) по адресу: " + family->address + ",\nтел. " +
                         family->phone;
  const double h = pdf.TextAt(to, x, pdf.y(), w, {.size = 10});
  pdf.Space(h + 24);
  pdf.Paragraph("Заявление", {.size = 14, .bold = true, .align = Align::kCenter}, 12);
  DrawTemplate(pdf, text->text, vars);
  pdf.Space(10);
  pdf.Fields({{"Дата", date}}, 60);
  pdf.Signatures({{"Заявитель", family->representative}});
  return pdf.Finish();
}

Result<std::string> ConsentPdf(const Sources& s, const Actor& actor, FamilyId id) {
  auto family = s.inventory.families.GetFamily(actor, id);
  if (!family.ok()) return family.error();
  auto head = LoadLetterhead(s, family->point);
  if (!head.ok()) return head.error();
  Vars vars = head->vars;
  for (auto& [k, v] : FamilyVars(*family, std::nullopt)) vars[k] = v;
  auto text = s.inventory.templates.Current(TemplateKind::kConsent);
  if (!text.ok()) return text.error();

  PdfWriter pdf("Согласие на обработку персональных данных — " + family->representative);
  if (auto r = DrawHeader(pdf, *head, "", {"Согласие", "на обработку персональных данных"});
      !r.ok())
    return r.error();
  DrawPlaceAndDate(pdf, *head, DateRu(family->consent_on));
  DrawTemplate(pdf, text->text, vars);
  pdf.Space(10);
  pdf.Signatures({{"Субъект персональных данных", family->representative}});
  return pdf.Finish();
}

}  // namespace prokat::documents
