// Queries and reports over a real server on the demo database: due returns, overdue (and an
// agreement becoming overdue when the server's clock moves), the movement journal, the
// agreement register and the report counts.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;

using Days = std::chrono::sys_days;

Days ParseDay(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  EXPECT_EQ(std::sscanf(std::string(text).c_str(), "%d-%u-%u", &y, &m, &d), 3) << text;
  return Days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}
std::string Format(std::chrono::sys_days d) {
  std::chrono::year_month_day ymd(d);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}
// Today at the point (UTC+3) by the system clock.
Days Today() {
  return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                               std::chrono::hours(3));
}

class ApiReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ApiServer(true); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { supervisor_ = server_->SignedIn("zaveduyushaya"); }

  // Every entry of a paged list, following next_cursor.
  std::vector<json::object> All(ApiClient& client, const std::string& target) {
    std::vector<json::object> out;
    std::string cursor;
    do {
      auto r = client.Get(target + (target.find('?') == std::string::npos ? "?" : "&") +
                          "limit=200" + (cursor.empty() ? "" : "&after=" + cursor));
      EXPECT_EQ(r.status, 200) << target << " " << r.raw;
      if (r.status != 200) break;
      for (const auto& e : r.body.at("items").as_array()) out.push_back(e.as_object());
      cursor = std::string(r.body.at("next_cursor").as_string());
    } while (!cursor.empty());
    return out;
  }

  static ApiServer* server_;
  std::unique_ptr<ApiClient> supervisor_;
};
ApiServer* ApiReportsTest::server_ = nullptr;

TEST_F(ApiReportsTest, OverdueIsSortedByDaysOverdueWithPhoneAndAgreement) {
  auto overdue = All(*supervisor_, "/api/v1/overdue");
  ASSERT_FALSE(overdue.empty()) << "the demo data has overdue agreements";
  std::int64_t previous = INT64_MAX;
  for (const auto& e : overdue) {
    EXPECT_GT(e.at("days_overdue").as_int64(), 0);
    EXPECT_LE(e.at("days_overdue").as_int64(), previous) << "most overdue first";
    previous = e.at("days_overdue").as_int64();
    EXPECT_FALSE(e.at("phone").as_string().empty());
    EXPECT_FALSE(e.at("number").as_string().empty());
    EXPECT_FALSE(e.at("representative").as_string().empty());
    EXPECT_GT(e.at("agreement_id").as_int64(), 0);
    EXPECT_GT(e.at("open_items").as_int64(), 0);
    EXPECT_LT(ParseDay(e.at("due_date").as_string()), Today());
  }
  // Staff and admins read it too; drivers never.
  EXPECT_EQ(server_->SignedIn("ivanova")->Get("/api/v1/overdue").status, 200);
  auto driver = server_->SignedIn("petrov");
  for (auto target : {"/api/v1/overdue", "/api/v1/due", "/api/v1/journal/movements",
                      "/api/v1/register/agreements?from=2025-01-01&to=2026-12-31",
                      "/api/v1/reports/counts?from=2025-01-01&to=2026-12-31"}) {
    EXPECT_EQ(driver->Get(target).status, 403) << target;
  }
}

TEST_F(ApiReportsTest, DueListsOpenAgreementsInTheWindowByDueDate) {
  const Days from = Today(), to = Today() + std::chrono::days(60);
  auto due = All(*supervisor_, "/api/v1/due?from=" + Format(from) + "&to=" + Format(to));
  ASSERT_FALSE(due.empty());
  Days previous = from;
  for (const auto& e : due) {
    Days d = ParseDay(e.at("due_date").as_string());
    EXPECT_GE(d, previous);
    EXPECT_LE(d, to);
    previous = d;
    EXPECT_EQ(e.at("days_overdue"), 0);
  }
  // The default window is today and the next 14 days.
  auto default_window = All(*supervisor_, "/api/v1/due");
  for (const auto& e : default_window)
    EXPECT_LE(ParseDay(e.at("due_date").as_string()), from + std::chrono::days(14));
  // A point the account is not given is refused, not shown empty.
  EXPECT_EQ(supervisor_->Get("/api/v1/due?point=999").status, 403);

  for (auto target :
       {"/api/v1/due?from=2026-02-30", "/api/v1/due?from=2026-03-10&to=2026-03-01",
        "/api/v1/due?to=yesterday", "/api/v1/due?point=0", "/api/v1/due?point=99999999999999999999",
        "/api/v1/due?limit=-1", "/api/v1/due?after=%3Cscript%3E", "/api/v1/overdue?point=x",
        "/api/v1/overdue?after=garbage"}) {
    auto r = supervisor_->Get(target);
    EXPECT_EQ(r.status, 400) << target << " " << r.raw;
  }
}

