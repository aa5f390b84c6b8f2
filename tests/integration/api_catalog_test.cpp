// The catalogue through HTTP on the real server over the demo database: item types and usage
// rules, items (register, filters and paging, edits, the steps after a return), kits, lookup of
// scanned codes, photo decoding and printed labels; role refusals and bad input on each route.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <set>

#include "api_client.hpp"
#include "prokat/inventory/lookup.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

class ApiCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ApiServer(true);  // the demo database: users, types, items, agreements
    admin_ = server_->SignedIn("admin").release();
    staff_ = server_->SignedIn("ivanova").release();
    supervisor_ = server_->SignedIn("zaveduyushaya").release();
    driver_ = server_->SignedIn("petrov").release();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete staff_;
    delete supervisor_;
    delete driver_;
    // A clean exit: no leak reports (labels were rendered) and no crash.
    EXPECT_EQ(server_->process().Stop(SIGTERM), 0) << server_->process().Stderr();
    delete server_;
  }

  // A rules document and an item type of our own (names unique within the suite).
  static std::int64_t NewType(const std::string& name) {
    auto rules = admin_->Post("/api/v1/rules",
                              json::object{{"title", "Правила: " + name}, {"text", "1. Беречь."}});
    EXPECT_EQ(rules.status, 201) << rules.raw;
    auto type = admin_->Post("/api/v1/item-types",
                             json::object{{"name", name},
                                          {"category", "rehabilitation"},
                                          {"default_term_days", 60},
                                          {"rules_document_id", rules.body.at("document_id")}});
    EXPECT_EQ(type.status, 201) << type.raw;
    return type.body.at("id").as_int64();
  }
  static json::object NewItem(std::int64_t type, const std::string& number,
                              json::object extra = {}) {
    json::object body{
        {"inventory_number", number}, {"name", "Ходунки " + number}, {"type_id", type}};
    for (auto& [k, v] : extra) body[k] = v;
    auto r = staff_->Post("/api/v1/items", body);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? r.body.as_object() : json::object{};
  }
  static std::string Id(const json::object& o) { return std::to_string(o.at("id").as_int64()); }
  static std::size_t Count(ApiClient& c, const std::string& query) {
    auto r = c.Get("/api/v1/items?limit=1000&" + query);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body.at("items").as_array().size();
  }
  static ApiResponse Raw(ApiClient& c, verb m, const std::string& target, const std::string& body,
                         const std::string& type = "application/json") {
    return c.Send(m, target, body, {{"Content-Type", type}});
  }

  static ApiServer* server_;
  static ApiClient *admin_, *staff_, *supervisor_, *driver_;
};
ApiServer* ApiCatalog::server_ = nullptr;
ApiClient *ApiCatalog::admin_, *ApiCatalog::staff_, *ApiCatalog::supervisor_, *ApiCatalog::driver_;

TEST_F(ApiCatalog, RulesVersionsAndItemTypes) {
  const std::string title = "Правила <b>\"ходунков\"</b> & Co";
  auto v1 =
      admin_->Post("/api/v1/rules", json::object{{"title", title}, {"text", "Первая редакция."}});
  ASSERT_EQ(v1.status, 201) << v1.raw;
  EXPECT_EQ(v1.body.at("title"), json::value(title));  // stored verbatim
  EXPECT_EQ(v1.body.at("version"), 1);
  auto v2 =
      admin_->Post("/api/v1/rules", json::object{{"title", title}, {"text", "Вторая редакция."}});
  ASSERT_EQ(v2.status, 201) << v2.raw;
  EXPECT_EQ(v2.body.at("version"), 2);
  EXPECT_EQ(v2.body.at("document_id"), v1.body.at("document_id"));

  const std::string name = "Опора <script>alert('x')</script> \"ТСТ\"";
  auto type = admin_->Post("/api/v1/item-types",
                           json::object{{"name", name},
                                        {"category", "baby"},
                                        {"default_term_days", 45},
                                        {"rules_document_id", v1.body.at("document_id")}});
  ASSERT_EQ(type.status, 201) << type.raw;
  const std::string id = Id(type.body.as_object());
  auto got = staff_->Get("/api/v1/item-types/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, type.body);
  EXPECT_EQ(got.body.at("name"), json::value(name));
  EXPECT_EQ(got.body.at("category"), "baby");
  EXPECT_EQ(got.body.at("default_term_days"), 45);
  auto rules = supervisor_->Get("/api/v1/item-types/" + id + "/rules");
  ASSERT_EQ(rules.status, 200);
  EXPECT_EQ(rules.body.at("version"), 2);  // the newest version applies
  EXPECT_EQ(rules.body.at("text"), "Вторая редакция.");
  auto list = staff_->Get("/api/v1/item-types");
  ASSERT_EQ(list.status, 200);
  bool listed = false;
  for (const auto& t : list.body.at("items").as_array()) listed = listed || t == type.body;
  EXPECT_TRUE(listed);

  auto duplicate = admin_->Post(
      "/api/v1/item-types",
      json::object{
          {"name", name}, {"category", "baby"}, {"rules_document_id", v1.body.at("document_id")}});
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.ErrorCode(), "duplicate_name");
}

