// The rules of an agreement's lifecycle, one test (or a few) per rule, named after it.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fixture.hpp"

namespace prokat::inventory::testing {
namespace {

class AgreementRules : public InventoryTest {};

TEST_F(AgreementRules, AnItemIsNeverInTwoOpenAgreements) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId first = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, first));
  FamilyId other = Must(families_.CreateFamily(staff_, NewFamilyFor("Кузнецова Мария"))).id;
  AgreementId second = Draft({walker}, DeliveryMode::kAtPoint, other);
  auto r = agreements_.Activate(staff_, second);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().reason, "item_not_available");
  EXPECT_EQ(r.error().field, "items");
  EXPECT_EQ(Must(agreements_.Get(staff_, second)).state, AgreementState::kDraft);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM agreement_item WHERE item_id = " +
                      std::to_string(walker.value) + " AND open = 1"),
            1);
}

TEST_F(AgreementRules, OnlyAnAvailableItemCanBeHandedOver) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId first = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, first));
  ASSERT_OK(agreements_.Return(staff_, first, {{{walker, ItemCondition::kGood, {}, ""}}}));
  // Back, but in inspection: not yet available.
  AgreementId second = Draft({walker});
  auto r = agreements_.Activate(staff_, second);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "item_not_available");
  ASSERT_OK(catalog_.CompleteInspection(staff_, walker, InspectionOutcome::kCleanedAndInspected,
                                        std::nullopt, ""));
  ASSERT_OK(agreements_.Activate(staff_, second));
}

TEST_F(AgreementRules, AWrittenOffItemCannotEvenBeDrafted) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ASSERT_OK(catalog_.WriteOff(admin_, walker, "сломана рама"));
  NewAgreement a{family_,         std::nullopt,          {walker}, {}, std::nullopt,
                 D("2026-06-02"), DeliveryMode::kAtPoint};
  auto r = agreements_.CreateDraft(staff_, a);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "item_not_available");
}

TEST_F(AgreementRules, NoActivationWithoutTheRulesAcknowledgment) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  NewAgreement a{family_,         std::nullopt,          {walker}, {}, std::nullopt,
                 D("2026-06-02"), DeliveryMode::kAtPoint};
  AgreementId id = Must(agreements_.CreateDraft(staff_, a)).id;
  auto r = agreements_.Activate(staff_, id);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRuleViolation);
  EXPECT_EQ(r.error().reason, "rules_not_acknowledged");
  EXPECT_EQ(r.error().field, "rules");
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kAvailable);
  ASSERT_OK(agreements_.AcknowledgeRules(staff_, id, rules_.id));
  ASSERT_OK(agreements_.Activate(staff_, id));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM rules_acknowledgment WHERE agreement_id = " +
                      std::to_string(id.value)),
            1);
}

TEST_F(AgreementRules, ANewRulesVersionMustBeAcknowledgedAgain) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});  // acknowledges version 1
  auto v2 = Must(catalog_.PublishRules(staff_, rules_.title, "Текст правил, версия 2"));
  EXPECT_EQ(v2.version, 2);
  auto r = agreements_.Activate(staff_, id);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "rules_not_acknowledged");
  auto old = agreements_.AcknowledgeRules(staff_, id, rules_.id);
  // Version 1 is no longer the one that applies.
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().reason, "rules_not_applicable");
  ASSERT_OK(agreements_.AcknowledgeRules(staff_, id, v2.id));
  auto act = Must(agreements_.Activate(staff_, id));
  EXPECT_EQ(act.rules_versions, std::vector<RulesVersionId>{v2.id});
}

TEST_F(AgreementRules, DueDatesWithinBounds) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  NewAgreement a{family_,         std::nullopt,          {walker}, {}, D("2026-03-02"),
                 D("2026-04-01"), DeliveryMode::kAtPoint};
  auto too_short = agreements_.CreateDraft(staff_, a);
  ASSERT_FALSE(too_short.ok());
  EXPECT_EQ(too_short.error().reason, "term_out_of_bounds");
  EXPECT_EQ(too_short.error().field, "due_date");
  a.due_date = D("2026-09-03");
  auto too_long = agreements_.CreateDraft(staff_, a);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().reason, "term_out_of_bounds");
  a.due_date = D("2026-04-02");  // exactly one month
  ASSERT_OK(agreements_.CreateDraft(staff_, a));
  a.due_date = D("2026-09-02");  // exactly six months
  ASSERT_OK(agreements_.CreateDraft(staff_, a));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM agreement"), 2);
}

