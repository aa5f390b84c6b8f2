// The registers as files over a real server on the demo database: each export answers the rows
// its page lists (due, overdue, waiting list, items, movements), with the same columns and
// dates as DD.MM.YYYY in CSV and in XLSX, narrowed to the point asked for, and a period whose
// "to" is before its "from" is a 400 naming the field.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "api_client.hpp"
#include "shell.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;

using Row = std::vector<std::string>;

// RFC 4180 with ';' between fields and CRLF between records, after the byte-order mark.
std::vector<Row> ParseCsv(std::string text) {
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_EQ(text.rfind(bom, 0), 0u) << "no byte-order mark";
  if (text.rfind(bom, 0) == 0) text.erase(0, bom.size());
  std::vector<Row> rows;
  Row row;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ';') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The shared strings of an XLSX (every text cell, headings first, in the order written).
std::string XlsxStrings(const TempDir& dir, const std::string& bytes, const std::string& name) {
  const std::string path = dir.File(name + ".xlsx");
  std::ofstream(path, std::ios::binary) << bytes;
  return Shell("unzip -p '" + path + "' xl/sharedStrings.xml");
}

std::string UrlEncoded(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", c);
    out += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : std::string(hex);
  }
  return out;
}

const std::regex kRuDate(R"(\d{2}\.\d{2}\.\d{4})");

class ApiExportsTest : public ApiSuite<ApiExportsTest> {
 public:
  static constexpr bool kDemo = true;

 protected:
  void SetUp() override {
    staff_ = server->SignedIn("ivanova");
    supervisor_ = server->SignedIn("zaveduyushaya");
  }

  // Every entry of a paged JSON list.
  std::vector<json::object> All(ApiClient& client, const std::string& target) {
    std::vector<json::object> out;
    std::string cursor;
    do {
      auto r = client.Get(target + (target.find('?') == std::string::npos ? "?" : "&") +
                          "limit=500" + (cursor.empty() ? "" : "&after=" + cursor));
      EXPECT_EQ(r.status, 200) << target << " " << r.raw;
      if (r.status != 200) break;
      for (const auto& e : r.body.at("items").as_array()) out.push_back(e.as_object());
      cursor = std::string(r.body.at("next_cursor").as_string());
    } while (!cursor.empty());
    return out;
  }

  std::vector<Row> Csv(ApiClient& client, const std::string& target) {
    auto r = client.Get(target);
    EXPECT_EQ(r.status, 200) << target << " " << r.raw.substr(0, 300);
    EXPECT_EQ(std::string(r.http["Content-Type"]), "text/csv; charset=utf-8") << target;
    return r.status == 200 ? ParseCsv(r.raw) : std::vector<Row>{};
  }

  std::unique_ptr<ApiClient> staff_, supervisor_;
};

TEST_F(ApiExportsTest, DueExportListsTheAgreementsOfTheWindowWithRussianDates) {
  const std::string window = "from=2000-01-01&to=2100-12-31";
  auto listed = All(*supervisor_, "/api/v1/due?" + window);
  ASSERT_FALSE(listed.empty()) << "the demo has open agreements";
  auto csv = Csv(*supervisor_, "/api/v1/exports/due.csv?" + window);
  ASSERT_EQ(csv.size(), listed.size() + 1);
  EXPECT_EQ(csv[0], (Row{"№ договора", "Законный представитель", "Телефон", "Срок возврата",
                         "Предметов на руках"}));
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const Row& row = csv[i + 1];
    ASSERT_EQ(row.size(), 5u);
    EXPECT_EQ(row[0], listed[i].at("number").as_string());
    EXPECT_EQ(row[1], listed[i].at("representative").as_string());
    const std::string due(listed[i].at("due_date").as_string());  // YYYY-MM-DD
    EXPECT_EQ(row[3], due.substr(8, 2) + "." + due.substr(5, 2) + "." + due.substr(0, 4));
    EXPECT_EQ(row[4], std::to_string(listed[i].at("open_items").as_int64()));
  }
}

