// Rental points kept apart, route by route, against the real server on the demo database: the
// staff of a second point neither see nor change the first point's families, agreements, items,
// kits, deliveries, photos, documents, registers, exports and events; a point that is not the
// account's is refused where a list is asked for it; and an item crosses only by a transfer.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>

#include "api_client.hpp"
#include "event_client.hpp"
#include "prokat/db/connection.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
using verb = boost::beast::http::verb;

std::string Str(std::int64_t v) { return std::to_string(v); }

std::int64_t FirstId(ApiClient& c, const std::string& target, const char* key = "id") {
  auto r = c.Get(target);
  EXPECT_EQ(r.status, 200) << target << " " << r.raw;
  const auto& items = r.body.at("items").as_array();
  EXPECT_FALSE(items.empty()) << target;
  return items.empty() ? 0 : items[0].at(key).as_int64();
}

class ApiPointsTest : public ApiSuite<ApiPointsTest> {
 public:
  static constexpr bool kDemo = true;

 protected:
  static void SetUpTestSuite() {
    ApiSuite::SetUpTestSuite();
    auto admin = server->SignedIn("admin");
    auto point = admin->Post(
        "/api/v1/points",
        json::object{{"name", "Пункт проката Бийск"}, {"address", "г. Бийск"}, {"code", "BSK"}});
    ASSERT_EQ(point.status, 201) << point.raw;
    second_point = point.body.at("id").as_int64();
    auto user = admin->Post("/api/v1/users", json::object{{"login", "bijsk"},
                                                          {"display_name", "Сотрудник Бийска"},
                                                          {"role", "staff"},
                                                          {"point_id", second_point},
                                                          {"password", "bijsk-password"}});
    ASSERT_EQ(user.status, 201) << user.raw;
  }

  void SetUp() override {
    first_ = server->SignedIn("ivanova");
    second_ = std::make_unique<ApiClient>(server->port());
    ASSERT_EQ(second_->Login("bijsk", "bijsk-password").status, 201);
  }

  static inline std::int64_t second_point = 0;
  std::unique_ptr<ApiClient> first_, second_;
};

