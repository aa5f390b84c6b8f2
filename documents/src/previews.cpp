// A document template's draft over sample data, for the admin who edits it (nothing stored).
#include "common.hpp"
#include "pdf_writer.hpp"
#include "prokat/documents/documents.hpp"

namespace prokat::documents {

using namespace inventory;

namespace {

// Made up, and plainly so: a preview must never be mistaken for a family's document.
Vars SampleVars() {
  return {{"family.representative", "Образцова Мария Ивановна (пример)"},
          {"family.address", "г. Барнаул, ул. Примерная, 1, кв. 1"},
          {"family.phone", "+7 900 000-00-00"},
          {"family.children", "Образцов Иван, 01.01.2018"},
          {"family.target_groups", "семья с ребёнком-инвалидом"},
          {"child.name", "Образцов Иван"},
          {"child.birth_date", "01.01.2018"},
          {"agreement.number", "0/2026"},
          {"agreement.start_date", "01.03.2026"},
          {"agreement.due_date", "01.06.2026"},
          {"application.item_type", "Вертикализатор"},
          {"kit.name", "Мультибокс «Пример»"},
          {"item.name", "Вертикализатор «Пример»"},
          {"item.inventory_number", "ПР-0001"},
          {"act.date", "01.06.2026"},
          {"act.decider", "Руководителева Анна Петровна (пример)"},
          {"act.reason", "износ, ремонт нецелесообразен (пример)"}};
}

std::string_view TitleOf(TemplateKind kind) {
  switch (kind) {
    case TemplateKind::kAgreement:
      return "Договор безвозмездного временного пользования оборудованием";
    case TemplateKind::kApplication:
      return "Заявление";
    case TemplateKind::kConsent:
      return "Согласие на обработку персональных данных";
    case TemplateKind::kMultiboxAct:
      return "Акт приема-передачи мультибокса";
    case TemplateKind::kMultiboxReport:
      return "Отчет об использовании мультибокса";
    case TemplateKind::kWriteOffAct:
      return "Акт списания";
    case TemplateKind::kLossAct:
      return "Акт об утрате";
  }
  return "Документ";
}

}  // namespace

Result<std::string> TemplatePreviewPdf(const Sources& s, const Actor& actor, TemplateKind kind,
                                       const std::string& text) {
  if (text.empty()) return Error::InvalidArgument("the text is empty", "text");
  auto points = s.inventory.users.ListPoints(actor);
  if (!points.ok()) return points.error();
  auto head = LoadLetterhead(s, points->empty() ? PointId() : points->front().id);
  if (!head.ok()) return head.error();
  Vars vars = head->vars;
  for (auto& [k, v] : SampleVars()) vars[k] = v;
  PdfWriter pdf(std::string(TitleOf(kind)) + " (образец)");
  if (auto r = DrawHeader(pdf, *head, "", {std::string(TitleOf(kind)), "Образец: данные выдуманы"});
      !r.ok())
    return r.error();
  DrawTemplate(pdf, text, vars, [&] {
    pdf.Paragraph("1. Вертикализатор «Пример», инв. № ПР-0001", {.size = 10}, 4);
  });
  return pdf.Finish();
}

}  // namespace prokat::documents
