// Families, children, applications and the waiting list through the real server: stored
// state read back through the API, every refusal with its status and code, and nothing
// stored after a refused request.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <set>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
namespace http = boost::beast::http;

json::value Json(const std::string& s) { return json::string(s); }

// `text` percent-encoded for a query string.
std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class ApiFamilies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ApiServer();
    server_->SetClock("2026-03-02T09:00:00Z");
    staff_ = server_->SignedIn("staff").release();
    admin_ = server_->SignedIn("admin").release();
  }
  // On failure, the end of the server's log (a crash shows there, not in the client).
  void TearDown() override {
    if (HasFailure()) PrintServerLogTail(*server_);
  }
  static void TearDownTestSuite() {
    delete staff_;
    delete admin_;
    delete server_;
  }

  static json::object FamilyBody(const std::string& representative, const std::string& phone) {
    return {{"representative", representative},
            {"phone", phone},
            {"address", "г. Барнаул, ул. Попова, 12, кв. 5"},
            {"district", "Индустриальный"},
            {"consent_on", "2026-02-01"},
            {"target_groups", json::array{"disabled_child", "serviceman_family"}},
            {"children", json::array{json::object{{"name", "Иванов Пётр"},
                                                  {"birth_date", "2019-05-10"},
                                                  {"category", "disabled"}}}}};
  }
  static std::int64_t CreateFamily(const std::string& representative, const std::string& phone) {
    auto r = staff_->Post("/api/v1/families", FamilyBody(representative, phone));
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? r.body.at("id").as_int64() : 0;
  }
  // The number of families whose name or phone contains `text`.
  static std::size_t CountFamilies(const std::string& text) {
    auto r = staff_->Get("/api/v1/families?limit=1000&q=" + UrlEncode(text));
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? r.body.at("items").as_array().size() : 0;
  }
  // A new item type with its own rules document.
  static std::int64_t CreateItemType(const std::string& name) {
    auto rules = admin_->Post("/api/v1/rules",
                              json::object{{"title", "Правила " + name}, {"text", "Беречь."}});
    EXPECT_EQ(rules.status, 201) << rules.raw;
    auto type = admin_->Post("/api/v1/item-types",
                             json::object{{"name", name},
                                          {"category", "rehabilitation"},
                                          {"rules_document_id", rules.body.at("document_id")}});
    EXPECT_EQ(type.status, 201) << type.raw;
    return type.status == 201 ? type.body.at("id").as_int64() : 0;
  }

  static ApiServer* server_;
  static ApiClient* staff_;
  static ApiClient* admin_;
};

ApiServer* ApiFamilies::server_ = nullptr;
ApiClient* ApiFamilies::staff_ = nullptr;
ApiClient* ApiFamilies::admin_ = nullptr;

TEST_F(ApiFamilies, CreatedFamilyReadsBackWithChildrenGroupsAndConsent) {
  const std::string name = "Иванова \"Анна\" <b>&amp;</b> О'Нил";
  auto created = staff_->Post("/api/v1/families", FamilyBody(name, "+7 (913) 000-11-22"));
  ASSERT_EQ(created.status, 201) << created.raw;
  const auto id = created.body.at("id").as_int64();

  auto got = staff_->Get("/api/v1/families/" + std::to_string(id));
  ASSERT_EQ(got.status, 200) << got.raw;
  const auto& f = got.body.as_object();
  EXPECT_EQ(f.at("representative"), Json(name));  // verbatim: quotes and markup are data
  EXPECT_EQ(f.at("phone"), "+7 (913) 000-11-22");
  EXPECT_EQ(f.at("consent_on"), "2026-02-01");
  EXPECT_EQ(f.at("district"), "Индустриальный");
  EXPECT_EQ(f.at("target_groups"), (json::array{"disabled_child", "serviceman_family"}));
  ASSERT_EQ(f.at("children").as_array().size(), 1u);
  const auto& child = f.at("children").as_array()[0].as_object();
  EXPECT_EQ(child.at("name"), "Иванов Пётр");
  EXPECT_EQ(child.at("birth_date"), "2019-05-10");
  EXPECT_EQ(child.at("category"), "disabled");
  EXPECT_GT(child.at("id").as_int64(), 0);
}