TEST_F(ApiReportsTest, MovementJournalFiltersAndPages) {
  auto first = supervisor_->Get("/api/v1/journal/movements?limit=5");
  ASSERT_EQ(first.status, 200) << first.raw;
  ASSERT_EQ(first.body.at("items").as_array().size(), 5u);
  const auto& m = first.body.at("items").at(0);
  for (auto key :
       {"id", "at", "item_id", "inventory_number", "from", "to", "agreement_id", "user_id", "note"})
    EXPECT_TRUE(m.as_object().contains(key)) << key;
  std::string cursor(first.body.at("next_cursor").as_string());
  ASSERT_FALSE(cursor.empty());
  auto second = supervisor_->Get("/api/v1/journal/movements?limit=5&after=" + cursor);
  ASSERT_EQ(second.status, 200);
  EXPECT_GT(second.body.at("items").at(0).at("id").as_int64(),
            first.body.at("items").at(4).at("id").as_int64());

  const auto item = m.at("item_id").as_int64();
  auto history = All(*supervisor_, "/api/v1/journal/movements?item=" + std::to_string(item));
  ASSERT_FALSE(history.empty());
  for (const auto& e : history) EXPECT_EQ(e.at("item_id"), item);

  const Days day = Today() - std::chrono::days(10);
  auto that_day =
      All(*supervisor_, "/api/v1/journal/movements?from=" + Format(day) + "&to=" + Format(day));
  for (const auto& e : that_day) EXPECT_TRUE(e.at("at").as_string().size() >= 10);

  for (auto target :
       {"/api/v1/journal/movements?item=abc", "/api/v1/journal/movements?agreement=-5",
        "/api/v1/journal/movements?from=2026-01-32",
        "/api/v1/journal/movements?from=2026-03-02&to=2026-03-01",
        "/api/v1/journal/movements?limit=1001"}) {
    EXPECT_EQ(supervisor_->Get(target).status, 400) << target;
  }
  EXPECT_TRUE(All(*supervisor_, "/api/v1/journal/movements?item=99999999").empty());
}

TEST_F(ApiReportsTest, CountsAgreeWithTheRegisterOfThePeriod) {
  const Days from = Today() - std::chrono::days(365), to = Today();
  const std::string period = "from=" + Format(from) + "&to=" + Format(to);
  auto register_rows = All(*supervisor_, "/api/v1/register/agreements?" + period);
  ASSERT_FALSE(register_rows.empty());
  std::set<std::int64_t> families;
  std::set<std::string> children;
  std::int64_t items = 0;
  for (const auto& e : register_rows) {
    Days start = ParseDay(e.at("start_date").as_string());
    EXPECT_GE(start, from);
    EXPECT_LE(start, to);
    EXPECT_NE(e.at("state"), "draft");
    EXPECT_NE(e.at("state"), "cancelled");
    families.insert(e.at("family_id").as_int64());
    if (!e.at("child").as_string().empty()) children.insert(std::string(e.at("child").as_string()));
    items += e.at("items").as_int64();
  }

  auto counts = supervisor_->Get("/api/v1/reports/counts?" + period);
  ASSERT_EQ(counts.status, 200) << counts.raw;
  const auto& c = counts.body.as_object();
  EXPECT_EQ(c.at("from").as_string(), Format(from));
  EXPECT_EQ(c.at("agreements").as_int64(), static_cast<std::int64_t>(register_rows.size()));
  EXPECT_EQ(c.at("families").as_int64(), static_cast<std::int64_t>(families.size()));
  EXPECT_EQ(c.at("items_issued").as_int64(), items);
  EXPECT_GE(c.at("children").as_int64(), static_cast<std::int64_t>(children.size() > 0 ? 1 : 0));
  EXPECT_LE(c.at("children").as_int64(), c.at("agreements").as_int64());
  std::int64_t by_category = 0;
  for (auto key : {"rehabilitation", "baby", "leisure_sport", "multibox"})
    by_category += c.at("by_category").at(key).as_int64();
  EXPECT_EQ(by_category, items);
  for (auto key : {"disabled_child", "special_needs_child", "serviceman_family",
                   "difficult_situation", "newborn_kept", "disabled_adult"}) {
    EXPECT_LE(c.at("by_target_group").at(key).as_int64(), c.at("families").as_int64()) << key;
  }

  // A period before the history: all zero, every key present.
  auto empty = supervisor_->Get("/api/v1/reports/counts?from=2000-01-01&to=2000-12-31");
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body.at("agreements"), 0);
  EXPECT_EQ(empty.body.at("by_category").at("baby"), 0);
  EXPECT_EQ(empty.body.at("by_target_group").at("newborn_kept"), 0);
  EXPECT_TRUE(
      All(*supervisor_, "/api/v1/register/agreements?from=2000-01-01&to=2000-12-31").empty());

  for (auto target : {"/api/v1/reports/counts", "/api/v1/reports/counts?from=2026-01-01",
                      "/api/v1/reports/counts?from=2026-01-01&to=2025-01-01",
                      "/api/v1/reports/counts?from=x&to=y",
                      "/api/v1/reports/counts?from=2026-01-01&to=2026-12-31&point=abc",
                      "/api/v1/register/agreements",
                      "/api/v1/register/agreements?from=2026-01-01&to=2026-00-01"}) {
    EXPECT_EQ(supervisor_->Get(target).status, 400) << target;
  }
}