TEST_F(ApiCatalog, ItemTypeAndRulesBadInputStoresNothing) {
  const auto before = staff_->Get("/api/v1/item-types").body.at("items").as_array().size();
  auto rules = admin_->Post("/api/v1/rules",
                            json::object{{"title", "Правила: плохой ввод"}, {"text", "1."}});
  ASSERT_EQ(rules.status, 201);
  const auto doc = rules.body.at("document_id");
  auto post = [&](json::object body) { return admin_->Post("/api/v1/item-types", body); };
  struct Case {
    json::object body;
    int status;
    std::string code, field;
  };
  const Case cases[] = {
      {{{"category", "baby"}, {"rules_document_id", doc}}, 400, "invalid_argument", "name"},
      {{{"name", "X1"}, {"category", "toys"}, {"rules_document_id", doc}},
       400,
       "invalid_argument",
       "category"},
      {{{"name", "X2"}, {"category", "baby"}, {"rules_document_id", doc}, {"default_term_days", 0}},
       400,
       "invalid_argument",
       "default_term_days"},
      {{{"name", "X3"},
        {"category", "baby"},
        {"rules_document_id", doc},
        {"default_term_days", 1e300}},
       400,
       "invalid_argument",
       "default_term_days"},
      {{{"name", "X4"}, {"category", "baby"}, {"rules_document_id", "1"}},
       400,
       "invalid_argument",
       "rules_document_id"},
      {{{"name", "X5"}, {"category", "baby"}, {"rules_document_id", 99999999}},
       404,
       "not_found",
       "rules_document_id"},
      {{{"name", 5}, {"category", "baby"}, {"rules_document_id", doc}},
       400,
       "invalid_argument",
       "name"},
      {{{"name", "X6"}, {"category", "baby"}, {"rules_document_id", doc}, {"rules", 1}},
       400,
       "unknown_field",
       "rules"},
  };
  for (const auto& c : cases) {
    auto r = post(c.body);
    EXPECT_EQ(r.status, c.status) << json::serialize(c.body) << " -> " << r.raw;
    EXPECT_EQ(r.ErrorCode(), c.code) << r.raw;
    if (r.status >= 400) {
      EXPECT_EQ(r.body.at("error").at("field"), json::value(c.field)) << r.raw;
    }
  }
  EXPECT_EQ(Raw(*admin_, verb::post, "/api/v1/item-types", "{\"name\": ").ErrorCode(),
            "malformed_json");
  EXPECT_EQ(Raw(*admin_, verb::post, "/api/v1/item-types", "{\"name\": \"\xff\xfe\"}").ErrorCode(),
            "malformed_json");
  EXPECT_EQ(Raw(*admin_, verb::post, "/api/v1/item-types", "[1]").status, 400);
  EXPECT_EQ(staff_->Get("/api/v1/item-types").body.at("items").as_array().size(), before);

  EXPECT_EQ(admin_->Post("/api/v1/rules", json::object{{"title", "T"}}).status, 400);
  EXPECT_EQ(
      admin_->Post("/api/v1/rules", json::object{{"title", "T"}, {"text", json::array{}}}).status,
      400);
  EXPECT_EQ(admin_->Post("/api/v1/rules", json::object{{"title", ""}, {"text", "x"}}).status, 400);
  EXPECT_EQ(
      Raw(*admin_, verb::post, "/api/v1/rules", "{\"title\":\"a\",\"text\":\"b\"").ErrorCode(),
      "malformed_json");
  for (const char* path :
       {"/api/v1/item-types/99999999", "/api/v1/item-types/abc", "/api/v1/item-types/0",
        "/api/v1/item-types/99999999/rules", "/api/v1/item-types/-1/rules",
        "/api/v1/item-types/99999999999999999999999"}) {
    auto r = staff_->Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.ErrorCode(), "not_found") << path;
  }
}

