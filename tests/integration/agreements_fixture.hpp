// The shared server of the agreement tests: a test point with a rules document, an item type
// and a multibox type, the clock at 2026-03-02, and helpers that make families, drafts and
// active agreements through the API.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "api_client.hpp"

namespace prokat::testing {

namespace json = boost::json;
namespace http = boost::beast::http;

inline json::value Json(const std::string& s) { return json::string(s); }

struct FamilyIds {
  std::int64_t family = 0;
  std::int64_t child = 0;
};

class ApiAgreements : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ApiServer();
    server_->SetClock("2026-03-02T09:00:00Z");  // 12:00 at the point: today is 2026-03-02
    staff_ = server_->SignedIn("staff").release();
    admin_ = server_->SignedIn("admin").release();
    auto rules =
        admin_->Post("/api/v1/rules", json::object{{"title", "Правила пользования ТСР"},
                                                   {"text", "1. Беречь.\n2. Вернуть в срок."}});
    ASSERT_EQ(rules.status, 201) << rules.raw;
    rules_version_ = rules.body.at("id").as_int64();
    auto type = admin_->Post("/api/v1/item-types",
                             json::object{{"name", "Вертикализатор"},
                                          {"category", "rehabilitation"},
                                          {"rules_document_id", rules.body.at("document_id")}});
    ASSERT_EQ(type.status, 201) << type.raw;
    type_ = type.body.at("id").as_int64();
    auto box_rules = admin_->Post(
        "/api/v1/rules", json::object{{"title", "Правила мультибокса"}, {"text", "Играть."}});
    ASSERT_EQ(box_rules.status, 201) << box_rules.raw;
    auto box_type =
        admin_->Post("/api/v1/item-types",
                     json::object{{"name", "Игровой набор"},
                                  {"category", "multibox"},
                                  {"rules_document_id", box_rules.body.at("document_id")}});
    ASSERT_EQ(box_type.status, 201) << box_type.raw;
    box_type_ = box_type.body.at("id").as_int64();
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

  static FamilyIds CreateFamily(const std::string& representative) {
    auto r = staff_->Post(
        "/api/v1/families",
        json::object{{"representative", representative},
                     {"phone", "+79131234567"},
                     {"address", "с. Лебяжье, ул. Школьная, 3"},
                     {"consent_on", "2026-02-20"},
                     {"target_groups", json::array{"disabled_child"}},
                     {"children", json::array{json::object{{"name", "Ребёнок " + representative},
                                                           {"birth_date", "2018-04-01"},
                                                           {"category", "disabled"}}}}});
    EXPECT_EQ(r.status, 201) << r.raw;
    if (r.status != 201) return {};
    return {r.body.at("id").as_int64(), r.body.at("children").as_array()[0].at("id").as_int64()};
  }
  static std::int64_t CreateItem(std::int64_t type, const std::string& number) {
    auto r = staff_->Post(
        "/api/v1/items",
        json::object{
            {"inventory_number", number},
            {"name", "Вертикализатор Иришка " + number},
            {"type_id", type},
            {"components", json::array{json::object{{"name", "Подголовник"}, {"quantity", 1}},
                                       json::object{{"name", "Ремни"}, {"quantity", 2}}}},
            {"documents", json::array{"Паспорт"}}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? r.body.at("id").as_int64() : 0;
  }
  static std::string ItemStatus(std::int64_t item) {
    auto r = staff_->Get("/api/v1/items/" + std::to_string(item));
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? std::string(r.body.at("status").as_string()) : "";
  }
  static std::string Path(std::int64_t agreement, const std::string& tail = "") {
    return "/api/v1/agreements/" + std::to_string(agreement) + tail;
  }
  static json::object Get(std::int64_t agreement) {
    auto r = staff_->Get(Path(agreement));
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? r.body.as_object() : json::object{};
  }
  // A draft for `family` with `items`, due in 3 months.
  static std::int64_t Draft(const FamilyIds& family, const json::array& items,
                            ApiClient* client = nullptr) {
    auto r = (client ? client : staff_)
                 ->Post("/api/v1/agreements", json::object{{"family_id", family.family},
                                                           {"child_id", family.child},
                                                           {"items", items},
                                                           {"term_months", 3}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? r.body.at("id").as_int64() : 0;
  }
  static void Acknowledge(std::int64_t agreement, ApiClient* client = nullptr) {
    auto rules = staff_->Get(Path(agreement, "/rules"));
    ASSERT_EQ(rules.status, 200) << rules.raw;
    for (const auto& r : rules.body.at("items").as_array()) {
      auto ack = (client ? client : staff_)
                     ->Post(Path(agreement, "/acknowledgments"),
                            json::object{{"rules_version_id", r.at("rules_version_id")}});
      ASSERT_EQ(ack.status, 201) << ack.raw;
    }
  }
  // An active agreement for a new family with the given new items.
  static std::int64_t Active(const std::string& who, const json::array& items) {
    auto family = CreateFamily(who);
    auto id = Draft(family, items);
    Acknowledge(id);
    auto act = staff_->Post(Path(id, "/activate"));
    EXPECT_EQ(act.status, 201) << act.raw;
    return id;
  }
  static std::size_t HistorySize(std::int64_t family) {
    auto r = staff_->Get("/api/v1/families/" + std::to_string(family) + "/history");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? r.body.at("items").as_array().size() : 0;
  }

  static inline ApiServer* server_ = nullptr;
  static inline ApiClient* staff_ = nullptr;
  static inline ApiClient* admin_ = nullptr;
  static inline std::int64_t rules_version_ = 0;
  static inline std::int64_t type_ = 0;
  static inline std::int64_t box_type_ = 0;
};

}  // namespace prokat::testing
