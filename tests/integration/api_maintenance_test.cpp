// Housekeeping in the running server: a waiting-list reservation lapses by itself once its
// days have passed, and the item goes back on the shelf.
#include <gtest/gtest.h>

#include <thread>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;

TEST(Maintenance, LapsedReservationIsReleasedWithoutAnyRequest) {
  ApiServer server(false, {"--maintenance-interval", "1"});
  server.SetClock("2030-03-02T09:00:00Z");
  auto staff = server.SignedIn("staff");
  auto admin = server.SignedIn("admin");
  auto rules =
      admin->Post("/api/v1/rules", json::object{{"title", "Правила"}, {"text", "Беречь."}});
  ASSERT_EQ(rules.status, 201) << rules.raw;
  auto type = admin->Post("/api/v1/item-types",
                          json::object{{"name", "Ходунки"},
                                       {"category", "rehabilitation"},
                                       {"rules_document_id", rules.body.at("document_id")}});
  ASSERT_EQ(type.status, 201) << type.raw;
  auto item = staff->Post("/api/v1/items", json::object{{"inventory_number", "INV-1"},
                                                        {"name", "Ходунки детские"},
                                                        {"type_id", type.body.at("id")}});
  ASSERT_EQ(item.status, 201) << item.raw;
  auto family = staff->Post("/api/v1/families", json::object{{"representative", "Петрова Анна"},
                                                             {"phone", "+7 900 111-22-33"},
                                                             {"address", "с. Власиха, ул. Мира, 3"},
                                                             {"consent_on", "2030-03-01"}});
  ASSERT_EQ(family.status, 201) << family.raw;
  auto application = staff->Post(
      "/api/v1/applications",
      json::object{{"family_id", family.body.at("id")}, {"type_id", type.body.at("id")}});
  ASSERT_EQ(application.status, 201) << application.raw;
  ASSERT_EQ(application.body.at("status"), "reserved");
  const std::string app_url =
      "/api/v1/applications/" + std::to_string(application.body.at("id").as_int64());
  const std::string item_url = "/api/v1/items/" + std::to_string(item.body.at("id").as_int64());

  std::this_thread::sleep_for(std::chrono::seconds(2));  // rounds ran: nothing lapses early
  EXPECT_EQ(staff->Get(app_url).body.at("status"), "reserved");

  server.SetClock("2030-03-20T09:00:00Z");
  staff = server.SignedIn("staff");  // the old session idled out over those days
  std::string status;
  for (int i = 0; i < 50 && status != "lapsed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    status = std::string(staff->Get(app_url).body.at("status").as_string());
  }
  EXPECT_EQ(status, "lapsed");
  EXPECT_EQ(staff->Get(item_url).body.at("status"), "available");
}

}  // namespace
}  // namespace prokat::testing