TEST_F(ApiFamilies, PatchChangesOnlyTheGivenFieldsAndNeverTheConsent) {
  const auto id = CreateFamily("Патчева Ольга", "+79130001133");
  const std::string path = "/api/v1/families/" + std::to_string(id);
  auto patched = staff_->Patch(path, json::object{{"phone", "8 913 000 11 44"},
                                                  {"target_groups", json::array{"newborn_kept"}}});
  ASSERT_EQ(patched.status, 200) << patched.raw;
  auto got = staff_->Get(path);
  EXPECT_EQ(got.body.at("phone"), "8 913 000 11 44");
  EXPECT_EQ(got.body.at("target_groups"), json::array{"newborn_kept"});
  EXPECT_EQ(got.body.at("representative"), "Патчева Ольга");
  EXPECT_EQ(got.body.at("children").as_array().size(), 1u);

  auto consent = staff_->Patch(path, json::object{{"consent_on", "2026-01-01"}, {"notes", "x"}});
  EXPECT_EQ(consent.status, 400) << consent.raw;
  EXPECT_EQ(consent.body.at("error").at("field"), "consent_on");
  for (const auto& bad : {json::object{{"phone", "abc"}}, json::object{{"representative", ""}},
                          json::object{{"target_groups", json::array{"aliens"}}},
                          json::object{{"notes", 5}}, json::object{{"address", json::array{}}}}) {
    auto r = staff_->Patch(path, bad);
    EXPECT_EQ(r.status, 400) << json::serialize(bad) << " " << r.raw;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << r.raw;
  }
  got = staff_->Get(path);
  EXPECT_EQ(got.body.at("consent_on"), "2026-02-01");
  EXPECT_EQ(got.body.at("phone"), "8 913 000 11 44");
  EXPECT_EQ(got.body.at("notes"), "");
  EXPECT_EQ(staff_->Patch("/api/v1/families/999999", json::object{{"notes", "x"}}).status, 404);
  EXPECT_EQ(staff_->Patch("/api/v1/families/abc", json::object{{"notes", "x"}}).status, 404);
}

TEST_F(ApiFamilies, ListSearchesByNameAndPhoneFiltersByGroupAndPagesByCursor) {
  for (int i = 0; i < 5; ++i)
    CreateFamily("Листова " + std::to_string(i), "+7913555000" + std::to_string(i));
  EXPECT_EQ(CountFamilies("Листова"), 5u);
  EXPECT_EQ(CountFamilies("5550003"), 1u);
  auto group = staff_->Get(
      "/api/v1/families?limit=1000&target_group=serviceman_family&q=%D0%9B%D0%B8%D1%81%D1%82");
  ASSERT_EQ(group.status, 200) << group.raw;
  EXPECT_EQ(group.body.at("items").as_array().size(), 5u);
  auto none = staff_->Get("/api/v1/families?target_group=newborn_kept&q=%D0%9B%D0%B8%D1%81%D1%82");
  EXPECT_EQ(none.body.at("items").as_array().size(), 0u);
  const auto& row = group.body.at("items").as_array()[0].as_object();
  EXPECT_EQ(row.at("children_count"), 1);
  EXPECT_FALSE(row.contains("children"));  // a list shows no child's data

  std::set<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = staff_->Get("/api/v1/families?limit=2&q=%D0%9B%D0%B8%D1%81%D1%82" +
                            (cursor.empty() ? std::string() : "&after=" + cursor));
    ASSERT_EQ(page.status, 200) << page.raw;
    EXPECT_LE(page.body.at("items").as_array().size(), 2u);
    for (const auto& f : page.body.at("items").as_array())
      EXPECT_TRUE(seen.insert(f.at("id").as_int64()).second);
    cursor = std::string(page.body.at("next_cursor").as_string());
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);

  EXPECT_EQ(staff_->Get("/api/v1/families?target_group=aliens").status, 400);
  EXPECT_EQ(staff_->Get("/api/v1/families?limit=0").status, 400);
  EXPECT_EQ(staff_->Get("/api/v1/families?limit=99999999999999999999").status, 400);
  EXPECT_EQ(staff_->Get("/api/v1/families?after=garbage").status, 400);
}

