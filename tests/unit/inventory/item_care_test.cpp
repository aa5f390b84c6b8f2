// An item's care after its return: what a return act found missing or damaged stays on the
// item, keeps it from being lent until made good or a supervisor decides, and the next handover
// act lists what was lent missing.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/applications.hpp"
#include "prokat/inventory/care.hpp"

namespace prokat::inventory::testing {
namespace {

class ItemCare : public InventoryTest {
 protected:
  ItemCare() : care_(*db_, clock_, settings_) {
    supervisor_ = {
        Must(users_.CreateUser(
                 admin_,
                 {"zaveduyushaya", "Заведующая Соколова Н.В.", Role::kSupervisor, {point_}, ""}))
            .id,
        Role::kSupervisor};
    walker_ = AddItem("ХД-001", walker_type_);
  }

  // Lends the walker and takes it back with the armrest missing and a torn cover.
  void LendAndReturnIncomplete(const std::string& damage = "порван чехол") {
    AgreementId id = Draft({walker_});
    ASSERT_OK(agreements_.Activate(staff_, id));
    clock_.Advance(std::chrono::days(20));
    ReturnRequest back;
    back.items = {{walker_, ItemCondition::kFair, {"Подлокотник"}, damage}};
    returned_on_ = id;
    ASSERT_OK(agreements_.Return(staff_, id, back));
  }

  CareService care_;
  Actor supervisor_;
  ItemId walker_;
  AgreementId returned_on_;
};

TEST_F(ItemCare, WhatAReturnFoundMissingOrDamagedStaysOnTheItemWithItsAct) {
  LendAndReturnIncomplete();
  auto item = Must(catalog_.GetItem(staff_, walker_));
  ASSERT_EQ(item.defects.size(), 2u);
  EXPECT_EQ(item.defects[0].kind, DefectKind::kMissing);
  EXPECT_EQ(item.defects[0].component, "Подлокотник");
  EXPECT_EQ(item.defects[0].agreement, returned_on_);
  EXPECT_TRUE(item.defects[0].return_act.has_value());
  EXPECT_EQ(item.defects[0].agreement_number, Must(agreements_.Get(staff_, returned_on_)).number);
  EXPECT_EQ(item.defects[1].kind, DefectKind::kDamage);
  EXPECT_EQ(item.defects[1].note, "порван чехол");
  EXPECT_TRUE(item.defects[0].open() && item.defects[1].open());
  auto journal = Must(care_.Get(staff_, walker_)).journal;
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].kind, CareStepKind::kDefectsFound);
}

TEST_F(ItemCare, CleaningDoesNotMakeAnItemWithAMissingPartAvailable) {
  LendAndReturnIncomplete();
  auto cleaned = catalog_.CompleteInspection(
      staff_, walker_, InspectionOutcome::kCleanedAndInspected, std::nullopt, "");
  ASSERT_FALSE(cleaned.ok());
  EXPECT_EQ(cleaned.error().reason, "item_has_defects");
  EXPECT_EQ(cleaned.error().field, "outcome");
  EXPECT_NE(cleaned.error().message.find("Подлокотник"), std::string::npos);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker_)).status, ItemStatus::kInspection);
}