TEST_F(ApiCatalog, ItemRegisterFiltersPagingAndEdits) {
  const auto type = NewType("Тип для реестра");
  const std::string notes = "<i>\"осторожно\"</i> & 'хрупкое'";
  auto first =
      NewItem(type, "РЕГ-0001",
              {{"serial_number", "SN-1"},
               {"gtin", "4006381333931"},
               {"condition", "new"},
               {"funding_source", "Грант фонда"},
               {"acquired_on", "2025-11-30"},
               {"cost_kopecks", 1234567},
               {"components", json::array{json::object{{"name", "Подголовник"}, {"quantity", 2}}}},
               {"documents", json::array{"Паспорт", "Руководство"}},
               {"notes", notes}});
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first.at("status"), "available");
  EXPECT_EQ(first.at("gtin"), "04006381333931");  // GTIN-14
  EXPECT_EQ(first.at("acquired_on"), "2025-11-30");
  EXPECT_EQ(first.at("cost_kopecks"), 1234567);
  EXPECT_EQ(first.at("notes"), json::value(notes));
  EXPECT_EQ(first.at("point_id"), 1);  // the user's point
  EXPECT_EQ(first.at("label"),
            json::value(inventory::ItemLabel(inventory::ItemId(first.at("id").as_int64()))));
  auto read = supervisor_->Get("/api/v1/items/" + Id(first));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body, json::value(first));
  for (int i = 2; i <= 5; ++i) NewItem(type, "РЕГ-000" + std::to_string(i));

  // Paging through the type's items two at a time: every item once, in a stable order.
  std::set<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = staff_->Get("/api/v1/items?type_id=" + std::to_string(type) + "&limit=2" +
                            (cursor.empty() ? "" : "&after=" + cursor));
    ASSERT_EQ(page.status, 200) << page.raw;
    EXPECT_LE(page.body.at("items").as_array().size(), 2u);
    for (const auto& item : page.body.at("items").as_array())
      EXPECT_TRUE(seen.insert(item.at("id").as_int64()).second);
    cursor = std::string(page.body.at("next_cursor").as_string());
    ASSERT_LT(++pages, 10);
  } while (!cursor.empty());
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(Count(*staff_, "q=%D0%A0%D0%95%D0%93-000"), 5u);  // "РЕГ-000"
  EXPECT_EQ(Count(*staff_, "q=%D0%A0%D0%95%D0%93-0003"), 1u);
  EXPECT_EQ(Count(*staff_, "type_id=" + std::to_string(type) + "&status=available&point_id=1"), 5u);
  EXPECT_EQ(Count(*staff_, "type_id=" + std::to_string(type) + "&status=on_loan"), 0u);
  EXPECT_EQ(staff_->Get("/api/v1/items?point_id=999").status, 403) << "not the account's point";
  EXPECT_EQ(Count(*staff_, "type_id=" + std::to_string(type) + "&category=rehabilitation"), 5u);

  // Edits: given fields change, the others stay.
  auto patched =
      staff_->Patch("/api/v1/items/" + Id(first),
                    json::object{{"name", "Ходунки <новые>"},
                                 {"condition", "fair"},
                                 {"components", json::array{json::object{{"name", "Колёса"}}}},
                                 {"notes", nullptr}});
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body.at("name"), "Ходунки <новые>");
  EXPECT_EQ(patched.body.at("condition"), "fair");
  EXPECT_EQ(patched.body.at("components"),
            (json::array{json::object{{"name", "Колёса"}, {"quantity", 1}}}));
  EXPECT_EQ(patched.body.at("notes"), json::value(notes));
  EXPECT_EQ(patched.body.at("serial_number"), "SN-1");
  EXPECT_EQ(staff_->Get("/api/v1/items/" + Id(first)).body, patched.body);

  // Lost, then written off (supervisor decisions); the journal has every step.
  auto lost =
      supervisor_->Post("/api/v1/items/" + Id(first) + "/lost", json::object{{"note", "не нашли"}});
  ASSERT_EQ(lost.status, 200) << lost.raw;
  EXPECT_EQ(lost.body.at("status"), "lost");
  auto gone = supervisor_->Post("/api/v1/items/" + Id(first) + "/write-off",
                                json::object{{"reason", "утрачено"}});
  ASSERT_EQ(gone.status, 200) << gone.raw;
  EXPECT_EQ(gone.body.at("status"), "written_off");
  auto again = supervisor_->Post("/api/v1/items/" + Id(first) + "/write-off",
                                 json::object{{"reason", "ещё раз"}});
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.ErrorCode(), "item_written_off");
  EXPECT_EQ(staff_->Patch("/api/v1/items/" + Id(first), json::object{{"notes", "x"}}).ErrorCode(),
            "item_written_off");
  auto history = staff_->Get("/api/v1/items/" + Id(first) + "/history");
  ASSERT_EQ(history.status, 200);
  const auto& rows = history.body.at("items").as_array();
  ASSERT_EQ(rows.size(), 3u) << history.raw;
  EXPECT_TRUE(rows[0].at("from").is_null());
  EXPECT_EQ(rows[0].at("to"), "available");
  EXPECT_EQ(rows[1].at("from"), "available");
  EXPECT_EQ(rows[1].at("to"), "lost");
  EXPECT_EQ(rows[2].at("to"), "written_off");
  EXPECT_EQ(rows[2].at("note"), "утрачено");
  EXPECT_EQ(rows[2].at("inventory_number"), "РЕГ-0001");
}