TEST_F(ApiFamilies, BadFamilyInputIsRefusedAndNothingIsStored) {
  const std::string marker = "Плохова";
  auto with = [&](const char* field, json::value value) {
    auto body = FamilyBody(marker, "+79130009999");
    if (value.is_null()) {
      body.erase(field);
    } else {
      body[field] = std::move(value);
    }
    return body;
  };
  const std::vector<std::pair<json::object, std::string>> cases = {
      {with("representative", nullptr), "representative"},
      {with("phone", nullptr), "phone"},
      {with("address", nullptr), "address"},
      {with("consent_on", nullptr), "consent_on"},
      {with("phone", 79130009999), "phone"},
      {with("phone", "not a phone"), "phone"},
      {with("consent_on", "2026-02-30"), "consent_on"},
      {with("consent_on", "02.01.2026"), "consent_on"},
      {with("consent_on", "2026-03-10"), "consent_on"},  // in the future
      {with("point_id", 1e30), "point_id"},
      {with("point_id", 999999), ""},  // unknown point: 404
      {with("target_groups", json::array{"aliens"}), "target_groups"},
      {with("target_groups", "disabled_child"), "target_groups"},
      {with("children", json::array{json::object{{"name", "Без даты"}}}), "children[0].birth_date"},
      {with("children",
            json::array{json::object{{"name", "Будущий"}, {"birth_date", "2027-01-01"}}}),
       ""},
      {with("children", json::array{json::object{
                            {"name", "X"}, {"birth_date", "2020-01-01"}, {"category", "?"}}}),
       "children[0].category"},
      {with("children", json::array{5}), "children"},
      {with("representative", Json(std::string(300, 'a'))), "representative"},
  };
  for (const auto& [body, field] : cases) {
    auto r = staff_->Post("/api/v1/families", body);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << json::serialize(body) << " -> " << r.raw;
    if (!field.empty()) {
      EXPECT_EQ(r.body.at("error").at("field"), Json(field)) << r.raw;
    }
  }
  auto malformed = staff_->Send(http::verb::post, "/api/v1/families",
                                "{\"representative\": ", {{"Content-Type", "application/json"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.ErrorCode(), "malformed_json");
  auto utf8 = staff_->Send(http::verb::post, "/api/v1/families",
                           "{\"representative\": \"\xff\xfe\", \"phone\": \"+79130009999\"}",
                           {{"Content-Type", "application/json"}});
  EXPECT_EQ(utf8.status, 400);
  EXPECT_EQ(utf8.ErrorCode(), "malformed_json");
  auto array = staff_->Send(http::verb::post, "/api/v1/families", "[1,2]",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(array.status, 400);
  EXPECT_EQ(CountFamilies("9130009999"), 0u);
}

TEST_F(ApiFamilies, ChildrenAreAddedAndValidated) {
  const auto id = CreateFamily("Детова Мария", "+79130002211");
  const std::string path = "/api/v1/families/" + std::to_string(id);
  auto added = staff_->Post(path + "/children", json::object{{"name", "Детов <i>Илья</i>"},
                                                             {"birth_date", "2024-11-30"},
                                                             {"category", "special_needs"}});
  ASSERT_EQ(added.status, 201) << added.raw;
  EXPECT_EQ(added.body.at("category"), "special_needs");
  EXPECT_EQ(added.body.at("family_id"), id);
  auto got = staff_->Get(path);
  ASSERT_EQ(got.body.at("children").as_array().size(), 2u);
  EXPECT_EQ(got.body.at("children").as_array()[1].at("name"), "Детов <i>Илья</i>");

  for (const auto& bad :
       {json::object{{"birth_date", "2020-01-01"}}, json::object{{"name", "X"}},
        json::object{{"name", "X"}, {"birth_date", "2026-04-01"}},
        json::object{{"name", "X"}, {"birth_date", "2020-02-30"}},
        json::object{{"name", 7}, {"birth_date", "2020-01-01"}},
        json::object{{"name", "X"}, {"birth_date", "2020-01-01"}, {"category", "secret"}}}) {
    auto r = staff_->Post(path + "/children", bad);
    EXPECT_EQ(r.status, 400) << json::serialize(bad) << " -> " << r.raw;
  }
  EXPECT_EQ(staff_->Get(path).body.at("children").as_array().size(), 2u);
  EXPECT_EQ(staff_
                ->Post("/api/v1/families/999999/children",
                       json::object{{"name", "X"}, {"birth_date", "2020-01-01"}})
                .status,
            404);
  EXPECT_EQ(staff_
                ->Post("/api/v1/families/0/children",
                       json::object{{"name", "X"}, {"birth_date", "2020-01-01"}})
                .status,
            404);
}

TEST_F(ApiFamilies, UnknownFamiliesAnswer404AndHistoryStartsEmpty) {
  EXPECT_EQ(staff_->Get("/api/v1/families/999999").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/families/-3").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/families/99999999999999999999999").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/families/999999/history").status, 404);
  const auto id = CreateFamily("Историева Нина", "+79130003311");
  auto history = staff_->Get("/api/v1/families/" + std::to_string(id) + "/history");
  ASSERT_EQ(history.status, 200) << history.raw;
  EXPECT_EQ(history.body.at("items").as_array().size(), 0u);
}

TEST_F(ApiFamilies, RolesSeeWhatTheirWorkNeeds) {
  const auto id = CreateFamily("Ролева Вера", "+79130004411");
  auto driver = server_->SignedIn("driver");
  EXPECT_EQ(driver->Get("/api/v1/families").status, 403);
  EXPECT_EQ(driver->Get("/api/v1/families/" + std::to_string(id)).status, 403);
  EXPECT_EQ(driver->Post("/api/v1/families", FamilyBody("Водителева", "+79130004412")).status, 403);
  auto supervisor = server_->SignedIn("supervisor");
  EXPECT_EQ(supervisor->Get("/api/v1/families/" + std::to_string(id)).status, 200);
  EXPECT_EQ(supervisor->Post("/api/v1/families", FamilyBody("Заведующева", "+79130004413")).status,
            403);
  EXPECT_EQ(CountFamilies("913000441"), 1u);
}

TEST_F(ApiFamilies, ApplicationsQueueReserveAndCancel) {
  const auto type = CreateItemType("Опора для сидения");
  const auto first = CreateFamily("Первая Очередь", "+79130005511");
  const auto second = CreateFamily("Вторая Очередь", "+79130005522");
  auto a1 =
      staff_->Post("/api/v1/applications",
                   json::object{{"family_id", first}, {"type_id", type}, {"note", "<срочно>"}});
  ASSERT_EQ(a1.status, 201) << a1.raw;
  EXPECT_EQ(a1.body.at("status"), "waiting");
  EXPECT_EQ(a1.body.at("queue_position"), 1);
  EXPECT_EQ(a1.body.at("note"), "<срочно>");
  auto a2 =
      staff_->Post("/api/v1/applications", json::object{{"family_id", second}, {"type_id", type}});
  ASSERT_EQ(a2.status, 201) << a2.raw;
  EXPECT_EQ(a2.body.at("queue_position"), 2);

  auto dup =
      staff_->Post("/api/v1/applications", json::object{{"family_id", first}, {"type_id", type}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.ErrorCode(), "duplicate_application");

  auto queue = staff_->Get("/api/v1/waiting-list?type=" + std::to_string(type));
  ASSERT_EQ(queue.status, 200) << queue.raw;
  ASSERT_EQ(queue.body.at("items").as_array().size(), 2u);
  EXPECT_EQ(queue.body.at("items").as_array()[0].at("family_id"), first);

  const std::string a1_path = "/api/v1/applications/" + std::to_string(a1.body.at("id").as_int64());
  auto cancelled = staff_->Post(a1_path + "/cancel", json::object{{"reason", "отказались"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body.at("status"), "cancelled");
  auto again = staff_->Post(a1_path + "/cancel", json::object{});
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.ErrorCode(), "application_closed");
  EXPECT_EQ(staff_->Get(a1_path).body.at("status"), "cancelled");

  // An item of the type arrives: it is reserved for the one still waiting.
  auto item = staff_->Post("/api/v1/items", json::object{{"inventory_number", "ОС-0001"},
                                                         {"name", "Опора для сидения Otto Bock"},
                                                         {"type_id", type}});
  ASSERT_EQ(item.status, 201) << item.raw;
  auto a2_now = staff_->Get("/api/v1/applications/" + std::to_string(a2.body.at("id").as_int64()));
  ASSERT_EQ(a2_now.status, 200);
  EXPECT_EQ(a2_now.body.at("status"), "reserved");
  EXPECT_EQ(a2_now.body.at("reserved_item_id"), item.body.at("id"));
  EXPECT_TRUE(a2_now.body.at("reserved_until").is_string());
  queue = staff_->Get("/api/v1/waiting-list?type=" + std::to_string(type) + "&point=1");
  ASSERT_EQ(queue.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(queue.body.at("items").as_array()[0].at("status"), "reserved");
}

TEST_F(ApiFamilies, BadApplicationInputIsRefused) {
  const auto type = CreateItemType("Ходунки заднеопорные");
  const auto family = CreateFamily("Заявкина Ирина", "+79130006611");
  const auto other = CreateFamily("Чужая Семья", "+79130006622");
  auto other_child = staff_->Get("/api/v1/families/" + std::to_string(other))
                         .body.at("children")
                         .as_array()[0]
                         .at("id");
  const std::vector<std::pair<json::object, int>> cases = {
      {json::object{{"type_id", type}}, 400},
      {json::object{{"family_id", family}}, 400},
      {json::object{{"family_id", std::to_string(family)}, {"type_id", type}}, 400},
      {json::object{{"family_id", family}, {"type_id", 1e300}}, 400},
      {json::object{{"family_id", family}, {"type_id", -1}}, 400},
      {json::object{{"family_id", 999999}, {"type_id", type}}, 404},
      {json::object{{"family_id", family}, {"type_id", 999999}}, 404},
      {json::object{{"family_id", family}, {"type_id", type}, {"child_id", 999999}}, 404},
      {json::object{{"family_id", family}, {"type_id", type}, {"child_id", other_child}}, 400},
  };
  for (const auto& [body, status] : cases) {
    auto r = staff_->Post("/api/v1/applications", body);
    EXPECT_EQ(r.status, status) << json::serialize(body) << " -> " << r.raw;
  }
  auto queue = staff_->Get("/api/v1/waiting-list?type=" + std::to_string(type));
  EXPECT_EQ(queue.body.at("items").as_array().size(), 0u);
  EXPECT_EQ(staff_->Get("/api/v1/waiting-list").status, 400);
  EXPECT_EQ(staff_->Get("/api/v1/waiting-list?type=abc").status, 400);
  EXPECT_EQ(staff_->Get("/api/v1/applications/999999").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/applications/x").status, 404);
  EXPECT_EQ(staff_->Post("/api/v1/applications/999999/cancel", json::object{}).status, 404);
  EXPECT_EQ(staff_
                ->Send(http::verb::post, "/api/v1/applications", "{",
                       {{"Content-Type", "application/json"}})
                .status,
            400);
}

TEST_F(ApiFamilies, IdempotentRetryOfACreationStoresOneFamily) {
  auto body = FamilyBody("Повторова Алла", "+79130007711");
  auto first = staff_->Post("/api/v1/families", body, {{"Idempotency-Key", "family-7711"}});
  ASSERT_EQ(first.status, 201) << first.raw;
  auto retry = staff_->Post("/api/v1/families", body, {{"Idempotency-Key", "family-7711"}});
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.http["Idempotent-Replayed"], "true");
  EXPECT_EQ(retry.body.at("id"), first.body.at("id"));
  body["phone"] = "+79130007712";
  auto reused = staff_->Post("/api/v1/families", body, {{"Idempotency-Key", "family-7711"}});
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.ErrorCode(), "idempotency_key_reused");
  EXPECT_EQ(CountFamilies("913000771"), 1u);
}

}  // namespace
}  // namespace prokat::testing
