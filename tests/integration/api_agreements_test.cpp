// Loan agreements through the real server: the whole lifecycle, every rule with its status and
// code, two desks lending one item at once, idempotent retries, and bad input on each route.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <iostream>
#include <thread>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
namespace http = boost::beast::http;

json::value Json(const std::string& s) { return json::string(s); }

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

  static ApiServer* server_;
  static ApiClient* staff_;
  static ApiClient* admin_;
  static std::int64_t rules_version_;
  static std::int64_t type_;
  static std::int64_t box_type_;
};

ApiServer* ApiAgreements::server_ = nullptr;
ApiClient* ApiAgreements::staff_ = nullptr;
ApiClient* ApiAgreements::admin_ = nullptr;
std::int64_t ApiAgreements::rules_version_ = 0;
std::int64_t ApiAgreements::type_ = 0;
std::int64_t ApiAgreements::box_type_ = 0;

TEST_F(ApiAgreements, WholeLifecycleFromApplicationToClosedAgreement) {
  auto family = CreateFamily("Жизнева Анна");
  const auto item = CreateItem(type_, "ВР-0001");
  const auto second = CreateItem(type_, "ВР-0002");

  // The application reserves the first available item of the type at once.
  auto application = staff_->Post(
      "/api/v1/applications",
      json::object{{"family_id", family.family}, {"child_id", family.child}, {"type_id", type_}});
  ASSERT_EQ(application.status, 201) << application.raw;
  EXPECT_EQ(application.body.at("status"), "reserved");
  const auto reserved = application.body.at("reserved_item_id").as_int64();
  EXPECT_EQ(ItemStatus(reserved), "reserved");
  const auto other = reserved == item ? second : item;

  auto draft =
      staff_->Post("/api/v1/agreements", json::object{{"family_id", family.family},
                                                      {"child_id", family.child},
                                                      {"items", json::array{reserved, other}},
                                                      {"term_months", 3},
                                                      {"delivery_mode", "at_point"}});
  ASSERT_EQ(draft.status, 201) << draft.raw;
  const auto id = draft.body.at("id").as_int64();
  EXPECT_EQ(draft.body.at("state"), "draft");
  EXPECT_TRUE(draft.body.at("number").is_null());
  EXPECT_EQ(draft.body.at("start_date"), "2026-03-02");
  EXPECT_EQ(draft.body.at("due_date"), "2026-06-02");
  EXPECT_EQ(draft.body.at("lines").as_array().size(), 2u);
  EXPECT_EQ(staff_->Get(Path(id, "/handover-act")).status, 404);

  auto rules = staff_->Get(Path(id, "/rules"));
  ASSERT_EQ(rules.status, 200) << rules.raw;
  ASSERT_EQ(rules.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(rules.body.at("items").as_array()[0].at("rules_version_id"), rules_version_);
  EXPECT_EQ(rules.body.at("items").as_array()[0].at("acknowledged"), false);

  // No activation before the rules are acknowledged; nothing changes.
  auto early = staff_->Post(Path(id, "/activate"));
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(early.ErrorCode(), "rules_not_acknowledged");
  EXPECT_EQ(Get(id).at("state"), "draft");
  EXPECT_EQ(ItemStatus(other), "available");

  auto ack = staff_->Post(Path(id, "/acknowledgments"),
                          json::object{{"rules_version_id", rules_version_}});
  ASSERT_EQ(ack.status, 201) << ack.raw;
  EXPECT_EQ(ack.body.at("rules_version_id"), rules_version_);
  EXPECT_EQ(staff_->Get(Path(id, "/rules")).body.at("items").as_array()[0].at("acknowledged"),
            true);

  auto act = staff_->Post(Path(id, "/activate"));
  ASSERT_EQ(act.status, 201) << act.raw;
  EXPECT_EQ(act.body.at("agreement_id"), id);
  EXPECT_EQ(act.body.at("rules_version_ids"), json::array{rules_version_});
  ASSERT_EQ(act.body.at("lines").as_array().size(), 2u);
  const auto& line = act.body.at("lines").as_array()[0].as_object();
  EXPECT_EQ(line.at("components").as_array().size(), 2u);
  EXPECT_EQ(line.at("documents"), json::array{"Паспорт"});
  auto stored_act = staff_->Get(Path(id, "/handover-act"));
  ASSERT_EQ(stored_act.status, 200);
  EXPECT_EQ(stored_act.body, act.body);

  auto active = Get(id);
  EXPECT_EQ(active.at("state"), "active");
  EXPECT_FALSE(active.at("number").as_string().empty());
  EXPECT_EQ(active.at("overdue"), false);
  EXPECT_EQ(ItemStatus(item), "on_loan");
  EXPECT_EQ(ItemStatus(second), "on_loan");
  auto fulfilled =
      staff_->Get("/api/v1/applications/" + std::to_string(application.body.at("id").as_int64()));
  EXPECT_EQ(fulfilled.body.at("status"), "fulfilled");
  EXPECT_EQ(fulfilled.body.at("agreement_id"), id);

  auto extended = staff_->Post(Path(id, "/extend"), json::object{{"new_due_date", "2026-07-02"},
                                                                 {"reason", "курс продлён"}});
  ASSERT_EQ(extended.status, 200) << extended.raw;
  EXPECT_EQ(extended.body.at("state"), "extended");
  EXPECT_EQ(Get(id).at("due_date"), "2026-07-02");
  const auto agreement = Get(id);
  const auto& extensions = agreement.at("extensions").as_array();
  ASSERT_EQ(extensions.size(), 1u);
  EXPECT_EQ(extensions[0].at("new_due_date"), "2026-07-02");
  EXPECT_EQ(extensions[0].at("reason"), "курс продлён");
  EXPECT_NE(extensions[0].at("old_due_date"), "2026-07-02");

  // Partial return: the first item without its headrest.
  auto partial = staff_->Post(
      Path(id, "/returns"),
      json::object{
          {"items",
           json::array{json::object{
               {"item_id", item},
               {"condition", "fair"},
               {"components", json::array{json::object{{"name", "Подголовник"}, {"present", false}},
                                          json::object{{"name", "Ремни"}, {"present", true}}}},
               {"damage_note", "царапина на <раме> \"слева\""}}}},
          {"note", "вернула мама"}});
  ASSERT_EQ(partial.status, 201) << partial.raw;
  EXPECT_EQ(partial.body.at("agreement_state"), "partly_returned");
  EXPECT_EQ(partial.body.at("lines").as_array()[0].at("missing_components"),
            json::array{"Подголовник"});
  EXPECT_EQ(partial.body.at("lines").as_array()[0].at("damage_note"),
            "царапина на <раме> \"слева\"");
  EXPECT_EQ(partial.body.at("lines").as_array()[0].at("condition"), "fair");
  EXPECT_EQ(ItemStatus(item), "inspection");
  EXPECT_EQ(ItemStatus(second), "on_loan");
  auto partly = Get(id);
  EXPECT_EQ(partly.at("state"), "partly_returned");
  for (const auto& l : partly.at("lines").as_array()) {
    EXPECT_EQ(l.at("open").as_bool(), l.at("item_id").as_int64() != item);
    if (l.at("item_id").as_int64() == item) {
      EXPECT_EQ(l.at("returned_on"), "2026-03-02");
    }
  }

  auto twice = staff_->Post(Path(id, "/returns"),
                            json::object{{"items", json::array{json::object{{"item_id", item}}}}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.ErrorCode(), "item_already_returned");

  // Six weeks later (a session signed in then: sessions expire after 8 idle hours).
  server_->SetClock("2026-04-15T09:00:00Z");
  auto later = server_->SignedIn("staff");
  auto last = later->Post(
      Path(id, "/returns"),
      json::object{{"items", json::array{json::object{{"item_id", other}, {"condition", "good"}}}},
                   {"feedback_rating", 5},
                   {"feedback_comment", "Спасибо!"}});
  server_->SetClock("2026-03-02T09:00:00Z");
  ASSERT_EQ(last.status, 201) << last.raw;
  EXPECT_EQ(last.body.at("agreement_state"), "closed");
  EXPECT_EQ(last.body.at("returned_on"), "2026-04-15");
  auto closed = Get(id);
  EXPECT_EQ(closed.at("state"), "closed");
  EXPECT_TRUE(closed.at("closed_at").is_string());
  EXPECT_EQ(ItemStatus(other), "inspection");
  auto acts = staff_->Get(Path(id, "/returns"));
  ASSERT_EQ(acts.status, 200);
  ASSERT_EQ(acts.body.at("items").as_array().size(), 2u);
  EXPECT_EQ(acts.body.at("items").as_array()[0].at("id"), partial.body.at("id"));

  auto late = staff_->Post(Path(id, "/extend"),
                           json::object{{"new_due_date", "2026-08-02"}, {"reason", "ещё"}});
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(late.ErrorCode(), "extension_not_active");
  auto history = staff_->Get("/api/v1/families/" + std::to_string(family.family) + "/history");
  ASSERT_EQ(history.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(history.body.at("items").as_array()[0].at("state"), "closed");
}

TEST_F(ApiAgreements, DueDateOutOfBoundsIsRefusedAndNothingStored) {
  auto family = CreateFamily("Срокова Елена");
  const auto item = CreateItem(type_, "ВР-0101");
  for (const auto& body :
       {json::object{
            {"family_id", family.family}, {"items", json::array{item}}, {"due_date", "2026-10-03"}},
        json::object{
            {"family_id", family.family}, {"items", json::array{item}}, {"due_date", "2026-03-20"}},
        json::object{
            {"family_id", family.family}, {"items", json::array{item}}, {"term_months", 7}}}) {
    auto r = staff_->Post("/api/v1/agreements", body);
    EXPECT_EQ(r.status, 422) << r.raw;
    EXPECT_EQ(r.ErrorCode(), "term_out_of_bounds");
  }
  EXPECT_EQ(HistorySize(family.family), 0u);

  // An extension past the total cap (12 months from the start) is refused too.
  const auto id = Active("Продлева Оксана", json::array{CreateItem(type_, "ВР-0102")});
  auto cap = staff_->Post(Path(id, "/extend"),
                          json::object{{"new_due_date", "2027-03-03"}, {"reason", "долго"}});
  EXPECT_EQ(cap.status, 422);
  EXPECT_EQ(cap.ErrorCode(), "term_out_of_bounds");
  auto earlier = staff_->Post(Path(id, "/extend"),
                              json::object{{"new_due_date", "2026-05-01"}, {"reason", "раньше"}});
  EXPECT_EQ(earlier.status, 400);
  EXPECT_EQ(earlier.body.at("error").at("field"), "new_due_date");
  EXPECT_EQ(Get(id).at("due_date"), "2026-06-02");
  EXPECT_EQ(Get(id).at("state"), "active");
}

TEST_F(ApiAgreements, ItemAlreadyOnLoanIsAConflict) {
  const auto item = CreateItem(type_, "ВР-0201");
  Active("Первая Семья", json::array{item});
  auto family = CreateFamily("Вторая Семья");
  const auto id = Draft(family, json::array{item});  // drafts do not lock items
  Acknowledge(id);
  auto r = staff_->Post(Path(id, "/activate"));
  EXPECT_EQ(r.status, 409) << r.raw;
  EXPECT_EQ(r.ErrorCode(), "item_not_available");
  EXPECT_EQ(Get(id).at("state"), "draft");
  EXPECT_EQ(staff_->Get(Path(id, "/handover-act")).status, 404);
}

TEST_F(ApiAgreements, RulesOfReturnsExtensionsCancellationAndTermination) {
  const auto lent = CreateItem(type_, "ВР-0301");
  const auto stranger = CreateItem(type_, "ВР-0302");
  const auto id = Active("Правилова Дарья", json::array{lent});

  auto foreign =
      staff_->Post(Path(id, "/returns"),
                   json::object{{"items", json::array{json::object{{"item_id", stranger}}}}});
  EXPECT_EQ(foreign.status, 422);
  EXPECT_EQ(foreign.ErrorCode(), "item_not_in_agreement");
  auto no_part = staff_->Post(
      Path(id, "/returns"),
      json::object{
          {"items", json::array{json::object{{"item_id", lent},
                                             {"missing_components", json::array{"Колесо"}}}}}});
  EXPECT_EQ(no_part.status, 400);
  auto future = staff_->Post(Path(id, "/returns"),
                             json::object{{"items", json::array{json::object{{"item_id", lent}}}},
                                          {"returned_on", "2026-03-03"}});
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(future.body.at("error").at("field"), "returned_on");
  EXPECT_EQ(staff_->Get(Path(id, "/returns")).body.at("items").as_array().size(), 0u);
  EXPECT_EQ(ItemStatus(lent), "on_loan");

  auto cancel_active = staff_->Post(Path(id, "/cancel"));
  EXPECT_EQ(cancel_active.status, 422);
  EXPECT_EQ(cancel_active.ErrorCode(), "agreement_not_draft");
  auto ack_active = staff_->Post(Path(id, "/acknowledgments"),
                                 json::object{{"rules_version_id", rules_version_}});
  EXPECT_EQ(ack_active.status, 422);
  EXPECT_EQ(ack_active.ErrorCode(), "agreement_not_draft");

  // A draft: no extension, no return; it can be cancelled, and then not activated.
  auto family = CreateFamily("Черновикова Юлия");
  const auto draft = Draft(family, json::array{stranger});
  auto extend_draft = staff_->Post(Path(draft, "/extend"),
                                   json::object{{"new_due_date", "2026-07-02"}, {"reason", "x"}});
  EXPECT_EQ(extend_draft.status, 422);
  EXPECT_EQ(extend_draft.ErrorCode(), "extension_not_active");
  auto return_draft =
      staff_->Post(Path(draft, "/returns"),
                   json::object{{"items", json::array{json::object{{"item_id", stranger}}}}});
  EXPECT_EQ(return_draft.status, 422);
  EXPECT_EQ(return_draft.ErrorCode(), "agreement_not_active");
  auto wrong_rules =
      staff_->Post(Path(draft, "/acknowledgments"), json::object{{"rules_version_id", 999999}});
  EXPECT_EQ(wrong_rules.status, 422);
  EXPECT_EQ(wrong_rules.ErrorCode(), "rules_not_applicable");
  auto cancelled = staff_->Post(Path(draft, "/cancel"));
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body.at("state"), "cancelled");
  auto activate_cancelled = staff_->Post(Path(draft, "/activate"));
  EXPECT_EQ(activate_cancelled.status, 422);
  EXPECT_EQ(activate_cancelled.ErrorCode(), "agreement_not_draft");
  EXPECT_EQ(ItemStatus(stranger), "available");

  // Early termination: due today; the last item back makes it "terminated".
  auto no_reason = staff_->Post(Path(id, "/terminate"), json::object{});
  EXPECT_EQ(no_reason.status, 400);
  auto terminated = staff_->Post(Path(id, "/terminate"), json::object{{"reason", "переезд"}});
  ASSERT_EQ(terminated.status, 200) << terminated.raw;
  EXPECT_EQ(terminated.body.at("terminated_on"), "2026-03-02");
  EXPECT_EQ(terminated.body.at("due_date"), "2026-03-02");
  auto again = staff_->Post(Path(id, "/terminate"), json::object{{"reason", "ещё раз"}});
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.ErrorCode(), "agreement_not_active");
  auto extend_terminated = staff_->Post(
      Path(id, "/extend"), json::object{{"new_due_date", "2026-07-02"}, {"reason", "x"}});
  EXPECT_EQ(extend_terminated.ErrorCode(), "extension_not_active");
  auto back = staff_->Post(Path(id, "/returns"),
                           json::object{{"items", json::array{json::object{{"item_id", lent}}}}});
  ASSERT_EQ(back.status, 201) << back.raw;
  EXPECT_EQ(Get(id).at("state"), "terminated");
}

TEST_F(ApiAgreements, OverdueIsShownOnceTheDueDatePasses) {
  const auto id = Active("Просрочкина Лидия", json::array{CreateItem(type_, "ВР-0401")});
  EXPECT_EQ(Get(id).at("overdue"), false);
  server_->SetClock("2026-06-12T09:00:00Z");
  auto late = server_->SignedIn("supervisor")->Get(Path(id));
  server_->SetClock("2026-03-02T09:00:00Z");
  ASSERT_EQ(late.status, 200) << late.raw;
  EXPECT_EQ(late.body.at("overdue"), true);
  EXPECT_EQ(late.body.at("days_overdue"), 10);
}

TEST_F(ApiAgreements, TwoDesksLendingTheSameItemAtOnceOneWins) {
  for (int round = 0; round < 3; ++round) {
    const auto item = CreateItem(type_, "ВР-05" + std::to_string(round));
    auto desk_a = server_->SignedIn("staff");
    auto desk_b = server_->SignedIn("admin");
    const auto draft_a =
        Draft(CreateFamily("Гонкина А" + std::to_string(round)), json::array{item}, desk_a.get());
    const auto draft_b =
        Draft(CreateFamily("Гонкина Б" + std::to_string(round)), json::array{item}, desk_b.get());
    Acknowledge(draft_a, desk_a.get());
    Acknowledge(draft_b, desk_b.get());
    ApiResponse a, b;
    std::thread ta([&] { a = desk_a->Post(Path(draft_a, "/activate")); });
    std::thread tb([&] { b = desk_b->Post(Path(draft_b, "/activate")); });
    ta.join();
    tb.join();
    std::multiset<int> statuses{a.status, b.status};
    EXPECT_EQ(statuses, (std::multiset<int>{201, 409})) << a.raw << "\n" << b.raw;
    const auto& loser = a.status == 409 ? a : b;
    EXPECT_EQ(loser.ErrorCode(), "item_not_available") << loser.raw;
    const auto winner = a.status == 201 ? draft_a : draft_b;
    const auto other = a.status == 201 ? draft_b : draft_a;
    EXPECT_EQ(Get(winner).at("state"), "active");
    EXPECT_EQ(Get(other).at("state"), "draft");
    EXPECT_EQ(ItemStatus(item), "on_loan");
  }
}

TEST_F(ApiAgreements, IdempotentRetryReplaysTheFirstAnswerAndChangesNothing) {
  auto family = CreateFamily("Повторова Зоя");
  const auto first_item = CreateItem(type_, "ВР-0601");
  const auto second_item = CreateItem(type_, "ВР-0602");
  json::object draft_body{{"family_id", family.family},
                          {"items", json::array{first_item, second_item}},
                          {"term_months", 2}};
  auto draft = staff_->Post("/api/v1/agreements", draft_body, {{"Idempotency-Key", "draft-0601"}});
  ASSERT_EQ(draft.status, 201) << draft.raw;
  auto replay = staff_->Post("/api/v1/agreements", draft_body, {{"Idempotency-Key", "draft-0601"}});
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.http["Idempotent-Replayed"], "true");
  EXPECT_EQ(replay.body.at("id"), draft.body.at("id"));
  EXPECT_EQ(HistorySize(family.family), 1u);
  const auto id = draft.body.at("id").as_int64();
  Acknowledge(id);
  auto act =
      staff_->Post(Path(id, "/activate"), json::object{}, {{"Idempotency-Key", "activate-0601"}});
  ASSERT_EQ(act.status, 201) << act.raw;
  auto act_again =
      staff_->Post(Path(id, "/activate"), json::object{}, {{"Idempotency-Key", "activate-0601"}});
  EXPECT_EQ(act_again.status, 201);  // not 422 agreement_not_draft: the first answer
  EXPECT_EQ(act_again.body, act.body);

  json::object back{
      {"items", json::array{json::object{{"item_id", first_item},
                                         {"missing_components", json::array{"Ремни"}}}}}};
  auto ret = staff_->Post(Path(id, "/returns"), back, {{"Idempotency-Key", "return-0601"}});
  ASSERT_EQ(ret.status, 201) << ret.raw;
  auto ret_again = staff_->Post(Path(id, "/returns"), back, {{"Idempotency-Key", "return-0601"}});
  EXPECT_EQ(ret_again.status, 201);
  EXPECT_EQ(ret_again.http["Idempotent-Replayed"], "true");
  EXPECT_EQ(ret_again.body.at("id"), ret.body.at("id"));
  EXPECT_EQ(staff_->Get(Path(id, "/returns")).body.at("items").as_array().size(), 1u);

  json::object other{{"items", json::array{json::object{{"item_id", second_item}}}}};
  auto reused = staff_->Post(Path(id, "/returns"), other, {{"Idempotency-Key", "return-0601"}});
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.ErrorCode(), "idempotency_key_reused");
  EXPECT_EQ(staff_->Get(Path(id, "/returns")).body.at("items").as_array().size(), 1u);
  EXPECT_EQ(ItemStatus(second_item), "on_loan");

  auto ext = staff_->Post(Path(id, "/extend"),
                          json::object{{"new_due_date", "2026-06-02"}, {"reason", "x"}},
                          {{"Idempotency-Key", "extend-0601"}});
  ASSERT_EQ(ext.status, 200) << ext.raw;
  auto ext_again = staff_->Post(Path(id, "/extend"),
                                json::object{{"new_due_date", "2026-06-02"}, {"reason", "x"}},
                                {{"Idempotency-Key", "extend-0601"}});
  EXPECT_EQ(ext_again.status, 200);  // a real second extension to the same date would be 400
  EXPECT_EQ(ext_again.http["Idempotent-Replayed"], "true");
}

