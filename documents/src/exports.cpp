#include "prokat/documents/exports.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common.hpp"

namespace prokat::documents {

using namespace inventory;

namespace {

std::string Money(std::optional<std::int64_t> kopecks) {
  if (!kopecks) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld,%02lld", static_cast<long long>(*kopecks / 100),
                static_cast<long long>(*kopecks % 100));
  return buf;
}

std::string Time(Timestamp t, const InventorySettings& settings) {
  auto local = t + std::chrono::minutes(settings.utc_offset_minutes);
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::hh_mm_ss hms(local - day);
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  return DateRu(day) + buf;
}

template <typename T, typename F>
Result<void> AllPages(F&& fetch, const std::function<void(const T&)>& each) {
  PageRequest page{"", 1000};
  for (;;) {
    Result<Page<T>> p = fetch(page);
    if (!p.ok()) return p.error();
    for (const auto& row : p->items) each(row);
    if (p->next_cursor.empty()) return {};
    page.after = p->next_cursor;
  }
}

Result<Sheet> Agreements(const Sources& s, const Actor& actor, Date from, Date to,
                         std::optional<PointId> point) {
  Sheet sheet{"Журнал регистрации договоров",
              "Договоры",
              {"№ договора", "Дата начала", "Срок возврата", "Законный представитель", "Ребёнок",
               "Предметов", "Состояние", "Закрыт"},
              {}};
  auto r = AllPages<RegisterEntry>(
      [&](const PageRequest& p) {
        return s.inventory.queries.AgreementRegister(actor, from, to, point, p);
      },
      [&](const RegisterEntry& e) {
        sheet.rows.push_back({e.number, DateRu(e.start_date), DateRu(e.due_date), e.representative,
                              e.child, std::to_string(e.items), std::string(Ru(e.state)),
                              !e.closed_at ? "" : Time(*e.closed_at, s.settings.Get())});
      });
  if (!r.ok()) return r.error();
  return sheet;
}

Result<Sheet> Movements(const Sources& s, const Actor& actor, Date from, Date to,
                        std::optional<PointId> point) {
  Sheet sheet{"Журнал учета движения оборудования",
              "Движение",
              {"Дата и время", "Инв. номер", "Из состояния", "В состояние", "№ договора",
               "Сотрудник", "Примечание"},
              {}};
  std::map<std::int64_t, std::string> users, numbers;
  MovementFilter filter;
  filter.from = from;
  filter.to = to;
  filter.point = point;
  auto r = AllPages<MovementEntry>(
      [&](const PageRequest& p) { return s.inventory.queries.MovementJournal(actor, filter, p); },
      [&](const MovementEntry& e) {
        std::string user, number;
        if (e.user) {
          auto [it, fresh] = users.try_emplace(e.user->value);
          if (fresh) {
            auto u = s.inventory.users.GetUser(*e.user);
            it->second = u.ok() ? u->display_name : std::to_string(e.user->value);
          }
          user = it->second;
        }
        if (e.agreement) {
          auto [it, fresh] = numbers.try_emplace(e.agreement->value);
          if (fresh) {
            auto a = s.inventory.agreements.Get(actor, *e.agreement);
            it->second = a.ok() ? a->number : "";
          }
          number = it->second;
        }
        sheet.rows.push_back({Time(e.at, s.settings.Get()), e.inventory_number,
                              e.from ? std::string(Ru(*e.from)) : "поступление",
                              std::string(Ru(e.to)), number, user, e.note});
      });
  if (!r.ok()) return r.error();
  return sheet;
}

Result<Sheet> Acknowledgments(const Sources& s, const Actor& actor, Date from, Date to,
                              std::optional<PointId> point) {
  auto journal = s.inventory.acknowledgments.Entries(actor, from, to, point);
  if (!journal.ok()) return journal.error();
  Sheet sheet{
      "Журнал ознакомления с правилами",
      "Ознакомление",
      {"Дата и время", "№ договора", "Законный представитель", "Правила", "Редакция", "Разъяснил"},
      {}};
  for (const auto& e : *journal)
    sheet.rows.push_back({Time(e.acknowledged_at, s.settings.Get()), e.agreement_number,
                          e.representative, e.rules_title, std::to_string(e.rules_version),
                          e.explained_by});
  return sheet;
}

Result<Sheet> Items(const Sources& s, const Actor& actor, const ExportFilter& wanted) {
  auto types = s.inventory.catalog.ListItemTypes();
  if (!types.ok()) return types.error();
  std::map<ItemTypeId, const ItemType*> by_id;
  for (const auto& t : *types) by_id[t.id] = &t;
  Sheet sheet{"Единый реестр предметов проката",
              "Реестр",
              {"Инв. номер", "Наименование", "Вид", "Категория", "Серийный номер", "Состояние",
               "Статус", "Источник финансирования", "Дата поступления", "Стоимость, руб.",
               "Комплектующие", "Документация"},
              {}};
  ItemFilter filter;
  filter.point = wanted.point;
  filter.type = wanted.type;
  filter.status = wanted.status;
  filter.text = wanted.text;
  auto r = AllPages<Item>(
      [&](const PageRequest& p) { return s.inventory.catalog.ListItems(actor, filter, p); },
      [&](const Item& i) {
        const ItemType* type = by_id.count(i.type) ? by_id[i.type] : nullptr;
        std::string comps, docs;
        for (const auto& c : i.components)
          comps += (comps.empty() ? "" : "\n") + c.name + " — " + std::to_string(c.quantity);
        for (const auto& d : i.documents) docs += (docs.empty() ? "" : "\n") + d;
        sheet.rows.push_back({i.inventory_number, i.name, type ? type->name : "",
                              type ? std::string(Ru(type->category)) : "", i.serial_number,
                              std::string(Ru(i.condition)), std::string(Ru(i.status)),
                              i.funding_source, i.acquired_on ? DateRu(*i.acquired_on) : "",
                              Money(i.cost_kopecks), comps, docs});
      });
  if (!r.ok()) return r.error();
  return sheet;
}

Result<Sheet> Report(const Sources& s, const Actor& actor, Date from, Date to,
                     std::optional<PointId> point) {
  auto counts = s.inventory.queries.Counts(actor, from, to, point);
  if (!counts.ok()) return counts.error();
  Sheet sheet{"Отчет за период", "Отчет", {"Показатель", "Значение"}, {}};
  sheet.rows = {{"Период", DateRu(from) + " — " + DateRu(to)},
                {"Договоров заключено", std::to_string(counts->agreements)},
                {"Семей", std::to_string(counts->families)},
                {"Детей", std::to_string(counts->children)},
                {"Выдано предметов", std::to_string(counts->items_issued)}};
  for (auto c : kAllCategories) {
    auto it = counts->by_category.find(c);
    sheet.rows.push_back({"Выдано: " + std::string(Ru(c)),
                          std::to_string(it == counts->by_category.end() ? 0 : it->second)});
  }
  for (auto g : kAllTargetGroups) {
    auto it = counts->by_target_group.find(g);
    sheet.rows.push_back({"Семей: " + std::string(Ru(g)),
                          std::to_string(it == counts->by_target_group.end() ? 0 : it->second)});
  }
  return sheet;
}

const std::vector<std::string> kDueHeadings = {"№ договора", "Законный представитель", "Телефон",
                                               "Срок возврата", "Предметов на руках"};

std::vector<std::string> DueRow(const DueEntry& e) {
  return {e.number, e.representative, e.phone, DateRu(e.due_date), std::to_string(e.open_items)};
}

Result<Sheet> Due(const Sources& s, const Actor& actor, Date from, Date to,
                  std::optional<PointId> point) {
  Sheet sheet{"Договоры со сроком возврата", "Срок возврата", kDueHeadings, {}};
  auto r = AllPages<DueEntry>(
      [&](const PageRequest& p) {
        return s.inventory.queries.DueInWindow(actor, from, to, point, p);
      },
      [&](const DueEntry& e) { sheet.rows.push_back(DueRow(e)); });
  if (!r.ok()) return r.error();
  return sheet;
}

Result<Sheet> Overdue(const Sources& s, const Actor& actor, std::optional<PointId> point) {
  Sheet sheet{"Просроченные договоры", "Просрочка", kDueHeadings, {}};
  sheet.headings.insert(sheet.headings.begin(), "Дней просрочки");
  auto r = AllPages<DueEntry>(
      [&](const PageRequest& p) { return s.inventory.queries.Overdue(actor, point, p); },
      [&](const DueEntry& e) {
        auto row = DueRow(e);
        row.insert(row.begin(), std::to_string(e.days_overdue));
        sheet.rows.push_back(std::move(row));
      });
  if (!r.ok()) return r.error();
  return sheet;
}

std::string_view Ru(ApplicationStatus v) {
  switch (v) {
    case ApplicationStatus::kWaiting:
      return "ожидает";
    case ApplicationStatus::kReserved:
      return "забронировано";
    case ApplicationStatus::kFulfilled:
      return "выполнено";
    case ApplicationStatus::kLapsed:
      return "истекло";
    case ApplicationStatus::kCancelled:
      return "отменено";
  }
  return "";
}

Result<Sheet> Waiting(const Sources& s, const Actor& actor, std::optional<ItemTypeId> type,
                      std::optional<PointId> point) {
  if (!type) return Error::InvalidArgument("the waiting list needs an item type", "type");
  if (!point) return Error::InvalidArgument("the waiting list needs a point", "point");
  auto item_type = s.inventory.catalog.GetItemType(*type);
  if (!item_type.ok()) return item_type.error();
  auto queue = s.inventory.applications.Queue(actor, *type, *point);
  if (!queue.ok()) return queue.error();
  Sheet sheet{"Лист ожидания — " + item_type->name,
              "Лист ожидания",
              {"№", "Законный представитель", "Телефон", "Дата заявления", "Состояние"},
              {}};
  const InventorySettings settings = s.settings.Get();
  for (std::size_t i = 0; i < queue->size(); ++i) {
    const Application& a = (*queue)[i];
    auto family = s.inventory.families.GetFamily(actor, a.family);
    if (!family.ok()) return family.error();
    const int position = a.queue_position ? a.queue_position : static_cast<int>(i) + 1;
    sheet.rows.push_back({std::to_string(position), family->representative, family->phone,
                          LocalDateRu(a.applied_at, settings), std::string(Ru(a.status))});
  }
  return sheet;
}

bool IsInteger(const std::string& v) {
  if (v.empty() || v.size() > 15) return false;
  if (v.size() > 1 && v[0] == '0') return false;  // keep leading zeros as text
  return v.find_first_not_of("0123456789") == std::string::npos;
}

// A number in full: an optional minus, digits, and at most one decimal comma between digits.
bool IsNumber(std::string_view v) {
  constexpr auto npos = std::string_view::npos;
  if (!v.empty() && v[0] == '-') v.remove_prefix(1);
  const auto comma = v.find(',');
  auto digits = [](std::string_view d) {
    return !d.empty() && d.find_first_not_of("0123456789") == npos;
  };
  return digits(v.substr(0, comma)) && (comma == npos || digits(v.substr(comma + 1)));
}

}  // namespace

