// Loan agreements through the real server: the whole lifecycle, the rules of returns,
// extensions, cancellation and termination, overdue, the multibox swap, roles.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <iostream>
#include <thread>

#include "agreements_fixture.hpp"

namespace prokat::testing {
namespace {

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