TEST_F(ApiAgreements, MultiboxSwapInOneVisit) {
  auto make_box = [&](const std::string& name, const std::string& prefix) {
    auto a = CreateItem(box_type_, prefix + "-1");
    auto b = CreateItem(box_type_, prefix + "-2");
    auto kit = staff_->Post(
        "/api/v1/kits",
        json::object{{"name", name}, {"kind", "multibox"}, {"item_ids", json::array{a, b}}});
    EXPECT_EQ(kit.status, 201) << kit.raw;
    return std::tuple{kit.body.at("id").as_int64(), a, b};
  };
  auto [old_kit, old_a, old_b] = make_box("Мультибокс №1 «Сенсорика»", "МБ1");
  auto [new_kit, new_a, new_b] = make_box("Мультибокс №2 «Моторика»", "МБ2");
  auto family = CreateFamily("Коробкина Вера");
  auto draft = staff_->Post("/api/v1/agreements", json::object{{"family_id", family.family},
                                                               {"kits", json::array{old_kit}},
                                                               {"due_date", "2026-05-02"}});
  ASSERT_EQ(draft.status, 201) << draft.raw;
  const auto id = draft.body.at("id").as_int64();
  EXPECT_EQ(draft.body.at("lines").as_array().size(), 2u);
  Acknowledge(id);
  ASSERT_EQ(staff_->Post(Path(id, "/activate")).status, 201);

  auto same = staff_->Post(
      Path(id, "/swap"),
      json::object{{"old_kit_id", old_kit}, {"new_kit_id", old_kit}, {"term_months", 2}});
  EXPECT_EQ(same.status, 400);
  auto swap = staff_->Post(
      Path(id, "/swap"),
      json::object{
          {"old_kit_id", old_kit},
          {"new_kit_id", new_kit},
          {"term_months", 2},
          {"old_kit_lines", json::array{json::object{{"item_id", old_a}, {"condition", "fair"}}}}});
  ASSERT_EQ(swap.status, 201) << swap.raw;
  const auto next = swap.body.at("agreement_id").as_int64();
  EXPECT_NE(next, id);
  EXPECT_EQ(swap.body.at("lines").as_array().size(), 2u);
  EXPECT_EQ(Get(id).at("state"), "closed");
  EXPECT_EQ(Get(next).at("state"), "active");
  EXPECT_EQ(Get(next).at("due_date"), "2026-05-02");
  EXPECT_EQ(ItemStatus(old_a), "inspection");
  EXPECT_EQ(ItemStatus(old_b), "inspection");
  EXPECT_EQ(ItemStatus(new_a), "on_loan");
  EXPECT_EQ(ItemStatus(new_b), "on_loan");
  EXPECT_EQ(HistorySize(family.family), 2u);
  auto closed = staff_->Post(
      Path(id, "/swap"),
      json::object{{"old_kit_id", old_kit}, {"new_kit_id", new_kit}, {"term_months", 2}});
  EXPECT_EQ(closed.status, 422);
  EXPECT_EQ(closed.ErrorCode(), "agreement_not_active");
}