TEST_F(ApiCatalog, InspectionOutcomesAndRepair) {
  // The demo's returned items wait for inspection; each outcome on one of them.
  auto waiting = staff_->Get("/api/v1/items?status=inspection&limit=3");
  ASSERT_EQ(waiting.status, 200);
  const auto& items = waiting.body.at("items").as_array();
  ASSERT_FALSE(items.empty()) << "the demo database has no item waiting for inspection";
  const std::string a = Id(items[0].as_object());
  auto repair = staff_->Post(
      "/api/v1/items/" + a + "/inspection",
      json::object{{"outcome", "needs_repair"}, {"condition", "broken"}, {"note", "ось"}});
  ASSERT_EQ(repair.status, 200) << repair.raw;
  EXPECT_EQ(repair.body.at("status"), "in_repair");
  EXPECT_EQ(repair.body.at("condition"), "broken");
  EXPECT_EQ(staff_
                ->Post("/api/v1/items/" + a + "/inspection",
                       json::object{{"outcome", "cleaned_and_inspected"}})
                .ErrorCode(),
            "item_not_in_inspection");
  EXPECT_EQ(staff_->Post("/api/v1/items/" + a + "/repair", json::object{}).status,
            400);  // condition required
  auto repaired =
      staff_->Post("/api/v1/items/" + a + "/repair", json::object{{"condition", "good"}});
  ASSERT_EQ(repaired.status, 200) << repaired.raw;
  EXPECT_TRUE(repaired.body.at("status") == "available" || repaired.body.at("status") == "reserved")
      << repaired.raw;
  EXPECT_EQ(repaired.body.at("condition"), "good");
  EXPECT_EQ(staff_->Post("/api/v1/items/" + a + "/repair", json::object{{"condition", "good"}})
                .ErrorCode(),
            "item_not_in_repair");
  auto history = staff_->Get("/api/v1/items/" + a + "/history").body.at("items").as_array();
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[history.size() - 2].at("to"), "in_repair");
  EXPECT_EQ(history.back().at("from"), "in_repair");

  if (items.size() > 1) {
    auto clean = staff_->Post("/api/v1/items/" + Id(items[1].as_object()) + "/inspection",
                              json::object{{"outcome", "cleaned_and_inspected"}});
    ASSERT_EQ(clean.status, 200) << clean.raw;
    EXPECT_TRUE(clean.body.at("status") == "available" || clean.body.at("status") == "reserved");
  }
  if (items.size() > 2) {
    // The desk cannot write off at inspection (a supervisor's decision); the item waits.
    const std::string path = "/api/v1/items/" + Id(items[2].as_object());
    auto refused = staff_->Post(path + "/inspection",
                                json::object{{"outcome", "write_off"}, {"note", "износ"}});
    EXPECT_EQ(refused.status, 403) << refused.raw;
    EXPECT_EQ(refused.body.at("error").at("field"), "outcome");
    EXPECT_EQ(staff_->Get(path).body.at("status"), "inspection");
    auto off = supervisor_->Post(path + "/write-off", json::object{{"reason", "износ"}});
    ASSERT_EQ(off.status, 200) << off.raw;
    EXPECT_EQ(off.body.at("status"), "written_off");
  }
}

