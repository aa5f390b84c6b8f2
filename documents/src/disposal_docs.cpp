// The act of a write-off (акт списания) and the act of a loss (акт об утрате) of one item.
#include <cstdio>

#include "common.hpp"

namespace prokat::documents {

using namespace inventory;

namespace {

std::string Rubles(std::optional<std::int64_t> kopecks) {
  if (!kopecks) return "не указана";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld,%02lld\u00A0руб.", static_cast<long long>(*kopecks / 100),
                static_cast<long long>(*kopecks % 100));
  return buf;
}

}  // namespace

Result<std::string> DisposalActPdf(const Sources& s, const Actor& actor, ItemId id,
                                   DisposalKind kind) {
  auto act = s.inventory.care.LatestAct(actor, id, kind);
  if (!act.ok()) return act.error();
  auto item = s.inventory.catalog.GetItem(actor, id);
  if (!item.ok()) return item.error();
  auto type = s.inventory.catalog.GetItemType(item->type);
  if (!type.ok()) return type.error();
  auto head = LoadLetterhead(s, item->point);
  if (!head.ok()) return head.error();
  const bool loss = kind == DisposalKind::kLoss;
  auto text = s.inventory.templates.At(loss ? TemplateKind::kLossAct : TemplateKind::kWriteOffAct,
                                       act->decided_at);
  if (!text.ok()) return text.error();
  const std::string date = LocalDateRu(act->decided_at, s.settings.Get());
  Vars vars = head->vars;
  vars["item.name"] = item->name;
  vars["item.inventory_number"] = item->inventory_number;
  vars["act.reason"] = act->reason.empty() ? "не указана" : act->reason;
  vars["act.decider"] = act->decider;
  vars["act.date"] = date;

  const std::string title = loss ? "Акт об утрате" : "Акт списания";
  const std::string number = std::to_string(act->id.value);
  PdfWriter pdf(title + " № " + number + ", " + item->inventory_number);
  if (auto r = DrawHeader(pdf, *head, item->label,
                          {title + " № " + number, "предмета проката " + item->inventory_number});
      !r.ok())
    return r.error();
  DrawPlaceAndDate(pdf, *head, date);
  pdf.Fields({{"Инвентарный номер", item->inventory_number},
              {"Наименование", item->name},
              {"Вид оборудования", type->name},
              {"Серийный номер", item->serial_number.empty() ? "—" : item->serial_number},
              {"Дата поступления", item->acquired_on ? DateRu(*item->acquired_on) : "—"},
              {"Стоимость", Rubles(item->cost_kopecks)},
              {"Источник финансирования",
               item->funding_source.empty() ? "не указан" : item->funding_source},
              {"Состояние", std::string(Ru(item->condition))},
              {loss ? "Обстоятельства" : "Причина", vars["act.reason"]}},
             150);
  pdf.Space(4);
  DrawTemplate(pdf, text->text, vars);
  pdf.Space(10);
  pdf.Signatures({{"Решение принял(а)", act->decider, {}}, {"Специалист пункта проката", {}, {}}});
  pdf.Paragraph("Текст акта: редакция " + std::to_string(text->version) + ".",
                {.size = 7, .italic = true}, 0);
  return pdf.Finish();
}

}  // namespace prokat::documents
