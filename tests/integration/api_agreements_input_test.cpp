// Loan agreements through the real server, what must be refused or held to once: terms out of
// bounds, an item already on loan, two desks lending one item at once, idempotent retries, bad
// input on every route (nothing stored).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <iostream>
#include <thread>

#include "agreements_fixture.hpp"

namespace prokat::testing {
namespace {

// A settings change is in force for the running server at once: no restart between the
// refused draft and the accepted one, and the desk's clock answer offers the new bounds.
TEST_F(ApiAgreements, RaisedMaximumTermIsInForceAtOnce) {
  auto family = CreateFamily("Настройкина Вера");
  const auto item = CreateItem(type_, "ВР-0190");
  const json::object eight_months{
      {"family_id", family.family}, {"items", json::array{item}}, {"term_months", 8}};
  auto before = staff_->Post("/api/v1/agreements", eight_months);
  EXPECT_EQ(before.status, 422) << before.raw;
  EXPECT_EQ(before.ErrorCode(), "term_out_of_bounds");
  EXPECT_EQ(staff_->Get("/api/v1/clock").body.at("max_term_months"), 6);

  auto put = admin_->Put("/api/v1/settings", json::object{{"max_term_months", 9}});
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body.at("in_effect").at("max_term_months"), 9);

  auto clock = staff_->Get("/api/v1/clock");
  ASSERT_EQ(clock.status, 200) << clock.raw;
  EXPECT_EQ(clock.body.at("min_term_months"), 1);
  EXPECT_EQ(clock.body.at("max_term_months"), 9);
  auto after = staff_->Post("/api/v1/agreements", eight_months);
  EXPECT_EQ(after.status, 201) << after.raw;
  if (after.status == 201) {
    EXPECT_EQ(after.body.at("due_date"), "2026-11-02");
  }

  auto lowered = admin_->Put("/api/v1/settings", json::object{{"max_term_months", 6}});
  ASSERT_EQ(lowered.status, 200) << lowered.raw;
  auto again = staff_->Post("/api/v1/agreements", eight_months);
  EXPECT_EQ(again.status, 422) << again.raw;
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

}  // namespace
}  // namespace prokat::testing