std::string NeutraliseFormula(const std::string& cell) {
  if (cell.empty() || std::string_view("=+-@\t\r").find(cell[0]) == std::string_view::npos ||
      IsNumber(cell))
    return cell;
  return "'" + cell;
}

Result<Sheet> BuildExport(const Sources& s, const Actor& actor, std::string_view name, Date from,
                          Date to, std::optional<PointId> point) {
  return BuildExport(s, actor, name, ExportFilter{from, to, point, std::nullopt, std::nullopt, ""});
}

Result<Sheet> BuildExport(const Sources& s, const Actor& actor, std::string_view name,
                          const ExportFilter& filter) {
  const auto& [from, to, point, type, status, text] = filter;
  if (to < from) return Error::InvalidArgument("'to' is before 'from'", "to");
  Result<Sheet> sheet = Error::NotFound("no such export", "name");
  if (name == "agreements") sheet = Agreements(s, actor, from, to, point);
  if (name == "movements") sheet = Movements(s, actor, from, to, point);
  if (name == "acknowledgments") sheet = Acknowledgments(s, actor, from, to, point);
  if (name == "items") sheet = Items(s, actor, filter);
  if (name == "report") sheet = Report(s, actor, from, to, point);
  if (name == "due") sheet = Due(s, actor, from, to, point);
  if (name == "overdue") sheet = Overdue(s, actor, point);
  if (name == "waiting") sheet = Waiting(s, actor, type, point);
  if (!sheet.ok()) return sheet;
  std::string detail = FormatDate(from) + ".." + FormatDate(to) + ", point " +
                       (point ? std::to_string(point->value) : "all of the account's") + ", " +
                       std::to_string(sheet->rows.size()) + " rows";
  if (auto logged = s.inventory.queries.LogBulkRead(actor, "export." + std::string(name), detail);
      !logged.ok())
    return logged.error();
  return sheet;
}

std::string ToCsv(const Sheet& sheet) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += ';';
      const std::string f = NeutraliseFormula(fields[i]);
      if (f.find_first_of(";\"\r\n") == std::string::npos) {
        out += f;
        continue;
      }
      out += '"';
      for (char c : f) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += "\r\n";
  };
  line(sheet.headings);
  for (const auto& row : sheet.rows) line(row);
  return out;
}

Result<std::string> ToXlsx(const Sheet& sheet) {
  std::string path = (std::filesystem::temp_directory_path() / "prokat-export-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return Error::Internal("cannot create a temporary file for the XLSX export");
  close(fd);
  struct Remove {
    std::string p;
    ~Remove() { std::remove(p.c_str()); }
  } remove{path};

  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Error::Internal("libxlsxwriter could not start a workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.sheet.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  for (std::size_t c = 0; c < sheet.headings.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headings[c].c_str(), bold);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), 22, nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const std::string& v = sheet.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      if (v.empty()) continue;
      if (IsInteger(v)) {
        worksheet_write_number(ws, row, col, std::stod(v), nullptr);
      } else {
        worksheet_write_string(ws, row, col, v.c_str(), wrap);
      }
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return Error::Internal("libxlsxwriter failed to write");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace prokat::documents