TEST_F(ApiExportsTest, OverdueExportHasTheDaysAndTheSameColumnsInXlsx) {
  auto listed = All(*supervisor_, "/api/v1/overdue");
  ASSERT_FALSE(listed.empty()) << "the demo has overdue agreements";
  auto csv = Csv(*supervisor_, "/api/v1/exports/overdue.csv");
  ASSERT_EQ(csv.size(), listed.size() + 1);
  ASSERT_EQ(csv[0].size(), 6u);
  EXPECT_EQ(csv[0][0], "Дней просрочки");
  for (std::size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(csv[i + 1][0], std::to_string(listed[i].at("days_overdue").as_int64()));
    EXPECT_EQ(csv[i + 1][1], listed[i].at("number").as_string());
    EXPECT_TRUE(std::regex_match(csv[i + 1][4], kRuDate)) << csv[i + 1][4];
  }

  auto xlsx = supervisor_->Get("/api/v1/exports/overdue.xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.raw;
  EXPECT_EQ(std::string(xlsx.http["Content-Type"]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(xlsx.raw.rfind("PK", 0), 0u);
  const std::string strings = XlsxStrings(server->dir(), xlsx.raw, "overdue");
  for (const auto& heading : csv[0]) EXPECT_NE(strings.find(heading), std::string::npos) << heading;
  // The first row's due date, written as the same text in both files.
  EXPECT_NE(strings.find(csv[1][4]), std::string::npos) << csv[1][4];
}

TEST_F(ApiExportsTest, ExportsKeepToThePointAskedFor) {
  auto admin = server->SignedIn("admin");
  auto point = admin->Post(
      "/api/v1/points",
      json::object{{"name", "Пункт проката Бийск"}, {"address", "г. Бийск"}, {"code", "BSK"}});
  ASSERT_EQ(point.status, 201) << point.raw;
  const std::string other = std::to_string(point.body.at("id").as_int64());

  // The demo's point has overdue agreements; the staff of it may not ask for another point.
  auto here = Csv(*staff_, "/api/v1/exports/overdue.csv?point=1");
  EXPECT_EQ(here.size(), All(*staff_, "/api/v1/overdue?point=1").size() + 1);
  EXPECT_GT(here.size(), 1u);
  for (auto name :
       {"overdue.csv", "due.xlsx", "movements.csv", "items.csv", "waiting.csv?type=1&"}) {
    std::string target = std::string("/api/v1/exports/") + name;
    target += (target.back() == '&' ? "" : "?") + std::string("point=") + other;
    auto refused = staff_->Get(target);
    EXPECT_EQ(refused.status, 403) << target << " " << refused.raw;
    EXPECT_EQ(refused.ErrorCode(), "point_not_allowed") << target;
  }

  // The movement journal on the page and in the file: the same point filter.
  const std::string period = "from=2000-01-01&to=2100-12-31";
  auto journal = All(*staff_, "/api/v1/journal/movements?point=1&" + period);
  ASSERT_FALSE(journal.empty());
  auto file = Csv(*staff_, "/api/v1/exports/movements.csv?point=1&" + period);
  EXPECT_EQ(file.size(), journal.size() + 1);
  EXPECT_EQ(staff_->Get("/api/v1/journal/movements?point=" + other).status, 403);
}

TEST_F(ApiExportsTest, ItemsExportTakesTheRegistersFilters) {
  auto listed = All(*staff_, "/api/v1/items?status=on_loan");
  ASSERT_FALSE(listed.empty());
  auto csv = Csv(*staff_, "/api/v1/exports/items.csv?status=on_loan");
  ASSERT_EQ(csv.size(), listed.size() + 1);
  for (std::size_t i = 1; i < csv.size(); ++i) EXPECT_EQ(csv[i][6], "выдан") << csv[i][0];
  const std::string number(listed[0].at("inventory_number").as_string());
  auto one = Csv(*staff_, "/api/v1/exports/items.csv?q=" + UrlEncoded(number));
  ASSERT_GE(one.size(), 2u);
  EXPECT_EQ(one[1][0], number);
  EXPECT_EQ(staff_->Get("/api/v1/exports/items.csv?status=borrowed").status, 400);
}

TEST_F(ApiExportsTest, WaitingListExportIsTheQueueOfOneType) {
  auto types = staff_->Get("/api/v1/item-types");
  ASSERT_EQ(types.status, 200);
  std::string type;
  std::vector<json::object> queue;
  for (const auto& t : types.body.at("items").as_array()) {
    type = std::to_string(t.at("id").as_int64());
    auto r = staff_->Get("/api/v1/waiting-list?type=" + type);
    ASSERT_EQ(r.status, 200) << r.raw;
    queue.clear();
    for (const auto& a : r.body.at("items").as_array()) queue.push_back(a.as_object());
    if (!queue.empty()) break;
  }
  ASSERT_FALSE(queue.empty()) << "the demo has a waiting list";
  auto csv = Csv(*staff_, "/api/v1/exports/waiting.csv?type=" + type);
  ASSERT_EQ(csv.size(), queue.size() + 1);
  EXPECT_EQ(csv[0], (Row{"№", "Законный представитель", "Телефон", "Дата заявления", "Состояние"}));
  for (std::size_t i = 1; i < csv.size(); ++i)
    EXPECT_TRUE(std::regex_match(csv[i][3], kRuDate)) << csv[i][3];

  auto no_type = staff_->Get("/api/v1/exports/waiting.csv");
  EXPECT_EQ(no_type.status, 400) << no_type.raw;
  EXPECT_EQ(no_type.body.at("error").at("field"), "type");
}

TEST_F(ApiExportsTest, APeriodEndingBeforeItStartsIsRefusedNamingTheField) {
  for (auto name : {"agreements.csv", "movements.xlsx", "report.csv", "due.csv"}) {
    const std::string target =
        std::string("/api/v1/exports/") + name + "?from=2026-03-10&to=2026-03-01";
    auto r = supervisor_->Get(target);
    EXPECT_EQ(r.status, 400) << target << " " << r.raw;
    EXPECT_EQ(r.body.at("error").at("field"), "to") << target;
  }
  // A start after today with no end asked for is a period of that one day, not an error.
  EXPECT_EQ(supervisor_->Get("/api/v1/exports/agreements.csv?from=2100-01-01").status, 200);
  auto bad = supervisor_->Get("/api/v1/exports/report.csv?from=2026-02-30");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.at("error").at("field"), "from");
}

}  // namespace
}  // namespace prokat::testing