TEST_F(ApiAgreements, BadDraftInputIsRefusedAndNothingStored) {
  auto family = CreateFamily("Ошибкина Тамара");
  const auto other = CreateFamily("Чужая Тамара");
  const auto item = CreateItem(type_, "ВР-0701");
  auto with = [&](const char* field, json::value value) {
    json::object body{{"family_id", family.family},
                      {"child_id", family.child},
                      {"items", json::array{item}},
                      {"term_months", 3}};
    if (value.is_null()) {
      body.erase(field);
    } else {
      body[field] = std::move(value);
    }
    return body;
  };
  const std::vector<std::tuple<json::object, int, std::string>> cases = {
      {with("family_id", nullptr), 400, "family_id"},
      {with("family_id", "1"), 400, "family_id"},
      {with("family_id", 1e30), 400, "family_id"},
      {with("family_id", 999999), 404, "family_id"},
      {with("child_id", 999999), 404, "child_id"},
      {with("child_id", other.child), 400, "child_id"},
      {with("items", json::array{}), 400, "items"},
      {with("items", json::array{"ВР-0701"}), 400, "items"},
      {with("items", json::array{item, item}), 400, "items"},
      {with("items", json::array{999999}), 404, "items"},
      {with("items", 5), 400, "items"},
      {with("kits", json::array{999999}), 404, "kits"},
      {with("term_months", nullptr), 400, "due_date"},
      {with("term_months", 100000000000), 400, "term_months"},
      {with("term_months", 2.5), 400, "term_months"},
      {with("due_date", "2026-06-02"), 400, "term_months"},  // both given
      {with("start_date", "2026-02-30"), 400, "start_date"},
      {with("start_date", "2026-06-01"), 400, "start_date"},  // more than 30 days ahead
      {with("delivery_mode", "teleport"), 400, "delivery_mode"},
  };
  for (const auto& [body, status, field] : cases) {
    auto r = staff_->Post("/api/v1/agreements", body);
    EXPECT_EQ(r.status, status) << json::serialize(body) << " -> " << r.raw;
    if (r.body.is_object() && r.body.as_object().contains("error")) {
      EXPECT_EQ(r.body.at("error").at("field"), Json(field)) << r.raw;
    }
  }
  for (const std::string raw : {"{", "[]", "\"x\"", "{\"family_id\": \"\xc3\x28\"}"}) {
    auto r = staff_->Send(http::verb::post, "/api/v1/agreements", raw,
                          {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 400) << raw;
    EXPECT_EQ(r.ErrorCode(), "malformed_json") << raw;
  }
  auto text = staff_->Send(http::verb::post, "/api/v1/agreements", "family_id=1",
                           {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(HistorySize(family.family), 0u);
  EXPECT_EQ(ItemStatus(item), "available");
}

TEST_F(ApiAgreements, EveryAgreementRouteRefusesBadIdsAndMalformedBodies) {
  const auto id = Active("Маршрутова Инна", json::array{CreateItem(type_, "ВР-0801")});
  const std::vector<std::pair<http::verb, std::string>> routes = {
      {http::verb::get, ""},
      {http::verb::post, "/cancel"},
      {http::verb::get, "/rules"},
      {http::verb::post, "/acknowledgments"},
      {http::verb::post, "/activate"},
      {http::verb::post, "/extend"},
      {http::verb::post, "/returns"},
      {http::verb::get, "/returns"},
      {http::verb::post, "/terminate"},
      {http::verb::post, "/swap"},
      {http::verb::get, "/handover-act"}};
  const std::map<std::string, json::object> valid_bodies = {
      {"/acknowledgments", {{"rules_version_id", rules_version_}}},
      {"/extend", {{"new_due_date", "2026-07-02"}, {"reason", "x"}}},
      {"/returns", {{"items", json::array{json::object{{"item_id", 1}}}}}},
      {"/terminate", {{"reason", "x"}}},
      {"/swap", {{"old_kit_id", 1}, {"new_kit_id", 2}, {"term_months", 2}}}};
  for (const auto& [method, tail] : routes) {
    auto it = valid_bodies.find(tail);
    const std::string body =
        method == http::verb::get
            ? ""
            : json::serialize(it == valid_bodies.end() ? json::object{} : it->second);
    for (const std::string bad_id : {"999999", "abc", "0", "-1", "1.5", "99999999999999999999"}) {
      auto r = staff_->Send(method, "/api/v1/agreements/" + bad_id + tail, body,
                            {{"Content-Type", "application/json"}});
      EXPECT_EQ(r.status, 404) << tail << " " << bad_id << " " << r.raw;
    }
    if (method == http::verb::post) {
      auto r = staff_->Send(method, Path(id, tail),
                            "{\"reason\": ", {{"Content-Type", "application/json"}});
      EXPECT_EQ(r.status, 400) << tail;
      EXPECT_EQ(r.ErrorCode(), "malformed_json") << tail;
    }
  }
  const std::vector<std::pair<std::string, json::object>> bad_fields = {
      {"/acknowledgments", {}},
      {"/acknowledgments", {{"rules_version_id", "1"}}},
      {"/extend", {{"reason", "x"}}},
      {"/extend", {{"new_due_date", "2026-13-01"}, {"reason", "x"}}},
      {"/extend", {{"new_due_date", "2026-07-02"}}},
      {"/extend", {{"new_due_date", "2026-07-02"}, {"reason", "   "}}},
      {"/returns", {}},
      {"/returns", {{"items", json::array{json::object{}}}}},
      {"/returns", {{"items", json::array{1}}}},
      {"/returns", {{"items", json::array{json::object{{"item_id", 1}, {"condition", "shiny"}}}}}},
      {"/returns",
       {{"items", json::array{json::object{
                      {"item_id", 1}, {"components", json::array{json::object{{"name", "x"}}}}}}}}},
      {"/returns",
       {{"items",
         json::array{json::object{{"item_id", 1},
                                  {"components", json::array{json::object{{"present", true}}}}}}}}},
      {"/returns", {{"items", json::array{json::object{{"item_id", 1}}}}, {"feedback_rating", 6}}},
      {"/returns",
       {{"items", json::array{json::object{{"item_id", 1}}}}, {"returned_on", "yesterday"}}},
      {"/terminate", {{"reason", 5}}},
      {"/swap", {{"new_kit_id", 2}, {"term_months", 2}}},
      {"/swap", {{"old_kit_id", 1}, {"new_kit_id", 2}}},
      {"/swap",
       {{"old_kit_id", 1}, {"new_kit_id", 2}, {"term_months", 2}, {"old_kit_lines", "all"}}},
  };
  for (const auto& [tail, body] : bad_fields) {
    auto r = staff_->Post(Path(id, tail), body);
    EXPECT_EQ(r.status, 400) << tail << " " << json::serialize(body) << " -> " << r.raw;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << r.raw;
  }
  auto now = Get(id);
  EXPECT_EQ(now.at("state"), "active");
  EXPECT_EQ(now.at("due_date"), "2026-06-02");
  EXPECT_EQ(staff_->Get(Path(id, "/returns")).body.at("items").as_array().size(), 0u);
}

TEST_F(ApiAgreements, RolesOnAgreementRoutes) {
  const auto id = Active("Ролевая Агния", json::array{CreateItem(type_, "ВР-0901")});
  auto driver = server_->SignedIn("driver");
  EXPECT_EQ(driver->Get(Path(id)).status, 403);
  EXPECT_EQ(driver->Post(Path(id, "/returns"), json::object{{"items", json::array{}}}).status, 403);
  auto supervisor = server_->SignedIn("supervisor");
  EXPECT_EQ(supervisor->Get(Path(id)).status, 200);
  EXPECT_EQ(supervisor->Post("/api/v1/agreements", json::object{}).status, 403);
  auto ext = supervisor->Post(Path(id, "/extend"), json::object{{"new_due_date", "2026-07-02"},
                                                                {"reason", "решение заведующей"}});
  EXPECT_EQ(ext.status, 200) << ext.raw;
}

}  // namespace
}  // namespace prokat::testing
