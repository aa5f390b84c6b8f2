// The loan agreement, the handover act, the return acts and the usage rules.
#include <algorithm>
#include <set>

#include "acts_data.hpp"

namespace prokat::documents {

using namespace inventory;

namespace {

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out.empty() ? "—" : out;
}

void DrawRulesAcknowledged(PdfWriter& pdf, const Sources& s, const HandoverAct& act) {
  for (RulesVersionId id : act.rules_versions) {
    auto rules = s.inventory.rules_versions.Get(id);
    if (!rules.ok()) continue;
    pdf.Paragraph(
        "Ссудополучатель ознакомлен с Правилами контроля за состоянием, эффективным и "
        "целевым использованием оборудования: «" +
            rules->title + "», редакция " + std::to_string(rules->version) + " от " +
            LocalDateRu(rules->published_at, s.settings.Get()) + ".",
        {.size = 10, .align = Align::kJustify}, 3);
  }
}

}  // namespace

Result<std::string> HandoverActPdf(const Sources& s, const Actor& actor, AgreementId id) {
  auto d = LoadAgreementData(s, actor, id, /*need_act=*/true);
  if (!d.ok()) return d.error();
  const HandoverAct& act = *d->act;
  PdfWriter pdf("Акт приема-передачи к договору № " + act.agreement_number);
  if (auto r = DrawHeader(
          pdf, d->head, d->agreement.qr_code,
          {"Акт приема-передачи", "оборудования, комплектующих и технической документации",
           "к договору безвозмездного временного пользования оборудованием № " +
               act.agreement_number});
      !r.ok())
    return r.error();
  DrawPlaceAndDate(pdf, d->head, LocalDateRu(act.signed_at, s.settings.Get()));
  DrawParties(pdf, *d);
  pdf.Fields({{"Способ передачи", std::string(Ru(act.delivery_mode))},
              {"Срок пользования",
               "с " + DateRu(d->agreement.start_date) + " по " + DateRu(d->agreement.due_date)}},
             130);
  pdf.Paragraph(
      "Ссудодатель передал, а Ссудополучатель принял следующее оборудование:", {.size = 10}, 4);
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  std::vector<std::string> not_handed;
  for (const auto& l : act.lines) {
    std::string comps;
    for (const auto& c : l.components) {
      const bool missing = std::find(l.missing_at_issue.begin(), l.missing_at_issue.end(),
                                     c.name) != l.missing_at_issue.end();
      comps += (comps.empty() ? "" : "\n") + c.name + " — " +
               (missing ? "отсутствует при выдаче" : std::to_string(c.quantity) + "\u00A0шт.");
      if (missing) not_handed.push_back(l.inventory_number + ": " + c.name);
    }
    rows.push_back({std::to_string(++n), l.inventory_number, l.name,
                    l.serial_number.empty() ? "—" : l.serial_number, comps.empty() ? "—" : comps,
                    Join(l.documents, "\n"), std::string(Ru(l.condition))});
  }
  pdf.Table({{"№", 0.45, Align::kCenter},
             {"Инв. номер", 1.45},
             {"Наименование", 2.0},
             {"Серийный номер", 1.3},
             {"Комплектующие", 2.0},
             {"Техническая документация", 1.75},
             {"Состояние", 2.0}},
            rows, 8);
  pdf.Paragraph("Всего предметов: " + std::to_string(act.lines.size()) + ".", {.size = 10}, 4);
  DrawRulesAcknowledged(pdf, s, act);
  if (!not_handed.empty()) {
    pdf.Paragraph("Не передано (отсутствует при выдаче): " + Join(not_handed, "; ") +
                      ". Ссудополучатель за отсутствие этих комплектующих при возврате не "
                      "отвечает.",
                  {.size = 10, .bold = true, .align = Align::kJustify}, 4);
  }
  pdf.Paragraph(
      std::string("Оборудование передано в исправном состоянии, в указанной комплектации") +
          (not_handed.empty() ? "" : " (без перечисленного выше)") +
          ", с технической документацией. Ссудополучатель обучен пользованию "
          "оборудованием, претензий к его состоянию и комплектности не имеет.",
      {.size = 10, .align = Align::kJustify}, 10);
  pdf.Signatures(
      {{"Передал (Ссудодатель)", d->staff_name, d->Signature(std::nullopt, Signer::kStaff)},
       {"Принял (Ссудополучатель)", d->family.representative,
        d->Signature(std::nullopt, Signer::kFamily)}});
  return pdf.Finish();
}

