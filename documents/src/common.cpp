#include "common.hpp"

#include <cstdio>

#include "prokat/scanner/label.hpp"

namespace prokat::documents {

using namespace inventory;

std::string_view Ru(ItemCondition v) {
  switch (v) {
    case ItemCondition::kNew:
      return "новое";
    case ItemCondition::kGood:
      return "хорошее";
    case ItemCondition::kFair:
      return "удовлетворительное";
    case ItemCondition::kPoor:
      return "плохое";
    case ItemCondition::kBroken:
      return "неисправно";
  }
  return "";
}

std::string_view Ru(ItemStatus v) {
  switch (v) {
    case ItemStatus::kAvailable:
      return "доступен";
    case ItemStatus::kReserved:
      return "зарезервирован";
    case ItemStatus::kOutForDelivery:
      return "в доставке";
    case ItemStatus::kOnLoan:
      return "выдан";
    case ItemStatus::kInspection:
      return "на осмотре";
    case ItemStatus::kInRepair:
      return "в ремонте";
    case ItemStatus::kInCustody:
      return "у сотрудника";
    case ItemStatus::kLost:
      return "утрачен";
    case ItemStatus::kWrittenOff:
      return "списан";
  }
  return "";
}

std::string_view Ru(ItemCategory v) {
  switch (v) {
    case ItemCategory::kRehabilitation:
      return "реабилитационное оборудование";
    case ItemCategory::kBaby:
      return "товары первого года жизни";
    case ItemCategory::kLeisureSport:
      return "спорт и досуг";
    case ItemCategory::kMultibox:
      return "мультибоксы";
  }
  return "";
}

std::string_view Ru(AgreementState v) {
  switch (v) {
    case AgreementState::kDraft:
      return "черновик";
    case AgreementState::kActive:
      return "действует";
    case AgreementState::kExtended:
      return "продлён";
    case AgreementState::kPartlyReturned:
      return "частично возвращено";
    case AgreementState::kClosed:
      return "закрыт";
    case AgreementState::kTerminated:
      return "расторгнут";
    case AgreementState::kCancelled:
      return "отменён";
  }
  return "";
}

std::string_view Ru(TargetGroup v) {
  switch (v) {
    case TargetGroup::kDisabledChild:
      return "ребёнок-инвалид";
    case TargetGroup::kSpecialNeedsChild:
      return "ребёнок с ОВЗ";
    case TargetGroup::kServicemanFamily:
      return "семья участника СВО";
    case TargetGroup::kDifficultSituation:
      return "семья в трудной жизненной ситуации";
    case TargetGroup::kNewbornKept:
      return "мама, сохранившая новорождённого";
    case TargetGroup::kDisabledAdult:
      return "взрослый с инвалидностью после инсульта или травмы";
  }
  return "";
}

std::string_view Ru(ChildCategory v) {
  switch (v) {
    case ChildCategory::kNone:
      return "";
    case ChildCategory::kDisabled:
      return "ребёнок-инвалид";
    case ChildCategory::kSpecialNeeds:
      return "ребёнок с ОВЗ";
  }
  return "";
}

std::string_view Ru(DeliveryMode v) {
  return v == DeliveryMode::kDelivery ? "доставка по месту жительства" : "в пункте проката";
}

std::string_view Ru(ContactForm v) {
  switch (v) {
    case ContactForm::kInPerson:
      return "очно";
    case ContactForm::kPhone:
      return "по телефону";
    case ContactForm::kVideo:
      return "видеосвязь";
  }
  return "";
}

std::string NoBreak(std::string_view text) {
  std::string out;
  for (char c : text) out += c == ' ' ? std::string("\u00A0") : std::string(1, c);
  return out;
}

std::string DateRu(Date date) {
  const std::chrono::year_month_day ymd(date);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

std::string LocalDateRu(Timestamp t, const InventorySettings& settings) {
  auto local = t + std::chrono::minutes(settings.utc_offset_minutes);
  return DateRu(std::chrono::floor<std::chrono::days>(local));
}

std::string Substitute(std::string_view text, const Vars& vars) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    const std::string key(text.substr(open + 2, close - open - 2));
    if (auto it = vars.find(key); it != vars.end()) {
      out += it->second;
    } else {
      out.append(text.substr(open, close + 2 - open));
    }
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

void DrawTemplate(PdfWriter& pdf, std::string_view text, const Vars& vars,
                  const std::function<void()>& items) {
  std::string normalized;
  for (char c : text)
    if (c != '\r') normalized += c;
  std::size_t pos = 0;
  while (pos <= normalized.size()) {
    auto end = normalized.find("\n\n", pos);
    if (end == std::string::npos) end = normalized.size();
    std::string para = normalized.substr(pos, end - pos);
    pos = end + 2;
    while (!para.empty() && (para.front() == '\n' || para.front() == ' ')) para.erase(0, 1);
    while (!para.empty() && (para.back() == '\n' || para.back() == ' ')) para.pop_back();
    if (para.empty()) continue;
    if (para == "{{items}}") {
      if (items) items();
      continue;
    }
    if (para.rfind("## ", 0) == 0) {
      pdf.Space(4);
      pdf.KeepTogether(60);
      pdf.Paragraph(Substitute(para.substr(3), vars),
                    {.size = 11, .bold = true, .align = Align::kCenter}, 4);
      continue;
    }
    pdf.Paragraph(Substitute(para, vars), {.size = 10, .align = Align::kJustify, .indent = 20}, 4);
  }
}

Result<Letterhead> LoadLetterhead(const Sources& s, PointId point) {
  Letterhead head;
  auto org = s.inventory.organization.Load();
  if (!org.ok()) return org.error();
  head.org = *org;
  auto p = s.inventory.users.GetPoint(point);
  if (p.ok()) head.point = *p;
  if (head.org.name.empty()) head.org.name = head.point.name;
  if (head.org.address.empty()) head.org.address = head.point.address;
  if (head.org.director_title.empty()) head.org.director_title = "Директор";
  const std::string blank = "____________________";
  head.vars = {{"org.name", head.org.name},
               {"org.address", head.org.address},
               {"org.director", head.org.director.empty() ? blank : head.org.director},
               {"org.director_title", head.org.director_title},
               {"org.city", head.org.city},
               {"org.phone", head.org.phone},
               {"point.name", head.point.name},
               {"point.address", head.point.address}};
  return head;
}

Vars FamilyVars(const Family& family, std::optional<ChildId> child) {
  Vars v{{"family.representative", family.representative},
         {"family.address", family.address},
         {"family.phone", family.phone},
         {"child.name", "____________________"},
         {"child.birth_date", "__________"}};
  std::string children, groups;
  for (const auto& c : family.children) {
    if (!children.empty()) children += ", ";
    children += c.name + " (" + DateRu(c.birth_date) + " г. р.)";
    if (child ? c.id == *child : v["child.name"].starts_with("_")) {
      v["child.name"] = c.name;
      v["child.birth_date"] = DateRu(c.birth_date);
    }
  }
  for (auto g : family.target_groups) {
    if (!groups.empty()) groups += ", ";
    groups += Ru(g);
  }
  v["family.children"] = children.empty() ? "—" : children;
  v["family.target_groups"] = groups.empty() ? "—" : groups;
  return v;
}

Result<void> DrawHeader(PdfWriter& pdf, const Letterhead& head, const std::string& qr_payload,
                        const std::vector<std::string>& title_lines) {
  const double qr_side = 24 * PdfWriter::kMm;
  const double text_w = qr_payload.empty() ? pdf.width() : pdf.width() - qr_side - 6;
  const double top = pdf.y();
  double h = pdf.TextAt(head.org.name, pdf.left(), top, text_w, {.size = 8, .bold = true});
  if (!head.org.address.empty())
    h += pdf.TextAt(head.org.address, pdf.left(), top + h, text_w, {.size = 8});
  double used = h;
  if (!qr_payload.empty()) {
    auto modules = scanner::EncodeQrModules(qr_payload);
    if (!modules.ok()) return modules.error();
    pdf.QrCode(*modules, pdf.right() - qr_side, top - 4, qr_side);
    pdf.TextAt(qr_payload, pdf.right() - qr_side - 10, top - 4 + qr_side, qr_side + 10,
               {.size = 6, .align = Align::kCenter});
    used = std::max(used, qr_side + 4);
  }
  pdf.Space(used + 4);
  for (std::size_t i = 0; i < title_lines.size(); ++i) {
    pdf.Paragraph(title_lines[i],
                  {.size = i == 0 ? 13.0 : 10.5, .bold = i == 0, .align = Align::kCenter}, 1);
  }
  pdf.Space(6);
  return {};
}

void DrawPlaceAndDate(PdfWriter& pdf, const Letterhead& head, const std::string& date) {
  const double y = pdf.y();
  double h = pdf.TextAt(head.org.city, pdf.left(), y, pdf.width() / 2, {.size = 10});
  h = std::max(h, pdf.TextAt(date, pdf.left() + pdf.width() / 2, y, pdf.width() / 2,
                             {.size = 10, .align = Align::kRight}));
  pdf.Space(h + 8);
}

}  // namespace prokat::documents