TEST_F(ItemCare, AnItemWithAMissingPartCannotBeLentUnlessASupervisorDecidedSo) {
  LendAndReturnIncomplete();
  NewAgreement a;
  a.family = family_;
  a.items = {walker_};
  a.due_date = D("2026-07-01");
  auto draft = agreements_.CreateDraft(staff_, a);
  ASSERT_FALSE(draft.ok());
  EXPECT_EQ(draft.error().reason, "item_has_defects");
  EXPECT_EQ(draft.error().field, "items");
  EXPECT_NE(draft.error().message.find("ХД-001"), std::string::npos);

  // Staff may not decide; a supervisor may, with a reason.
  auto by_staff = care_.Decide(staff_, walker_, CareDecision::kLendIncomplete, "нет замены");
  ASSERT_FALSE(by_staff.ok());
  EXPECT_EQ(by_staff.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(care_.Decide(supervisor_, walker_, CareDecision::kLendIncomplete, "").ok());
  auto decided = Must(
      care_.Decide(supervisor_, walker_, CareDecision::kLendIncomplete, "подлокотник заказан"));
  EXPECT_EQ(decided.status, ItemStatus::kAvailable);
  ASSERT_EQ(decided.defects.size(), 2u);
  EXPECT_FALSE(decided.defects[0].open());
  EXPECT_TRUE(decided.defects[0].accepted_at.has_value());

  auto act = Must(agreements_.Activate(staff_, Draft({walker_})));
  ASSERT_EQ(act.lines.size(), 1u);
  EXPECT_EQ(act.lines[0].missing_at_issue, std::vector<std::string>{"Подлокотник"});
}

TEST_F(ItemCare, TheNextReturnDoesNotBlameTheFamilyForAPartMissingAtIssue) {
  LendAndReturnIncomplete();
  ASSERT_OK(care_.Decide(supervisor_, walker_, CareDecision::kLendIncomplete, "заказан"));
  AgreementId next = Draft({walker_});
  ASSERT_OK(agreements_.Activate(staff_, next));
  ReturnRequest back;
  back.items = {{walker_, ItemCondition::kGood, {"Подлокотник"}, ""}};
  ASSERT_OK(agreements_.Return(staff_, next, back));
  auto item = Must(catalog_.GetItem(staff_, walker_));
  for (const auto& d : item.defects) EXPECT_FALSE(d.open());
  auto cleaned = catalog_.CompleteInspection(
      staff_, walker_, InspectionOutcome::kCleanedAndInspected, std::nullopt, "");
  ASSERT_OK(cleaned);
  EXPECT_EQ(cleaned->status, ItemStatus::kAvailable);
}

TEST_F(ItemCare, AnActivationRefusesAnItemThatCameBackIncompleteAfterTheDraft) {
  AgreementId first = Draft({walker_});
  ASSERT_OK(agreements_.Activate(staff_, first));
  FamilyId other = Must(families_.CreateFamily(staff_, NewFamilyFor("Кузнецова Анна"))).id;
  AgreementId waiting = Draft({walker_}, DeliveryMode::kAtPoint, other);
  ReturnRequest back;
  back.items = {{walker_, ItemCondition::kFair, {"Колёса"}, ""}};
  ASSERT_OK(agreements_.Return(staff_, first, back));
  // The draft was made while the item was out; its activation names what is missing.
  auto act = agreements_.Activate(staff_, waiting);
  ASSERT_FALSE(act.ok());
  EXPECT_EQ(act.error().reason, "item_has_defects");
  EXPECT_NE(act.error().message.find("Колёса"), std::string::npos);
}

TEST_F(ItemCare, PartsAreMadeGoodOneByOneOrAllAtOnce) {
  LendAndReturnIncomplete();
  auto item = Must(catalog_.GetItem(staff_, walker_));
  auto part = Must(care_.MarkRestored(staff_, walker_, {item.defects[0].id}, "новый подлокотник"));
  ASSERT_EQ(part.defects.size(), 1u);
  EXPECT_EQ(part.defects[0].kind, DefectKind::kDamage);
  EXPECT_EQ(catalog_
                .CompleteInspection(staff_, walker_, InspectionOutcome::kCleanedAndInspected,
                                    std::nullopt, "")
                .error()
                .reason,
            "item_has_defects");
  auto again = care_.MarkRestored(staff_, walker_, {item.defects[0].id}, "");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().field, "defects");
  EXPECT_TRUE(Must(care_.MarkRestored(staff_, walker_, {}, "чехол зашит")).defects.empty());
  ASSERT_OK(catalog_.CompleteInspection(staff_, walker_, InspectionOutcome::kCleanedAndInspected,
                                        std::nullopt, ""));
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker_)).status, ItemStatus::kAvailable);
  auto care = Must(care_.Get(staff_, walker_));
  EXPECT_EQ(care.defects.size(), 2u);  // kept, made good
  EXPECT_TRUE(care.defects[0].restored_at.has_value());
  EXPECT_EQ(care.defects[0].restored_by, staff_.user);
}