Result<std::string> ReturnActPdf(const Sources& s, const Actor& actor, AgreementId id,
                                 ReturnActId act_id) {
  auto d = LoadAgreementData(s, actor, id, /*need_act=*/true);
  if (!d.ok()) return d.error();
  auto acts = s.inventory.agreements.ListReturnActs(actor, id);
  if (!acts.ok()) return acts.error();
  std::sort(acts->begin(), acts->end(),
            [](const ReturnAct& a, const ReturnAct& b) { return a.id < b.id; });
  auto it =
      std::find_if(acts->begin(), acts->end(), [&](const ReturnAct& r) { return r.id == act_id; });
  if (it == acts->end()) return Error::NotFound("no such return act for this agreement", "act");
  // What the family still held after this act: handed over, minus everything returned so far.
  std::set<ItemId> back;
  for (auto r = acts->begin(); r != std::next(it); ++r)
    for (const auto& l : r->lines) back.insert(l.item);
  if (it->parties) {
    d->UseParties(*it->parties);
  } else {
    auto staff = s.inventory.users.GetUser(it->staff);
    d->staff_name = staff.ok() ? staff->display_name : "";
  }

  PdfWriter pdf("Акт возврата к договору № " + d->act->agreement_number);
  if (auto r = DrawHeader(pdf, d->head, d->agreement.qr_code,
                          {"Акт возврата", "оборудования, комплектующих и технической документации",
                           "к договору безвозмездного временного пользования оборудованием № " +
                               d->act->agreement_number});
      !r.ok())
    return r.error();
  DrawPlaceAndDate(pdf, d->head, DateRu(it->returned_on));
  DrawParties(pdf, *d);
  pdf.Paragraph(
      "Ссудополучатель возвратил, а Ссудодатель принял следующее оборудование:", {.size = 10}, 4);
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const auto& l : it->lines) {
    const HandoverLine* h = d->Line(l.item);
    std::string comps;
    if (h) {
      for (const auto& c : h->components) {
        const bool missing = std::find(l.missing_components.begin(), l.missing_components.end(),
                                       c.name) != l.missing_components.end();
        const bool not_issued = std::find(h->missing_at_issue.begin(), h->missing_at_issue.end(),
                                          c.name) != h->missing_at_issue.end();
        comps += (comps.empty() ? "" : "\n") + c.name + " (" + std::to_string(c.quantity) +
                 "\u00A0шт.) — " +
                 (l.lost       ? "не\u00A0возвращено"
                  : not_issued ? "не\u00A0выдавалось"
                  : missing    ? "отсутствует"
                               : "в\u00A0наличии");
      }
    }
    rows.push_back({std::to_string(++n), h ? h->inventory_number : "?", h ? h->name : "?",
                    comps.empty() ? "—" : comps, l.lost ? "утрачено" : std::string(Ru(l.condition)),
                    l.damage_note.empty() ? "—" : l.damage_note});
  }
  pdf.Table({{"№", 0.45, Align::kCenter},
             {"Инв. номер", 1.45},
             {"Наименование", 2.1},
             {"Комплектующие", 2.4},
             {"Состояние при возврате", 2.0},
             {"Повреждения, примечания", 1.8}},
            rows, 8);
  std::vector<std::vector<std::string>> outstanding;
  n = 0;
  for (const auto& l : d->act->lines) {
    if (back.count(l.item)) continue;
    outstanding.push_back(
        {std::to_string(++n), l.inventory_number, l.name, DateRu(d->agreement.due_date)});
  }
  if (outstanding.empty()) {
    pdf.Paragraph("Всё оборудование по договору возвращено.", {.size = 10, .bold = true}, 6);
  } else {
    pdf.Paragraph("Остаётся в пользовании Ссудополучателя:", {.size = 10, .bold = true}, 4);
    pdf.Table({{"№", 0.45, Align::kCenter},
               {"Инв. номер", 1.2},
               {"Наименование", 4.0},
               {"Срок возврата", 1.4, Align::kCenter}},
              outstanding, 8.5);
  }
  if (!it->note.empty()) pdf.Paragraph("Примечание: " + it->note, {.size = 10}, 6);
  pdf.Space(6);
  pdf.Signatures(
      {{"Сдал (Ссудополучатель)", d->family.representative, d->Signature(it->id, Signer::kFamily)},
       {"Принял (Ссудодатель)", d->staff_name, d->Signature(it->id, Signer::kStaff)}});
  return pdf.Finish();
}