TEST_F(AgreementRules, TermBoundsAreConfigurable) {
  settings_.max_term_months = 2;
  AgreementService strict(*db_, clock_, settings_);
  ItemId walker = AddItem("ХД-001", walker_type_);
  NewAgreement a{family_,         std::nullopt,          {walker}, {}, D("2026-03-02"),
                 D("2026-06-02"), DeliveryMode::kAtPoint};
  auto r = strict.CreateDraft(staff_, a);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "term_out_of_bounds");
}

TEST_F(AgreementRules, OnlyItemsOfTheAgreementCanBeReturnedOnIt) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ItemId blanket = AddItem("ОД-001", blanket_type_);
  AgreementId id = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto r = agreements_.Return(staff_, id, {{{blanket, ItemCondition::kGood, {}, ""}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRuleViolation);
  EXPECT_EQ(r.error().reason, "item_not_in_agreement");
  EXPECT_EQ(r.error().field, "items");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM return_act"), 0);
  ASSERT_OK(agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {}, ""}}}));
  auto again = agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {}, ""}}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, "agreement_not_active");  // closed by the first return
}

TEST_F(AgreementRules, AnItemReturnedTwiceOnAPartlyReturnedAgreementIsAConflict) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ItemId blanket = AddItem("ОД-001", blanket_type_);
  AgreementId id = Draft({walker, blanket});
  ASSERT_OK(agreements_.Activate(staff_, id));
  ASSERT_OK(agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {}, ""}}}));
  auto r = agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {}, ""}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "item_already_returned");
}

TEST_F(AgreementRules, AnItemOnLoanCannotBeWrittenOff) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ASSERT_OK(agreements_.Activate(staff_, Draft({walker})));
  auto r = catalog_.WriteOff(admin_, walker, "списание");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRuleViolation);
  EXPECT_EQ(r.error().reason, "item_on_loan");
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kOnLoan);
}

TEST_F(AgreementRules, AnItemOnLoanCannotBeEditedIntoAnotherType) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ASSERT_OK(agreements_.Activate(staff_, Draft({walker})));
  ItemUpdate u;
  u.type = blanket_type_;
  auto r = catalog_.UpdateItem(staff_, walker, u);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "item_on_loan");
  EXPECT_EQ(r.error().field, "type");
  u.type.reset();
  u.notes = "царапина на раме";
  ASSERT_OK(catalog_.UpdateItem(staff_, walker, u));  // other edits are fine
}

TEST_F(AgreementRules, ExtensionsOnlyWhileActive) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  auto on_draft = agreements_.Extend(staff_, id, D("2026-07-01"), "лечение продолжается");
  ASSERT_FALSE(on_draft.ok());
  EXPECT_EQ(on_draft.error().reason, "extension_not_active");
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto extended = Must(agreements_.Extend(staff_, id, D("2026-07-01"), "лечение продолжается"));
  EXPECT_EQ(extended.state, AgreementState::kExtended);
  EXPECT_EQ(extended.due_date, D("2026-07-01"));
  ASSERT_OK(agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {}, ""}}}));
  auto on_closed = agreements_.Extend(staff_, id, D("2026-08-01"), "ещё");
  ASSERT_FALSE(on_closed.ok());
  EXPECT_EQ(on_closed.error().reason, "extension_not_active");
}

TEST_F(AgreementRules, ExtensionsAreCappedByTheTotalTerm) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto r = agreements_.Extend(staff_, id, D("2027-03-03"), "долго");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "term_out_of_bounds");
  EXPECT_EQ(r.error().field, "new_due_date");
  ASSERT_OK(agreements_.Extend(staff_, id, D("2027-03-02"), "ровно год"));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM extension"), 1);
}