TEST_F(ItemCare, ARepairDecidedByASupervisorMakesTheItemGoodAndOffersItToTheWaitingList) {
  ApplicationService applications(*db_, clock_, settings_);
  LendAndReturnIncomplete();
  auto app = Must(applications.Apply(staff_, {family_, std::nullopt, walker_type_, ""}));
  auto repair = Must(care_.Decide(supervisor_, walker_, CareDecision::kRepair, "замена чехла"));
  EXPECT_EQ(repair.status, ItemStatus::kInRepair);
  ASSERT_OK(care_.RecordStep(staff_, walker_, CareStepKind::kRepair, "чехол в мастерской"));
  auto done = Must(catalog_.CompleteRepair(staff_, walker_, ItemCondition::kGood, "чехол заменён"));
  EXPECT_TRUE(done.defects.empty());
  EXPECT_EQ(done.status, ItemStatus::kReserved);
  EXPECT_EQ(Must(applications.Get(staff_, app.id)).status, ApplicationStatus::kReserved);
}

TEST_F(ItemCare, InspectionCleaningAndRepairAreRecordedWithWhoAndWhen) {
  LendAndReturnIncomplete();
  ASSERT_OK(care_.RecordStep(staff_, walker_, CareStepKind::kInspection, "осмотр"));
  ASSERT_OK(care_.RecordStep(staff_, walker_, CareStepKind::kCleaning, "обработано"));
  auto repair = care_.RecordStep(staff_, walker_, CareStepKind::kRepair, "");
  ASSERT_FALSE(repair.ok());
  EXPECT_EQ(repair.error().reason, "item_not_at_point");
  EXPECT_FALSE(care_.RecordStep(staff_, walker_, CareStepKind::kRestored, "").ok());
  auto journal = Must(care_.Get(staff_, walker_)).journal;
  ASSERT_EQ(journal.size(), 3u);
  EXPECT_EQ(journal[1].kind, CareStepKind::kInspection);
  EXPECT_EQ(journal[1].by, staff_.user);
  EXPECT_EQ(journal[1].by_name, "Иванова А.П.");
  EXPECT_EQ(journal[1].at, T("2026-03-22T07:00:00Z"));
  EXPECT_EQ(journal[2].kind, CareStepKind::kCleaning);
}

TEST_F(ItemCare, AWriteOffIsASupervisorsActWithTheReason) {
  LendAndReturnIncomplete("трещина рамы");
  EXPECT_EQ(care_.Decide(staff_, walker_, CareDecision::kWriteOff, "рама").error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(care_.LatestAct(staff_, walker_, DisposalKind::kWriteOff).error().code,
            ErrorCode::kNotFound);
  auto gone = Must(care_.Decide(supervisor_, walker_, CareDecision::kWriteOff, "трещина рамы"));
  EXPECT_EQ(gone.status, ItemStatus::kWrittenOff);
  auto act = Must(care_.LatestAct(staff_, walker_, DisposalKind::kWriteOff));
  EXPECT_EQ(act.reason, "трещина рамы");
  EXPECT_EQ(act.decider, "Заведующая Соколова Н.В.");
  EXPECT_EQ(act.decided_by, supervisor_.user);
  EXPECT_EQ(act.decided_at, T("2026-03-22T07:00:00Z"));
}

TEST_F(ItemCare, ALossIsASupervisorsActToo) {
  ASSERT_OK(catalog_.MarkLost(admin_, walker_, "не найден при инвентаризации"));
  auto act = Must(care_.LatestAct(staff_, walker_, DisposalKind::kLoss));
  EXPECT_EQ(act.kind, DisposalKind::kLoss);
  EXPECT_EQ(act.reason, "не найден при инвентаризации");
  EXPECT_EQ(act.decider, "Администратор");
}

}  // namespace
}  // namespace prokat::inventory::testing