Result<std::string> AgreementPdf(const Sources& s, const Actor& actor, AgreementId id) {
  auto d = LoadAgreementData(s, actor, id, /*need_act=*/false);
  if (!d.ok()) return d.error();
  const Agreement& a = d->agreement;
  auto text =
      s.inventory.templates.At(TemplateKind::kAgreement, a.activated_at.value_or(a.created_at));
  if (!text.ok()) return text.error();
  const std::string number = a.number.empty() ? "_____ (проект)" : a.number;
  Vars vars = d->vars;
  vars["agreement.number"] = number;

  PdfWriter pdf("Договор № " + number);
  if (auto r = DrawHeader(
          pdf, d->head, a.qr_code,
          {"Договор № " + number, "безвозмездного временного пользования оборудованием"});
      !r.ok())
    return r.error();
  DrawPlaceAndDate(
      pdf, d->head,
      !a.activated_at ? DateRu(a.start_date) : LocalDateRu(*a.activated_at, s.settings.Get()));
  DrawTemplate(pdf, text->text, vars, [&] {
    std::vector<std::vector<std::string>> rows;
    int n = 0;
    if (d->act) {
      for (const auto& l : d->act->lines)
        rows.push_back({std::to_string(++n), l.inventory_number, l.name,
                        l.serial_number.empty() ? "—" : l.serial_number});
    } else {
      for (const auto& l : a.lines) {
        auto item = s.inventory.catalog.GetItem(actor, l.item);
        rows.push_back({std::to_string(++n), l.inventory_number, l.name,
                        item.ok() && !item->serial_number.empty() ? item->serial_number : "—"});
      }
    }
    pdf.Table({{"№", 0.45, Align::kCenter},
               {"Инв. номер", 1.3},
               {"Наименование", 4.0},
               {"Серийный номер", 1.6}},
              rows, 9);
  });
  pdf.Space(6);
  pdf.KeepTogether(200);
  pdf.Paragraph("Реквизиты и подписи сторон", {.size = 11, .bold = true, .align = Align::kCenter},
                6);
  pdf.Fields({{"Ссудодатель", d->head.org.name + (d->head.org.address.empty() ? "" : ", ") +
                                  d->head.org.address +
                                  (d->head.org.phone.empty() ? "" : ", тел. " + d->head.org.phone)},
              {"Ссудополучатель", d->family.representative + ", " + d->family.address +
                                      ", тел.\u00A0" + NoBreak(d->family.phone)}},
             130);
  pdf.Signatures(
      {{"Ссудодатель: " + d->head.org.director_title, d->head.org.director},
       {"Ссудополучатель", d->family.representative, d->Signature(std::nullopt, Signer::kFamily)}});
  pdf.Paragraph("Текст договора: редакция " + std::to_string(text->version) + ".",
                {.size = 7, .italic = true}, 0);
  return pdf.Finish();
}

}  // namespace prokat::documents