TEST_F(AgreementRules, TwoConnectionsLendingTheSameItemAtOnceExactlyOneSucceeds) {
  FamilyId other = Must(families_.CreateFamily(staff_, NewFamilyFor("Кузнецова Мария"))).id;
  // Two Database objects: two writer connections on the same file, as two processes would.
  db::Database second_db(db::DatabaseOptions{dir_.File("prokat.db")});
  AgreementService second(second_db, clock_, settings_);
  for (int round = 0; round < 8; ++round) {
    ItemId walker = AddItem("ХД-" + std::to_string(100 + round), walker_type_);
    AgreementId a = Draft({walker});
    AgreementId b = Draft({walker}, DeliveryMode::kAtPoint, other);
    int movements_before = CountRows("SELECT COUNT(*) FROM movement");
    int audit_before = CountRows("SELECT COUNT(*) FROM audit");
    std::atomic<int> ready{0};
    Result<HandoverAct> ra = Error::Internal("not run"), rb = Error::Internal("not run");
    std::thread ta([&] {
      ++ready;
      while (ready < 2) std::this_thread::yield();
      ra = agreements_.Activate(staff_, a);
    });
    std::thread tb([&] {
      ++ready;
      while (ready < 2) std::this_thread::yield();
      rb = second.Activate(staff_, b);
    });
    ta.join();
    tb.join();
    ASSERT_NE(ra.ok(), rb.ok()) << "exactly one must succeed";
    const auto& loser = ra.ok() ? rb : ra;
    EXPECT_EQ(loser.error().code, ErrorCode::kConflict);
    EXPECT_EQ(loser.error().reason, "item_not_available");
    AgreementId lost = ra.ok() ? b : a;
    // Nothing of the losing attempt is stored.
    EXPECT_EQ(Must(agreements_.Get(staff_, lost)).state, AgreementState::kDraft);
    EXPECT_EQ(Must(agreements_.Get(staff_, lost)).number, "");
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM handover_act WHERE agreement_id = " +
                        std::to_string(lost.value)),
              0);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM movement WHERE agreement_id = " +
                        std::to_string(lost.value)),
              0);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM movement"), movements_before + 1);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit"), audit_before + 1);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM agreement_item WHERE open = 1 AND item_id = " +
                        std::to_string(walker.value)),
              1);
  }
}

TEST_F(AgreementRules, TheHandoverActIsAnImmutableSnapshot) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  auto act = Must(agreements_.Activate(staff_, id));
  ASSERT_EQ(act.lines.size(), 1u);
  EXPECT_EQ(act.agreement_number, "1/2026");
  EXPECT_EQ(act.lines[0].inventory_number, "ХД-001");
  EXPECT_EQ(act.lines[0].components, (std::vector<Component>{{"Колёса", 2}, {"Подлокотник", 1}}));
  EXPECT_EQ(act.lines[0].documents, std::vector<std::string>{"Паспорт изделия"});
  ItemUpdate u;
  u.name = "Другое имя";
  u.components = std::vector<Component>{{"Колёса", 4}};
  ASSERT_OK(catalog_.UpdateItem(staff_, walker, u));
  auto again = Must(agreements_.GetHandoverAct(staff_, id));
  EXPECT_EQ(again.lines[0].name, act.lines[0].name);
  EXPECT_EQ(again.lines[0].components, act.lines[0].components);
  EXPECT_THROW(
      db_->Write([](db::Connection& c) { c.Exec("UPDATE handover_act SET staff_id = 1"); }),
      db::SqliteError);
  EXPECT_THROW(db_->Write([](db::Connection& c) { c.Exec("DELETE FROM handover_act"); }),
               db::SqliteError);
}

TEST_F(AgreementRules, AReturnedItemNeedsCleanedAndInspectedBeforeItIsAvailable) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ItemId blanket = AddItem("ОД-001", blanket_type_);
  AgreementId id = Draft({walker, blanket});
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto act = Must(agreements_.Return(
      staff_, id, {{{walker, ItemCondition::kFair, {"Подлокотник"}, "потёртость"}}}));
  EXPECT_EQ(act.agreement_state, AgreementState::kPartlyReturned);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kInspection);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).condition, ItemCondition::kFair);
  auto repair = Must(catalog_.CompleteInspection(staff_, walker, InspectionOutcome::kNeedsRepair,
                                                 ItemCondition::kPoor, "нет подлокотника"));
  EXPECT_EQ(repair.status, ItemStatus::kInRepair);
  auto fixed = Must(catalog_.CompleteRepair(staff_, walker, ItemCondition::kGood, "заменён"));
  EXPECT_EQ(fixed.status, ItemStatus::kAvailable);
  // The other item: write-off after inspection is allowed (to whoever may write off).
  ASSERT_OK(agreements_.Return(staff_, id, {{{blanket, ItemCondition::kBroken, {}, "порван"}}}));
  auto wo = Must(catalog_.CompleteInspection(admin_, blanket, InspectionOutcome::kWriteOff,
                                             std::nullopt, "порван"));
  EXPECT_EQ(wo.status, ItemStatus::kWrittenOff);
  EXPECT_EQ(Must(agreements_.Get(staff_, id)).state, AgreementState::kClosed);
  auto twice = catalog_.CompleteInspection(staff_, walker, InspectionOutcome::kCleanedAndInspected,
                                           std::nullopt, "");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().reason, "item_not_in_inspection");
}