TEST_F(ApiPointsTest, AnotherPointsRecordsAreNotFoundOnEveryRoute) {
  const auto family = FirstId(*first_, "/api/v1/families?limit=1");
  const auto agreement = FirstId(*first_, "/api/v1/overdue?limit=1", "agreement_id");
  const auto item = FirstId(*first_, "/api/v1/items?status=available&limit=1");
  const auto kit = FirstId(*first_, "/api/v1/kits");
  const auto delivery = FirstId(*first_, "/api/v1/deliveries?limit=1");
  auto app = first_->Post("/api/v1/applications",
                          json::object{{"family_id", family}, {"type_id", 1}, {"note", "тест"}});
  const std::int64_t application = app.status == 201 ? app.body.at("id").as_int64() : 0;
  ASSERT_GT(application, 0) << app.raw;

  // The first point's staff see them all: the ids are real.
  for (const auto& target : {"/api/v1/families/" + Str(family),
                             "/api/v1/agreements/" + Str(agreement), "/api/v1/items/" + Str(item),
                             "/api/v1/kits/" + Str(kit), "/api/v1/deliveries/" + Str(delivery)})
    EXPECT_EQ(first_->Get(target).status, 200) << target;

  const std::vector<std::string> reads = {
      "/api/v1/families/" + Str(family),
      "/api/v1/families/" + Str(family) + "/history",
      "/api/v1/families/" + Str(family) + "/applications",
      "/api/v1/families/" + Str(family) + "/consent.pdf",
      "/api/v1/families/" + Str(family) + "/application.pdf",
      "/api/v1/applications/" + Str(application),
      "/api/v1/agreements/" + Str(agreement),
      "/api/v1/agreements/" + Str(agreement) + "/rules",
      "/api/v1/agreements/" + Str(agreement) + "/returns",
      "/api/v1/agreements/" + Str(agreement) + "/handover-act",
      "/api/v1/agreements/" + Str(agreement) + "/agreement.pdf",
      "/api/v1/agreements/" + Str(agreement) + "/handover-act.pdf",
      "/api/v1/agreements/" + Str(agreement) + "/rules.pdf",
      "/api/v1/agreements/" + Str(agreement) + "/photos",
      "/api/v1/items/" + Str(item),
      "/api/v1/items/" + Str(item) + "/history",
      "/api/v1/items/" + Str(item) + "/photos",
      "/api/v1/items/" + Str(item) + "/label.png",
      "/api/v1/kits/" + Str(kit),
      "/api/v1/deliveries/" + Str(delivery),
      "/api/v1/labels.pdf?items=" + Str(item),
  };
  for (const auto& target : reads) {
    auto r = second_->Get(target);
    EXPECT_EQ(r.status, 404) << target << " " << r.raw.substr(0, 300);
  }

  const std::vector<std::tuple<verb, std::string, json::object>> writes = {
      {verb::patch, "/api/v1/families/" + Str(family), {{"phone", "+7 900 000-00-00"}}},
      {verb::post,
       "/api/v1/families/" + Str(family) + "/children",
       {{"name", "Чужой ребёнок"}, {"birth_date", "2020-01-01"}, {"category", "none"}}},
      {verb::post,
       "/api/v1/agreements",
       {{"family_id", family}, {"items", json::array{item}}, {"term_months", 3}}},
      {verb::post, "/api/v1/applications/" + Str(application) + "/cancel", {{"reason", "чужая"}}},
      {verb::post,
       "/api/v1/agreements/" + Str(agreement) + "/extend",
       {{"new_due_date", "2027-12-01"}, {"reason", "чужой"}}},
      {verb::post, "/api/v1/agreements/" + Str(agreement) + "/terminate", {{"reason", "чужой"}}},
      {verb::patch, "/api/v1/items/" + Str(item), {{"name", "Чужой предмет"}}},
      {verb::post, "/api/v1/items/" + Str(item) + "/repair", {{"condition", "good"}}},
      {verb::post, "/api/v1/deliveries/" + Str(delivery) + "/fail", {{"reason", "чужая"}}},
  };
  for (const auto& [method, target, body] : writes) {
    auto r = second_->Send(method, target, json::serialize(body),
                           {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 404) << target << " " << r.raw;
  }
  // Nothing of it changed.
  auto still = first_->Get("/api/v1/families/" + Str(family));
  EXPECT_NE(still.body.at("phone"), "+7 900 000-00-00");
  EXPECT_EQ(first_->Get("/api/v1/applications/" + Str(application)).body.at("status"),
            app.body.at("status"));
  EXPECT_EQ(first_
                ->Post("/api/v1/applications/" + Str(application) + "/cancel",
                       json::object{{"reason", "тест окончен"}})
                .status,
            200);

  // What is made is made at the account's point only.
  auto family_there =
      second_->Post("/api/v1/families", json::object{{"point_id", 1},
                                                     {"representative", "Чужая семья"},
                                                     {"phone", "+7 913 000-00-00"},
                                                     {"address", "Бийск"},
                                                     {"consent_on", "2026-11-01"}});
  EXPECT_EQ(family_there.status, 403) << family_there.raw;
  EXPECT_EQ(family_there.ErrorCode(), "point_not_allowed");
}

TEST_F(ApiPointsTest, ListsRegistersReportsAndExportsShowTheAccountsPointOnly) {
  const auto family = first_->Get("/api/v1/families?limit=1").body.at("items").at(0);
  const std::string representative(family.at("representative").as_string());

  for (const std::string target :
       {"/api/v1/families", "/api/v1/items", "/api/v1/kits", "/api/v1/deliveries",
        "/api/v1/due?from=2020-01-01&to=2030-12-31", "/api/v1/overdue",
        "/api/v1/register/agreements?from=2020-01-01&to=2030-12-31", "/api/v1/journal/movements"}) {
    auto mine = second_->Get(target);
    ASSERT_EQ(mine.status, 200) << target << " " << mine.raw;
    EXPECT_TRUE(mine.body.at("items").as_array().empty())
        << target << " " << mine.raw.substr(0, 300);
    EXPECT_FALSE(first_->Get(target).body.at("items").as_array().empty()) << target;
  }
  auto counts = second_->Get("/api/v1/reports/counts?from=2020-01-01&to=2030-12-31");
  ASSERT_EQ(counts.status, 200) << counts.raw;
  EXPECT_EQ(counts.body.at("agreements").as_int64(), 0);
  auto board = second_->Get("/api/v1/reports/board-summary");
  ASSERT_EQ(board.status, 200);
  EXPECT_EQ(board.body.at("overdue").as_int64(), 0);

  auto csv = second_->Get("/api/v1/exports/agreements.csv?from=2020-01-01&to=2030-12-31");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.raw.find(representative), std::string::npos);
  auto theirs = first_->Get("/api/v1/exports/agreements.csv?from=2020-01-01&to=2030-12-31");
  EXPECT_NE(theirs.raw.find(representative), std::string::npos);

  // Asking for the other point by name is refused, not answered empty.
  for (const std::string target :
       {"/api/v1/families?point=1", "/api/v1/items?point_id=1", "/api/v1/due?point=1",
        "/api/v1/reports/counts?from=2026-01-01&to=2026-12-31&point=1",
        "/api/v1/exports/agreements.xlsx?point=1", "/api/v1/waiting-list?type=1&point=1"}) {
    auto r = second_->Get(target);
    EXPECT_EQ(r.status, 403) << target << " " << r.raw;
    EXPECT_EQ(r.ErrorCode(), "point_not_allowed") << target;
  }
  // A scanned label of the other point's item names nothing of it.
  const auto item = FirstId(*first_, "/api/v1/items?limit=1");
  auto label = first_->Get("/api/v1/items/" + Str(item)).body.at("label");
  auto scan = second_->Get("/api/v1/lookup?code=" + std::string(label.as_string()));
  ASSERT_EQ(scan.status, 200) << scan.raw;
  EXPECT_EQ(scan.raw.find(std::string(
                first_->Get("/api/v1/items/" + Str(item)).body.at("inventory_number").as_string())),
            std::string::npos)
      << scan.raw;
}