TEST_F(ApiCatalog, ItemBadInputIsRefusedAndStoresNothing) {
  const auto type = NewType("Тип для плохого ввода");
  const auto t = json::value(type);
  struct Case {
    json::object body;
    int status;
    std::string code, field;
  };
  const Case cases[] = {
      {{{"name", "Б"}, {"type_id", t}}, 400, "invalid_argument", "inventory_number"},
      {{{"inventory_number", "ПЛХ-1"}, {"type_id", t}}, 400, "invalid_argument", "name"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}}, 400, "invalid_argument", "type_id"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", 99999999}},
       404,
       "not_found",
       "type_id"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", t}, {"point_id", 99999}},
       404,
       "not_found",
       "point_id"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", t}, {"cost_kopecks", 1e30}},
       400,
       "invalid_argument",
       "cost_kopecks"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", t}, {"cost_kopecks", -1}},
       400,
       "invalid_argument",
       "cost_kopecks"},
      {{{"inventory_number", "ПЛХ-1"},
        {"name", "Б"},
        {"type_id", t},
        {"acquired_on", "2026-02-30"}},
       400,
       "invalid_argument",
       "acquired_on"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", t}, {"gtin", "4006381333932"}},
       400,
       "invalid_argument",
       "gtin"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", t}, {"condition", "shiny"}},
       400,
       "invalid_argument",
       "condition"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", t}, {"components", "руль"}},
       400,
       "invalid_argument",
       "components"},
      {{{"inventory_number", "ПЛХ-1"},
        {"name", "Б"},
        {"type_id", t},
        {"components", json::array{json::object{{"quantity", 1}}}}},
       400,
       "invalid_argument",
       "components[0].name"},
      {{{"inventory_number", "ПЛХ-1"},
        {"name", "Б"},
        {"type_id", t},
        {"documents", json::array{1}}},
       400,
       "invalid_argument",
       "documents"},
      {{{"inventory_number", inventory::ItemLabel(inventory::ItemId(1))},
        {"name", "Б"},
        {"type_id", t}},
       400,
       "invalid_argument",
       "inventory_number"},
      {{{"inventory_number", "ПЛХ-1"}, {"name", "Б"}, {"type_id", t}, {"status", "available"}},
       400,
       "unknown_field",
       "status"},
      {{{"inventory_number", std::string(41, 'A')}, {"name", "Б"}, {"type_id", t}},
       400,
       "invalid_argument",
       "inventory_number"},
  };
  for (const auto& c : cases) {
    auto r = staff_->Post("/api/v1/items", c.body);
    EXPECT_EQ(r.status, c.status) << json::serialize(c.body) << " -> " << r.raw;
    EXPECT_EQ(r.ErrorCode(), c.code) << r.raw;
    if (r.status >= 400) {
      EXPECT_EQ(r.body.at("error").at("field"), json::value(c.field)) << r.raw;
    }
  }
  EXPECT_EQ(Raw(*staff_, verb::post, "/api/v1/items", "{\"inventory_number\":").ErrorCode(),
            "malformed_json");
  EXPECT_EQ(
      Raw(*staff_, verb::post, "/api/v1/items", "{\"inventory_number\":\"\xc3\x28\"}").ErrorCode(),
      "malformed_json");
  EXPECT_EQ(Raw(*staff_, verb::post, "/api/v1/items", "{}", "text/plain").status, 415);
  EXPECT_EQ(Count(*staff_, "type_id=" + std::to_string(type)), 0u);  // nothing stored

  auto item = NewItem(type, "ПЛХ-2");
  auto duplicate = staff_->Post(
      "/api/v1/items", json::object{{"inventory_number", "ПЛХ-2"}, {"name", "Б"}, {"type_id", t}});
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.ErrorCode(), "duplicate_inventory_number");
  EXPECT_EQ(Count(*staff_, "type_id=" + std::to_string(type)), 1u);

  // Listing.
  for (const char* q : {"status=shiny", "limit=0", "limit=100000", "type_id=x", "after=%%%garbage",
                        "category=toys"}) {
    EXPECT_EQ(staff_->Get(std::string("/api/v1/items?") + q).status, 400) << q;
  }
  // Edits.
  const std::string path = "/api/v1/items/" + Id(item);
  EXPECT_EQ(staff_->Patch(path, json::object{}).ErrorCode(), "empty_patch");
  EXPECT_EQ(staff_->Patch(path, json::object{{"status", "lost"}}).ErrorCode(), "unknown_field");
  EXPECT_EQ(staff_->Patch(path, json::object{{"inventory_number", "Z"}}).ErrorCode(),
            "unknown_field");
  EXPECT_EQ(staff_->Patch(path, json::object{{"name", ""}}).status, 400);
  EXPECT_EQ(staff_->Patch(path, json::object{{"type_id", 99999999}}).status, 404);
  EXPECT_EQ(staff_->Patch(path, json::object{{"condition", 3}}).status, 400);
  EXPECT_EQ(staff_->Patch("/api/v1/items/99999999", json::object{{"notes", "x"}}).status, 404);
  EXPECT_EQ(Raw(*staff_, verb::patch, path, "{\"notes\":\"\xff\"}").ErrorCode(), "malformed_json");
  EXPECT_EQ(staff_->Get(path).body, json::value(item));  // unchanged
  // Steps.
  EXPECT_EQ(staff_->Post(path + "/inspection", json::object{{"outcome", "polished"}}).status, 400);
  EXPECT_EQ(staff_->Post(path + "/inspection", json::object{}).status, 400);
  EXPECT_EQ(staff_->Post(path + "/inspection", json::object{{"outcome", "cleaned_and_inspected"}})
                .ErrorCode(),
            "item_not_in_inspection");
  EXPECT_EQ(staff_->Post(path + "/repair", json::object{{"condition", "good"}}).ErrorCode(),
            "item_not_in_repair");
  EXPECT_EQ(supervisor_->Post(path + "/write-off", json::object{}).status,
            400);  // a reason is required
  EXPECT_EQ(supervisor_->Post(path + "/write-off", json::object{{"reason", 7}}).status, 400);
  EXPECT_EQ(supervisor_->Post(path + "/lost", json::object{{"note", json::array{}}}).status, 400);
  EXPECT_EQ(staff_->Get(path).body, json::value(item));  // unchanged
  for (const char* p :
       {"/api/v1/items/99999999", "/api/v1/items/x", "/api/v1/items/99999999/history"}) {
    EXPECT_EQ(staff_->Get(p).status, 404) << p;
  }
  EXPECT_EQ(supervisor_->Post("/api/v1/items/99999999/lost", json::object{}).status, 404);
  EXPECT_EQ(
      supervisor_->Post("/api/v1/items/99999999/write-off", json::object{{"reason", "r"}}).status,
      404);
  EXPECT_EQ(
      staff_->Post("/api/v1/items/99999999/repair", json::object{{"condition", "good"}}).status,
      404);
  EXPECT_EQ(
      staff_->Post("/api/v1/items/99999999/inspection", json::object{{"outcome", "needs_repair"}})
          .status,
      404);
}