TEST_F(AgreementRules, MissingComponentsMustBeComponentsOfTheItem) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto r = agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {"Руль"}, ""}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "missing_components");
}

TEST_F(AgreementRules, EarlyTerminationMakesItemsDueTodayAndEndsTerminated) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, id));
  clock_.Advance(std::chrono::days(10));
  auto t = Must(agreements_.Terminate(staff_, id, "семья переезжает"));
  EXPECT_EQ(t.due_date, D("2026-03-12"));
  auto ext = agreements_.Extend(staff_, id, D("2026-05-01"), "передумали");
  ASSERT_FALSE(ext.ok());
  EXPECT_EQ(ext.error().reason, "extension_not_active");
  clock_.Advance(std::chrono::days(2));
  EXPECT_EQ(Must(agreements_.Get(staff_, id)).days_overdue, 2);
  ASSERT_OK(agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {}, ""}}}));
  EXPECT_EQ(Must(agreements_.Get(staff_, id)).state, AgreementState::kTerminated);
}

TEST_F(AgreementRules, AgreementNumbersCountPerPointAndYear) {
  ItemId w1 = AddItem("ХД-001", walker_type_);
  ItemId w2 = AddItem("ХД-002", walker_type_);
  AgreementId cancelled = Draft({w1});
  ASSERT_OK(agreements_.CancelDraft(staff_, cancelled));
  EXPECT_EQ(Must(agreements_.Activate(staff_, Draft({w1}))).agreement_number, "1/2026");
  EXPECT_EQ(Must(agreements_.Activate(staff_, Draft({w2}))).agreement_number, "2/2026");
}

TEST_F(AgreementRules, EveryStateChangeWritesItsJournalAndAuditRows) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, id));
  ASSERT_OK(agreements_.Return(staff_, id, {{{walker, ItemCondition::kGood, {}, ""}}}));
  ASSERT_OK(catalog_.CompleteInspection(staff_, walker, InspectionOutcome::kCleanedAndInspected,
                                        std::nullopt, ""));
  auto path = db_->Read([&](db::Connection& c) {
    std::vector<std::string> out;
    auto s = c.Prepare(
        "SELECT COALESCE(from_status, '-') || '>' || to_status FROM movement WHERE item_id = ? "
        "ORDER BY id");
    s.BindAll(walker.value);
    while (s.Step()) out.push_back(s.Get<std::string>(0));
    return out;
  });
  EXPECT_EQ(path, (std::vector<std::string>{"->available", "available>on_loan",
                                            "on_loan>inspection", "inspection>available"}));
  for (const char* action : {"agreement.draft", "rules.acknowledge", "agreement.activate",
                             "agreement.return", "item.inspect"}) {
    EXPECT_EQ(CountRows(std::string("SELECT COUNT(*) FROM audit WHERE action = '") + action + "'"),
              1)
        << action;
  }
}

TEST_F(AgreementRules, DriversDoNotDoDeskWorkAndRolesMustMatchTheUser) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  auto by_driver = agreements_.Activate(driver_, id);
  ASSERT_FALSE(by_driver.ok());
  EXPECT_EQ(by_driver.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(by_driver.error().reason, "role_not_allowed");
  auto peek = families_.GetFamily(driver_, family_);
  ASSERT_FALSE(peek.ok());
  EXPECT_EQ(peek.error().reason, "role_not_allowed");
  auto posing = agreements_.Activate({driver_.user, Role::kAdmin}, id);
  ASSERT_FALSE(posing.ok());
  EXPECT_EQ(posing.error().reason, "role_mismatch");
  ASSERT_OK(agreements_.Activate(staff_, id));
}