// The board's chart: the counts per status equal the register's items listed by status.
TEST_F(ApiReportsTest, ItemStatusCountsEqualTheItemsListedPerStatus) {
  auto counts = supervisor_->Get("/api/v1/items/status-counts");
  ASSERT_EQ(counts.status, 200) << counts.raw;
  const auto& by_status = counts.body.at("counts").as_object();
  const char* statuses[] = {"available",  "reserved",   "out_for_delivery",
                            "on_loan",    "inspection", "in_repair",
                            "in_custody", "lost",       "written_off"};
  EXPECT_EQ(by_status.size(), std::size(statuses));
  std::int64_t total = 0;
  for (const char* status : statuses) {
    ASSERT_TRUE(by_status.contains(status)) << status;
    auto listed = All(*supervisor_, std::string("/api/v1/items?status=") + status);
    EXPECT_EQ(by_status.at(status).as_int64(), static_cast<std::int64_t>(listed.size())) << status;
    total += by_status.at(status).as_int64();
  }
  EXPECT_EQ(counts.body.at("total").as_int64(), total);
  EXPECT_EQ(total, static_cast<std::int64_t>(All(*supervisor_, "/api/v1/items").size()));
  EXPECT_GT(by_status.at("available").as_int64(), 0);
  EXPECT_GT(by_status.at("on_loan").as_int64(), 0);

  auto here = supervisor_->Get("/api/v1/items/status-counts?point_id=1");
  ASSERT_EQ(here.status, 200) << here.raw;
  EXPECT_EQ(here.body.at("total").as_int64(), total) << "the demo data has one point";
  auto elsewhere = supervisor_->Get("/api/v1/items/status-counts?point_id=999");
  EXPECT_EQ(elsewhere.status, 403) << "not a point of the supervisor's account";
  EXPECT_EQ(supervisor_->Get("/api/v1/items/status-counts?point_id=abc").status, 400);
}

// Last: it moves the server's clock.
TEST_F(ApiReportsTest, AnAgreementBecomesOverdueWhenTheClockPassesItsDueDate) {
  auto due = All(*supervisor_, "/api/v1/due?from=" + Format(Today() + std::chrono::days(2)) +
                                   "&to=" + Format(Today() + std::chrono::days(60)));
  ASSERT_FALSE(due.empty());
  const json::object target = due.front();
  const Days due_date = ParseDay(target.at("due_date").as_string());
  for (const auto& e : All(*supervisor_, "/api/v1/overdue"))
    EXPECT_NE(e.at("agreement_id"), target.at("agreement_id"));

  // Three days past the due date, at noon at the point.
  server_->SetClock(Format(due_date + std::chrono::days(3)) + "T09:00:00Z");
  auto supervisor = server_->SignedIn("zaveduyushaya");
  bool found = false;
  for (const auto& e : All(*supervisor, "/api/v1/overdue")) {
    if (e.at("agreement_id") != target.at("agreement_id")) continue;
    found = true;
    EXPECT_EQ(e.at("days_overdue"), 3);
    EXPECT_EQ(e.at("phone"), target.at("phone"));
    EXPECT_EQ(e.at("number"), target.at("number"));
  }
  EXPECT_TRUE(found) << "agreement " << target.at("agreement_id") << " due " << Format(due_date);
  auto window =
      All(*supervisor, "/api/v1/due?from=" + Format(due_date) + "&to=" + Format(due_date));
  bool in_window = false;
  for (const auto& e : window)
    if (e.at("agreement_id") == target.at("agreement_id")) in_window = e.at("days_overdue") == 3;
  EXPECT_TRUE(in_window);
}

}  // namespace
}  // namespace prokat::testing
