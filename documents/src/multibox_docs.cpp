// The multibox handover act and use report (портативный мультибокс), and label sheets.
#include "acts_data.hpp"
#include "prokat/scanner/label.hpp"

namespace prokat::documents {

using namespace inventory;

namespace {

struct MultiboxData {
  AgreementData d;
  Kit kit;
};

Result<MultiboxData> LoadMultibox(const Sources& s, const Actor& actor, AgreementId id) {
  auto d = LoadAgreementData(s, actor, id, /*need_act=*/true);
  if (!d.ok()) return d.error();
  for (const auto& l : d->act->lines) {
    if (!l.kit) continue;
    auto kit = s.inventory.catalog.GetKit(actor, *l.kit);
    if (!kit.ok()) return kit.error();
    if (kit->kind == KitKind::kMultibox) return MultiboxData{std::move(*d), std::move(*kit)};
  }
  return Error::RuleViolation("not_a_multibox", "the agreement has no multibox", "agreement");
}

}  // namespace

Result<std::string> MultiboxActPdf(const Sources& s, const Actor& actor, AgreementId id) {
  auto m = LoadMultibox(s, actor, id);
  if (!m.ok()) return m.error();
  const AgreementData& d = m->d;
  auto text = s.inventory.templates.At(TemplateKind::kMultiboxAct, d.act->signed_at);
  if (!text.ok()) return text.error();
  Vars vars = d.vars;
  vars["kit.name"] = m->kit.name;

  PdfWriter pdf("Акт приема-передачи портативного мультибокса, договор № " +
                d.act->agreement_number);
  if (auto r = DrawHeader(pdf, d.head, d.agreement.qr_code,
                          {"Акт приема-передачи портативного мультибокса", "«" + m->kit.name + "»",
                           "к договору № " + d.act->agreement_number});
      !r.ok())
    return r.error();
  DrawPlaceAndDate(pdf, d.head, LocalDateRu(d.act->signed_at, s.settings.Get()));
  DrawTemplate(pdf, text->text, vars);
  pdf.Paragraph("Содержимое мультибокса:", {.size = 10, .bold = true}, 4);
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const auto& l : d.act->lines) {
    if (l.kit != m->kit.id) continue;
    std::string comps;
    for (const auto& c : l.components)
      comps +=
          (comps.empty() ? "" : "\n") + c.name + " — " + std::to_string(c.quantity) + "\u00A0шт.";
    rows.push_back({std::to_string(++n), l.inventory_number, l.name, comps.empty() ? "—" : comps,
                    std::string(Ru(l.condition))});
  }
  for (const auto& c : m->kit.loose_components)
    rows.push_back({std::to_string(++n), "—", c.name, std::to_string(c.quantity) + " шт.", "—"});
  pdf.Table({{"№", 0.45, Align::kCenter},
             {"Инв. номер", 1.2},
             {"Наименование", 3.0},
             {"Комплектность", 2.2},
             {"Состояние", 1.3}},
            rows, 9);
  pdf.Space(6);
  pdf.Signatures({{"Передал", d.staff_name, d.Signature(std::nullopt, Signer::kStaff)},
                  {"Принял", d.family.representative, d.Signature(std::nullopt, Signer::kFamily)}});
  return pdf.Finish();
}

Result<std::string> MultiboxReportPdf(const Sources& s, const Actor& actor, AgreementId id) {
  auto m = LoadMultibox(s, actor, id);
  if (!m.ok()) return m.error();
  const AgreementData& d = m->d;
  auto text = s.inventory.templates.At(TemplateKind::kMultiboxReport, d.act->signed_at);
  if (!text.ok()) return text.error();
  auto consultations = s.inventory.monitoring.ListConsultations(actor, d.family.id);
  if (!consultations.ok()) return consultations.error();

  PdfWriter pdf("Отчет об использовании портативного мультибокса, договор № " +
                d.act->agreement_number);
  if (auto r = DrawHeader(pdf, d.head, d.agreement.qr_code,
                          {"Отчет об использовании портативного мультибокса",
                           "«" + m->kit.name + "», договор № " + d.act->agreement_number});
      !r.ok())
    return r.error();
  const std::string& child = d.vars.at("child.name");
  pdf.Fields({{"Семья", d.family.representative},
              {"Ребёнок", child},
              {"Период пользования",
               "с " + DateRu(d.agreement.start_date) + " по " + DateRu(d.agreement.due_date)},
              {"Специалист", d.staff_name}},
             130);
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const auto& l : d.act->lines)
    if (l.kit == m->kit.id) rows.push_back({std::to_string(++n), l.name, "", "", ""});
  for (const auto& c : m->kit.loose_components)
    rows.push_back({std::to_string(++n), c.name, "", "", ""});
  pdf.Table({{"№", 0.45, Align::kCenter},
             {"Предмет", 3.0},
             {"Использовался (да/нет)", 1.3},
             {"Как часто", 1.3},
             {"Что получалось у ребёнка", 2.6}},
            rows, 9);
  std::vector<std::vector<std::string>> given;
  for (const auto& c : *consultations) {
    if (c.agreement && *c.agreement != d.agreement.id) continue;
    given.push_back({DateRu(c.given_on), std::string(Ru(c.form)), c.topic});
  }
  if (!given.empty()) {
    pdf.Paragraph("Консультации и занятия специалиста:", {.size = 10, .bold = true}, 4);
    pdf.Table({{"Дата", 1.0, Align::kCenter}, {"Форма", 1.2}, {"Тема", 5.0}}, given, 9);
  }
  DrawTemplate(pdf, text->text, d.vars);
  pdf.Space(6);
  pdf.Signatures({{"Родитель (законный представитель)", d.family.representative},
                  {"Специалист", d.staff_name}});
  return pdf.Finish();
}

Result<std::string> LabelSheetPdf(const Sources& s, const Actor& actor,
                                  const std::vector<ItemId>& items,
                                  const std::vector<KitId>& kits) {
  if (items.empty() && kits.empty())
    return Error::InvalidArgument("name at least one item or kit", "items");
  if (items.size() + kits.size() > 500)
    return Error::InvalidArgument("at most 500 labels at once", "items");
  std::vector<scanner::LabelSpec> specs;
  for (ItemId id : items) {
    auto item = s.inventory.catalog.GetItem(actor, id);
    if (!item.ok()) return item.error();
    specs.push_back({item->label, item->inventory_number, item->name,
                     scanner::LabelSymbology::kCode128AndDataMatrix});
  }
  for (KitId id : kits) {
    auto kit = s.inventory.catalog.GetKit(actor, id);
    if (!kit.ok()) return kit.error();
    specs.push_back({kit->label, kit->label, kit->name, scanner::LabelSymbology::kQrCode});
  }
  auto pages = scanner::RenderSheetPngs(specs);
  if (!pages.ok()) return pages.error();
  PdfWriter pdf("Этикетки");
  pdf.set_page_numbers(false);
  for (std::size_t i = 0; i < pages->size(); ++i) {
    if (i > 0) pdf.NewPage();
    if (auto r = pdf.PngImage((*pages)[i], 0, 0, PdfWriter::kPageWidth, PdfWriter::kPageHeight);
        !r.ok())
      return r.error();
  }
  return pdf.Finish();
}

}  // namespace prokat::documents