TEST_F(AgreementRules, LookingAtAFamilyIsLogged) {
  ASSERT_OK(families_.GetFamily(staff_, family_));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit WHERE action = 'family.view' AND user_id = " +
                      std::to_string(staff_.user.value)),
            1);
}

TEST_F(AgreementRules, AnUnknownOrDeactivatedActorCannotAct) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  auto ghost = agreements_.Activate({UserId(999), Role::kStaff}, id);
  ASSERT_FALSE(ghost.ok());
  EXPECT_EQ(ghost.error().field, "actor");
  ASSERT_OK(users_.SetActive(admin_, staff_.user, false));
  auto inactive = agreements_.Activate(staff_, id);
  ASSERT_FALSE(inactive.ok());
  EXPECT_EQ(inactive.error().code, ErrorCode::kForbidden);
}

class WriteOffRules : public AgreementRules {
 protected:
  WriteOffRules() {
    supervisor_ = {Must(users_.CreateUser(
                            admin_, {"lebedeva", "Лебедева Е.В.", Role::kSupervisor, {point_}, ""}))
                       .id,
                   Role::kSupervisor};
  }
  // An item back from a loan, waiting for inspection.
  ItemId Returned(const std::string& number) {
    ItemId item = AddItem(number, walker_type_);
    AgreementId id = Draft({item});
    Must(agreements_.Activate(staff_, id));
    Must(agreements_.Return(staff_, id, {{{item, ItemCondition::kBroken, {}, "сломано"}}}));
    return item;
  }
  Actor supervisor_;
};

TEST_F(WriteOffRules, OnlyASupervisorOrAnAdminWritesAnItemOff) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  auto refused = catalog_.WriteOff(staff_, walker, "сломана рама");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kAvailable);
  EXPECT_EQ(Must(catalog_.WriteOff(supervisor_, walker, "сломана рама")).status,
            ItemStatus::kWrittenOff);
  ItemId blanket = AddItem("ОД-001", blanket_type_);
  EXPECT_EQ(Must(catalog_.WriteOff(admin_, blanket, "порвано")).status, ItemStatus::kWrittenOff);
}

TEST_F(WriteOffRules, OnlyASupervisorOrAnAdminDeclaresAnItemLost) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  auto refused = catalog_.MarkLost(staff_, walker, "не нашли при инвентаризации");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kAvailable);
  EXPECT_EQ(Must(catalog_.MarkLost(supervisor_, walker, "не нашли при инвентаризации")).status,
            ItemStatus::kLost);
}

TEST_F(WriteOffRules, WritingOffAtInspectionIsASupervisorsDecisionToo) {
  ItemId walker = Returned("ХД-001");
  auto refused = catalog_.CompleteInspection(staff_, walker, InspectionOutcome::kWriteOff,
                                             std::nullopt, "износ");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(refused.error().field, "outcome");
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kInspection);
  // The desk's other outcomes stay the desk's.
  EXPECT_EQ(Must(catalog_.CompleteInspection(staff_, Returned("ХД-002"),
                                             InspectionOutcome::kNeedsRepair, std::nullopt, ""))
                .status,
            ItemStatus::kInRepair);
  EXPECT_EQ(Must(catalog_.CompleteInspection(supervisor_, walker, InspectionOutcome::kWriteOff,
                                             std::nullopt, "износ"))
                .status,
            ItemStatus::kWrittenOff);
}

TEST_F(AgreementRules, ATermInMonthsIsCountedFromTheStartToTheSameDayOrTheMonthsLastDay) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  NewAgreement from_today;
  from_today.family = family_;
  from_today.items = {walker};
  from_today.due_date = LoanTerm::Months(2);
  EXPECT_EQ(Must(agreements_.CreateDraft(staff_, from_today)).due_date, D("2026-05-02"));

  NewAgreement month_end = from_today;
  month_end.start_date = D("2026-03-31");
  month_end.due_date = LoanTerm::Months(3);  // no 31 June
  auto draft = Must(agreements_.CreateDraft(staff_, month_end));
  EXPECT_EQ(draft.start_date, D("2026-03-31"));
  EXPECT_EQ(draft.due_date, D("2026-06-30"));

  NewAgreement too_long = from_today;
  too_long.due_date = LoanTerm::Months(settings_.max_term_months + 1);
  EXPECT_EQ(agreements_.CreateDraft(staff_, too_long).error().reason, "term_out_of_bounds");
}

}  // namespace
}  // namespace prokat::inventory::testing