TEST_F(ApiCatalog, KitsGroupItemsOnce) {
  const auto type = NewType("Тип для комплектов");
  auto a = NewItem(type, "КМП-1"), b = NewItem(type, "КМП-2"), c = NewItem(type, "КМП-3");
  const auto kits_before = staff_->Get("/api/v1/kits").body.at("items").as_array().size();
  auto kit = staff_->Post(
      "/api/v1/kits", json::object{{"name", "Мультибокс «Сенсорика» <№1>"},
                                   {"kind", "multibox"},
                                   {"item_ids", json::array{a.at("id"), b.at("id")}},
                                   {"loose_components",
                                    json::array{json::object{{"name", "Мячик"}, {"quantity", 3}}}},
                                   {"notes", "\"для малышей\""}});
  ASSERT_EQ(kit.status, 201) << kit.raw;
  EXPECT_EQ(kit.body.at("kind"), "multibox");
  EXPECT_EQ(kit.body.at("item_ids"), (json::array{a.at("id"), b.at("id")}));
  EXPECT_EQ(kit.body.at("loose_components"),
            (json::array{json::object{{"name", "Мячик"}, {"quantity", 3}}}));
  EXPECT_EQ(kit.body.at("label"),
            json::value(inventory::KitLabel(inventory::KitId(kit.body.at("id").as_int64()))));
  EXPECT_EQ(supervisor_->Get("/api/v1/kits/" + Id(kit.body.as_object())).body, kit.body);
  EXPECT_EQ(staff_->Get("/api/v1/items/" + Id(a)).body.at("kit_id"), kit.body.at("id"));

  auto taken = staff_->Post(
      "/api/v1/kits",
      json::object{{"name", "Второй"}, {"item_ids", json::array{c.at("id"), b.at("id")}}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.ErrorCode(), "item_in_other_kit");
  EXPECT_EQ(taken.body.at("error").at("field"), "item_ids");
  for (const auto& body :
       {json::object{{"item_ids", json::array{c.at("id")}}}, json::object{{"name", "Н"}},
        json::object{{"name", "Н"}, {"item_ids", json::array{}}},
        json::object{{"name", "Н"}, {"item_ids", json::array{"1"}}},
        json::object{{"name", "Н"}, {"item_ids", json::array{c.at("id")}}, {"kind", "box"}},
        json::object{{"name", "Н"}, {"item_ids", json::array{c.at("id"), c.at("id")}}},
        json::object{
            {"name", "Н"},
            {"item_ids", json::array{c.at("id")}},
            {"loose_components", json::array{json::object{{"name", "М"}, {"quantity", 0}}}}}}) {
    auto r = staff_->Post("/api/v1/kits", body);
    EXPECT_EQ(r.status, 400) << json::serialize(body) << " -> " << r.raw;
  }
  EXPECT_EQ(
      staff_->Post("/api/v1/kits", json::object{{"name", "Н"}, {"item_ids", json::array{99999999}}})
          .status,
      404);
  EXPECT_EQ(Raw(*staff_, verb::post, "/api/v1/kits", "{\"name\":\"\xff\"}").ErrorCode(),
            "malformed_json");
  auto kits = staff_->Get("/api/v1/kits").body.at("items").as_array();
  EXPECT_EQ(kits.size(), kits_before + 1);  // nothing stored by the refusals
  EXPECT_TRUE(staff_->Get("/api/v1/items/" + Id(c)).body.at("kit_id").is_null());
  bool only_multiboxes = true;
  auto multiboxes = staff_->Get("/api/v1/kits?kind=multibox");
  for (const auto& k : multiboxes.body.at("items").as_array()) {
    only_multiboxes = only_multiboxes && k.at("kind") == "multibox";
  }
  EXPECT_TRUE(only_multiboxes);
  EXPECT_EQ(staff_->Get("/api/v1/kits?kind=box").status, 400);
  EXPECT_EQ(staff_->Get("/api/v1/kits?point_id=999").status, 403);
  EXPECT_EQ(staff_->Get("/api/v1/kits/99999999").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/kits/abc").status, 404);
}

TEST_F(ApiCatalog, RolesAreRefusedAndNothingChanges) {
  const auto type = NewType("Тип для ролей");
  auto item = NewItem(type, "РОЛ-1");
  const std::string path = "/api/v1/items/" + Id(item);
  auto expect_forbidden = [](const ApiResponse& r) {
    EXPECT_EQ(r.status, 403) << r.raw;
    EXPECT_EQ(r.ErrorCode(), "forbidden_for_role") << r.raw;
  };
  expect_forbidden(driver_->Get("/api/v1/items"));
  expect_forbidden(driver_->Get(path));
  expect_forbidden(driver_->Get(path + "/label.png"));
  expect_forbidden(driver_->Get("/api/v1/item-types"));
  expect_forbidden(supervisor_->Post("/api/v1/item-types", json::object{{"name", "Запрещённый"}}));
  expect_forbidden(driver_->Patch("/api/v1/item-types/" + std::to_string(type),
                                  json::object{{"name", "Запрещённый"}}));
  expect_forbidden(supervisor_->Post("/api/v1/items/" + Id(item) + "/photos", json::object{}));
  expect_forbidden(
      staff_->Post("/api/v1/rules", json::object{{"title", "Запрещённые"}, {"text", "т"}}));
  expect_forbidden(staff_->Post(path + "/write-off", json::object{{"reason", "сломано"}}));
  expect_forbidden(staff_->Post(path + "/lost", json::object{}));
  expect_forbidden(supervisor_->Post(
      "/api/v1/items",
      json::object{{"inventory_number", "РОЛ-2"}, {"name", "Н"}, {"type_id", type}}));
  expect_forbidden(supervisor_->Patch(path, json::object{{"notes", "x"}}));
  expect_forbidden(driver_->Post(path + "/inspection", json::object{{"outcome", "write_off"}}));
  expect_forbidden(supervisor_->Post(
      "/api/v1/kits", json::object{{"name", "К"}, {"item_ids", json::array{item.at("id")}}}));
  EXPECT_EQ(server_->Anonymous()->Get("/api/v1/items").status, 401);
  EXPECT_EQ(server_->Anonymous()->Get("/api/v1/lookup?code=x").status, 401);
  // A mutation without the CSRF token is refused too.
  ApiClient no_csrf(server_->port());
  no_csrf.set_cookie(staff_->cookie());
  EXPECT_EQ(no_csrf.Patch(path, json::object{{"notes", "x"}}).ErrorCode(), "csrf_token_invalid");

  EXPECT_EQ(staff_->Get(path).body, json::value(item));
  EXPECT_EQ(Count(*staff_, "q=%D0%A0%D0%9E%D0%9B-"), 1u);  // "РОЛ-"
  EXPECT_EQ(staff_->Get(path + "/history").body.at("items").as_array().size(), 1u);
  auto names = staff_->Get("/api/v1/item-types").raw;
  EXPECT_EQ(names.find("Запрещённый"), std::string::npos);
}

TEST_F(ApiCatalog, StaffSetsUpAnItemTypeWithItsTermLimitPartsAndDocuments) {
  auto rules = admin_->Post(
      "/api/v1/rules", json::object{{"title", "Правила: вертикализаторы для API"}, {"text", "1."}});
  ASSERT_EQ(rules.status, 201) << rules.raw;
  auto type = staff_->Post(
      "/api/v1/item-types",
      json::object{{"name", "Вертикализатор для API"},
                   {"category", "rehabilitation"},
                   {"default_term_days", 30},
                   {"max_term_days", 90},
                   {"rules_document_id", rules.body.at("document_id")},
                   {"components", json::array{json::object{{"name", "Столик"}, {"quantity", 1}}}},
                   {"documents", json::array{"Паспорт"}}});
  ASSERT_EQ(type.status, 201) << type.raw;
  EXPECT_EQ(type.body.at("max_term_days"), 90);
  EXPECT_EQ(type.body.at("components"),
            (json::array{json::object{{"name", "Столик"}, {"quantity", 1}}}));
  EXPECT_EQ(type.body.at("documents"), (json::array{"Паспорт"}));
  const std::string path = "/api/v1/item-types/" + Id(type.body.as_object());

  auto changed =
      staff_->Patch(path, json::object{{"name", "Вертикализатор для API, детский"},
                                       {"max_term_days", nullptr},
                                       {"documents", json::array{"Паспорт", "Гарантия"}}});
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_TRUE(changed.body.at("max_term_days").is_null());
  EXPECT_EQ(changed.body.at("default_term_days"), 30);
  EXPECT_EQ(changed.body.at("components").as_array().size(), 1u);
  EXPECT_EQ(changed.body.at("documents"), (json::array{"Паспорт", "Гарантия"}));
  EXPECT_EQ(staff_->Get(path).body, changed.body);

  for (const auto& body :
       {json::object{}, json::object{{"name", ""}}, json::object{{"max_term_days", 10}},
        json::object{{"max_term_days", 0}}, json::object{{"category", "toys"}},
        json::object{{"components", json::array{json::object{{"name", ""}, {"quantity", 1}}}}},
        json::object{{"status", "x"}}}) {
    auto r = staff_->Patch(path, body);
    EXPECT_EQ(r.status, 400) << json::serialize(body) << " -> " << r.raw;
  }
  EXPECT_EQ(staff_->Patch(path, json::object{{"rules_document_id", 99999999}}).status, 404);
  EXPECT_EQ(staff_->Patch("/api/v1/item-types/99999999", json::object{{"name", "Н"}}).status, 404);
  EXPECT_EQ(staff_->Get(path).body, changed.body);  // nothing stored by the refusals
}

TEST_F(ApiCatalog, AnItemIsKeptOnAShelfAndPhotographedAtRegistration) {
  const auto type = NewType("Тип для полок");
  auto item = NewItem(type, "ПОЛ-1", json::object{{"storage_place", "Стеллаж 7, полка 1"}});
  EXPECT_EQ(item.at("storage_place"), "Стеллаж 7, полка 1");
  NewItem(type, "ПОЛ-2");
  EXPECT_EQ(Count(*staff_, "storage_place=%D0%A1%D1%82%D0%B5%D0%BB%D0%BB%D0%B0%D0%B6%207"),
            1u);  // "Стеллаж 7"
  const std::string path = "/api/v1/items/" + Id(item);
  auto moved = staff_->Patch(path, json::object{{"storage_place", "Склад"},
                                                {"acquired_on", "2026-01-15"},
                                                {"cost_kopecks", 150000}});
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(moved.body.at("storage_place"), "Склад");
  EXPECT_EQ(moved.body.at("acquired_on"), "2026-01-15");
  auto cleared = staff_->Patch(path, json::object{{"cost_kopecks", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared.raw;
  EXPECT_TRUE(cleared.body.at("cost_kopecks").is_null());
  EXPECT_EQ(cleared.body.at("acquired_on"), "2026-01-15");

  // A white pixel: the smallest PNG the server decodes.
  const std::string png(
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00"
      "\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xff"
      "\xff\x3f\x00\x05\xfe\x02\xfe\x0d\xef\x46\xb8\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60"
      "\x82",
      69);
  auto photo = Raw(*staff_, verb::post, path + "/photos", png, "image/png");
  ASSERT_EQ(photo.status, 201) << photo.raw;
  EXPECT_EQ(photo.body.at("item_id"), item.at("id"));
  EXPECT_TRUE(photo.body.at("agreement_id").is_null());
  EXPECT_EQ(photo.body.at("occasion"), "inspection");
  EXPECT_EQ(staff_->Get(path + "/photos").body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Raw(*staff_, verb::post, path + "/photos", "not an image", "image/png").status, 400);
  EXPECT_EQ(Raw(*staff_, verb::post, "/api/v1/items/99999999/photos", png, "image/png").status,
            404);
}

TEST_F(ApiCatalog, AKitIsRecomposedAndTakenApartAtThePoint) {
  const auto type = NewType("Тип для разборки");
  auto a = NewItem(type, "РЗБ-1"), b = NewItem(type, "РЗБ-2");
  auto kit = staff_->Post("/api/v1/kits", json::object{{"name", "Мультибокс «Разборка»"},
                                                       {"kind", "multibox"},
                                                       {"item_ids", json::array{a.at("id")}}});
  ASSERT_EQ(kit.status, 201) << kit.raw;
  const std::string path = "/api/v1/kits/" + Id(kit.body.as_object());
  auto changed = staff_->Patch(
      path, json::object{{"name", "Мультибокс «Сенсорика»"},
                         {"item_ids", json::array{a.at("id"), b.at("id")}},
                         {"loose_components",
                          json::array{json::object{{"name", "Мячик"}, {"quantity", 2}}}}});
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_EQ(changed.body.at("item_ids"), (json::array{a.at("id"), b.at("id")}));
  EXPECT_EQ(changed.body.at("name"), "Мультибокс «Сенсорика»");
  for (const auto& body : {json::object{}, json::object{{"item_ids", json::array{}}},
                           json::object{{"name", ""}}, json::object{{"kind", "kit"}}}) {
    auto r = staff_->Patch(path, body);
    EXPECT_EQ(r.status, 400) << json::serialize(body) << " -> " << r.raw;
  }
  EXPECT_EQ(staff_->Get(path).body, changed.body);

  auto apart = staff_->Post(path + "/take-apart", json::object{});
  ASSERT_EQ(apart.status, 200) << apart.raw;
  EXPECT_TRUE(apart.body.at("item_ids").as_array().empty());
  EXPECT_FALSE(apart.body.at("taken_apart_at").is_null());
  EXPECT_TRUE(staff_->Get("/api/v1/items/" + Id(b)).body.at("kit_id").is_null());
  auto again = staff_->Post(path + "/take-apart", json::object{});
  EXPECT_EQ(again.status, 422) << again.raw;
  EXPECT_EQ(again.ErrorCode(), "kit_taken_apart");
  const auto listed = staff_->Get("/api/v1/kits");
  for (const auto& k : listed.body.at("items").as_array()) EXPECT_NE(k.at("id"), kit.body.at("id"));
  EXPECT_EQ(staff_->Post("/api/v1/kits/99999999/take-apart", json::object{}).status, 404);
  EXPECT_EQ(supervisor_->Post(path + "/take-apart", json::object{}).status, 403);
}

}  // namespace
}  // namespace prokat::testing