TEST_F(ApiPointsTest, ExportsAndRegisterPagesAreLoggedOncePerRequest) {
  auto count = [&](const std::string& action) {
    db::Connection c(server->db_path());
    auto s = c.Prepare("SELECT COUNT(*) FROM audit WHERE action = ?");
    s.BindAll(action).Step();
    return s.Get<int>(0);
  };
  const int exports = count("export.agreements");
  ASSERT_EQ(first_->Get("/api/v1/exports/agreements.csv?from=2020-01-01&to=2030-12-31").status,
            200);
  EXPECT_EQ(count("export.agreements"), exports + 1);
  const int pages = count("register.agreements");
  ASSERT_EQ(first_->Get("/api/v1/register/agreements?from=2020-01-01&to=2030-12-31").status, 200);
  EXPECT_EQ(count("register.agreements"), pages + 1);
  const int trips = count("delivery.list");
  ASSERT_EQ(first_->Get("/api/v1/deliveries").status, 200);
  EXPECT_EQ(count("delivery.list"), trips + 1);
}

TEST_F(ApiPointsTest, ChangeEventsReachTheirPointOnly) {
  EventClient here(server->port(), first_->cookie());
  EventClient there(server->port(), second_->cookie());
  const auto family = FirstId(*first_, "/api/v1/families?limit=1");
  ASSERT_EQ(
      first_->Patch("/api/v1/families/" + Str(family), json::object{{"notes", "событие"}}).status,
      200);
  auto seen = here.Next("change", std::chrono::seconds(10));
  ASSERT_FALSE(seen.is_null()) << "the first point's desk heard nothing";
  // The second point's first news is its own change, not the first point's.
  ASSERT_EQ(second_
                ->Post("/api/v1/families", json::object{{"representative", "Семья Бийска"},
                                                        {"phone", "+7 913 111-11-11"},
                                                        {"address", "Бийск"},
                                                        {"consent_on", "2026-11-01"}})
                .status,
            201);
  auto heard = there.Next("change", std::chrono::seconds(10));
  ASSERT_FALSE(heard.is_null()) << "the second point did not hear of its own change";
  EXPECT_EQ(heard.at("by"), "bijsk") << json::serialize(heard);
}

TEST_F(ApiPointsTest, AnItemCrossesOnlyByATransferOfASupervisorGivenBothPoints) {
  const auto item = FirstId(*first_, "/api/v1/items?status=available&limit=1");
  auto supervisor = server->SignedIn("zaveduyushaya");
  auto refused = supervisor->Post("/api/v1/items/" + Str(item) + "/transfer",
                                  json::object{{"to_point_id", second_point}, {"reason", "Бийск"}});
  EXPECT_EQ(refused.status, 403) << "the supervisor is not given the second point: " << refused.raw;

  auto admin = server->SignedIn("admin");
  auto users = admin->Get("/api/v1/users?role=supervisor").body.at("items").as_array();
  ASSERT_FALSE(users.empty());
  const auto supervisor_id = users[0].at("id").as_int64();
  auto given = admin->Post("/api/v1/users/" + Str(supervisor_id) + "/points",
                           json::object{{"point_id", 1}, {"points", json::array{second_point}}});
  ASSERT_EQ(given.status, 200) << given.raw;
  EXPECT_EQ(given.body.at("points").as_array().size(), 2u);

  supervisor = server->SignedIn("zaveduyushaya");  // giving points ended the old session
  auto moved = supervisor->Post("/api/v1/items/" + Str(item) + "/transfer",
                                json::object{{"to_point_id", second_point}, {"reason", "Бийск"}});
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(moved.body.at("point_id").as_int64(), second_point);
  EXPECT_EQ(second_->Get("/api/v1/items/" + Str(item)).status, 200);
  EXPECT_EQ(first_->Get("/api/v1/items/" + Str(item)).status, 404);
  auto history = second_->Get("/api/v1/items/" + Str(item) + "/history");
  ASSERT_EQ(history.status, 200);
  EXPECT_NE(history.raw.find("Бийск"), std::string::npos) << history.raw;
  auto again = supervisor->Post("/api/v1/items/" + Str(item) + "/transfer",
                                json::object{{"to_point_id", second_point}, {"reason", "ещё раз"}});
  EXPECT_EQ(again.ErrorCode(), "same_point") << again.raw;
}

}  // namespace
}  // namespace prokat::testing
