// Registers and exports as tables with Russian column headings, written as CSV or XLSX:
//   agreements       Электронный журнал регистрации договоров (activated in the period)
//   movements        Журнал учета движения оборудования
//   acknowledgments  Журнал учета ознакомления с правилами пользования оборудованием
//   items            Единый реестр предметов проката (the period is ignored; status, type, text)
//   report           Отчет за период (the figures of QueryService::Counts)
//   due              Договоры со сроком возврата в период (open agreements due in the period)
//   overdue          Просроченные договоры (open agreements past their due date; no period)
//   waiting          Лист ожидания (the queue of one item type at one point; no period)
// Every export writes dates as DD.MM.YYYY and times as DD.MM.YYYY HH:MM in the point's time, the
// same in CSV and XLSX: both are written from one Sheet.
//
// CSV: UTF-8 with a byte-order mark (without it Excel reads the bytes as Windows-1251), fields
// separated by ';' (Excel in a Russian locale splits on the list separator of the regional
// settings, which is ';' because ',' is the decimal separator there; a ',' file opens as one
// column), CRLF line ends, RFC 4180 quoting: a field with ';', '"', CR or LF is enclosed in
// quotes and its quotes doubled. A spreadsheet runs a cell that begins with '=', '+', '-' or '@'
// (or a tab or CR before one) as a formula, so such a cell is written with a leading apostrophe
// (OWASP's advice), which shows it as text: "=HYPERLINK(...)" in a family's name stays a name. A
// cell that is a number in full ("-5", "12,50") is left a number; "-5 км" is text.
// XLSX needs none of this: text is written as string cells (worksheet_write_string), which a
// spreadsheet never evaluates; only worksheet_write_formula makes a formula.
// Thread-safe: no shared state (XLSX goes through a private temporary file).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prokat/documents/documents.hpp"

namespace prokat::documents {

struct Sheet {
  std::string title;  // the file's name, Russian
  std::string sheet;  // the XLSX sheet's name (at most 31 characters)
  std::vector<std::string> headings;
  std::vector<std::vector<std::string>> rows;
};

inline constexpr std::string_view kExportNames[] = {
    "agreements", "movements", "acknowledgments", "items", "report", "due", "overdue", "waiting"};

// What an export is asked for: the period [from, to] and the point; `type` is the item type of
// the waiting list (which needs one) or narrows the items register, as `status` and `text` do.
struct ExportFilter {
  inventory::Date from;
  inventory::Date to;
  std::optional<inventory::PointId> point;
  std::optional<inventory::ItemTypeId> type;
  std::optional<inventory::ItemStatus> status;
  std::string text;  // a substring of the inventory number or name, empty for any
};

// The rows of the actor's points, or of `point` among them. Each export is logged once, with
// its period, point and number of rows (QueryService::LogBulkRead). kNotFound (field "name")
// for an unknown name; kInvalidArgument ("to" before "from"; "waiting" without "type" or
// "point"); kForbidden "point_not_allowed".
Result<Sheet> BuildExport(const Sources& s, const inventory::Actor& actor, std::string_view name,
                          const ExportFilter& filter);
Result<Sheet> BuildExport(const Sources& s, const inventory::Actor& actor, std::string_view name,
                          inventory::Date from, inventory::Date to,
                          std::optional<inventory::PointId> point);

std::string ToCsv(const Sheet& sheet);
// `cell` as a CSV cell may carry it: with a leading apostrophe when a spreadsheet would take it
// for a formula, else unchanged.
std::string NeutraliseFormula(const std::string& cell);
// Cells that are plain integers become numbers; the heading row is bold and frozen.
// kInternal when libxlsxwriter fails (temporary directory not writable).
Result<std::string> ToXlsx(const Sheet& sheet);

}  // namespace prokat::documents
