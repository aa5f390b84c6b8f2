// The whole life of a loan: apply, reserve, agree, deliver, confirm, extend, partial return,
// return, inspect, available; and the waiting list and delivery rules around it.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/applications.hpp"
#include "prokat/inventory/care.hpp"
#include "prokat/inventory/deliveries.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::inventory::testing {
namespace {

class Lifecycle : public InventoryTest {
 protected:
  Lifecycle()
      : applications_(*db_, clock_, settings_),
        deliveries_(*db_, clock_, settings_),
        queries_(*db_, clock_, settings_) {}

  std::vector<std::string> Journal(ItemId item) {
    std::vector<std::string> out;
    for (const auto& m : Must(queries_.ItemHistory(staff_, item)))
      out.push_back(std::string(m.from ? ToString(*m.from) : "-") + ">" +
                    std::string(ToString(m.to)));
    return out;
  }

  ApplicationService applications_;
  DeliveryService deliveries_;
  QueryService queries_;
};

TEST_F(Lifecycle, ApplyReserveAgreeDeliverConfirmExtendReturnInspectAvailable) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ItemId blanket = AddItem("ОД-001", blanket_type_);
  // Both lent to someone else first, so the family has to wait for the walker.
  FamilyId first = Must(families_.CreateFamily(staff_, NewFamilyFor("Первая семья"))).id;
  AgreementId earlier = Draft({walker}, DeliveryMode::kAtPoint, first);
  ASSERT_OK(agreements_.Activate(staff_, earlier));

  // apply
  auto app =
      Must(applications_.Apply(staff_, {family_, std::nullopt, walker_type_, "после инсульта"}));
  EXPECT_EQ(app.status, ApplicationStatus::kWaiting);
  EXPECT_EQ(app.queue_position, 1);
  // the walker comes back and is inspected: reserved for the oldest application
  ASSERT_OK(agreements_.Return(staff_, earlier, {{{walker, ItemCondition::kGood, {}, ""}}}));
  auto inspected = Must(catalog_.CompleteInspection(
      staff_, walker, InspectionOutcome::kCleanedAndInspected, std::nullopt, ""));
  EXPECT_EQ(inspected.status, ItemStatus::kReserved);
  app = Must(applications_.Get(staff_, app.id));
  EXPECT_EQ(app.status, ApplicationStatus::kReserved);
  EXPECT_EQ(app.reserved_item, walker);
  EXPECT_EQ(app.reserved_until, D("2026-03-05"));

  // agree (delivery by a driver), rules acknowledged in Draft()
  AgreementId id = Draft({walker, blanket}, DeliveryMode::kDelivery);
  auto act = Must(agreements_.Activate(staff_, id));
  EXPECT_EQ(act.delivery_mode, DeliveryMode::kDelivery);
  EXPECT_EQ(Must(applications_.Get(staff_, app.id)).status, ApplicationStatus::kFulfilled);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kOutForDelivery);

  // deliver and confirm at the door
  auto trip = Must(deliveries_.Plan(staff_, {id, DeliveryKind::kDelivery, D("2026-03-03"),
                                             driver_.user, "Лада Ларгус А123ВС", ""}));
  EXPECT_EQ(trip.address, "с. Власиха, ул. Мира, 5");
  ASSERT_OK(deliveries_.Depart(driver_, trip.id));
  clock_.Advance(std::chrono::hours(26));
  DeliveryConfirmation door;
  door.scans = {{ItemLabel(walker), T("2026-03-03T08:10:00Z"), std::nullopt},
                {"ОД-001", T("2026-03-03T08:11:00Z"), std::nullopt}};
  door.received_by = "Смирнова О.И.";
  door.signature_ref = DoorSignature(id, driver_);
  auto done = Must(deliveries_.Confirm(driver_, trip.id, door));
  EXPECT_EQ(done.status, DeliveryStatus::kDone);
  ASSERT_EQ(done.scans.size(), 2u);
  EXPECT_EQ(done.scans[0].item, walker);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kOnLoan);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, blanket)).status, ItemStatus::kOnLoan);

  // extend
  auto ext = Must(agreements_.Extend(staff_, id, D("2026-07-02"), "курс реабилитации продлён"));
  EXPECT_EQ(ext.state, AgreementState::kExtended);

  // partial return, then the rest
  clock_.Set(T("2026-05-10T07:00:00Z"));
  auto part = Must(agreements_.Return(staff_, id, {{{blanket, ItemCondition::kGood, {}, ""}}}));
  EXPECT_EQ(part.agreement_state, AgreementState::kPartlyReturned);
  clock_.Set(T("2026-06-20T07:00:00Z"));
  ReturnRequest rest;
  rest.items = {{walker, ItemCondition::kFair, {}, "потёртости"}};
  rest.feedback_rating = 5;
  rest.feedback_comment = "Спасибо!";
  auto last = Must(agreements_.Return(staff_, id, rest));
  EXPECT_EQ(last.agreement_state, AgreementState::kClosed);
  EXPECT_EQ(Must(agreements_.ListReturnActs(staff_, id)).size(), 2u);

  // The scuffs noted on the return act are seen to first; then inspect -> available.
  Must(CareService(*db_, clock_, settings_).MarkRestored(staff_, walker, {}, "зачищено"));
  EXPECT_EQ(
      Must(catalog_.CompleteInspection(staff_, walker, InspectionOutcome::kCleanedAndInspected,
                                       ItemCondition::kGood, ""))
          .status,
      ItemStatus::kAvailable);

  EXPECT_EQ(Journal(walker),
            (std::vector<std::string>{"->available", "available>on_loan", "on_loan>inspection",
                                      "inspection>available", "available>reserved",
                                      "reserved>out_for_delivery", "out_for_delivery>on_loan",
                                      "on_loan>inspection", "inspection>available"}));
  auto movements =
      Must(queries_.MovementJournal(staff_, {std::nullopt, id, std::nullopt, std::nullopt}, {}));
  EXPECT_EQ(movements.items.size(), 6u);  // 2 handovers, 2 deliveries, 2 returns
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM feedback WHERE rating = 5"), 1);
}

TEST_F(Lifecycle, AnItemReservedForAnotherFamilyCannotBeHandedOver) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  FamilyId other = Must(families_.CreateFamily(staff_, NewFamilyFor("Кузнецова Мария"))).id;
  auto app = Must(applications_.Apply(staff_, {other, std::nullopt, walker_type_, ""}));
  EXPECT_EQ(app.status, ApplicationStatus::kReserved);  // available now: reserved at once
  auto r = agreements_.Activate(staff_, Draft({walker}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().reason, "item_reserved_for_other_family");
  ASSERT_OK(agreements_.Activate(staff_, Draft({walker}, DeliveryMode::kAtPoint, other)));
}

TEST_F(Lifecycle, AReservationLapsesAndPassesToTheNextInLine) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  FamilyId second = Must(families_.CreateFamily(staff_, NewFamilyFor("Вторая семья"))).id;
  auto a1 = Must(applications_.Apply(staff_, {family_, std::nullopt, walker_type_, ""}));
  clock_.Advance(std::chrono::minutes(5));
  auto a2 = Must(applications_.Apply(staff_, {second, std::nullopt, walker_type_, ""}));
  EXPECT_EQ(a1.status, ApplicationStatus::kReserved);
  EXPECT_EQ(a2.queue_position, 1);
  auto dup = applications_.Apply(staff_, {second, std::nullopt, walker_type_, ""});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().reason, "duplicate_application");
  clock_.Advance(std::chrono::days(3));  // reserved until 2026-03-05 inclusive
  EXPECT_EQ(Must(applications_.LapseReservations(staff_)), 0);
  clock_.Advance(std::chrono::days(1));
  EXPECT_EQ(Must(applications_.LapseReservations(staff_)), 1);
  EXPECT_EQ(Must(applications_.Get(staff_, a1.id)).status, ApplicationStatus::kLapsed);
  auto next = Must(applications_.Get(staff_, a2.id));
  EXPECT_EQ(next.status, ApplicationStatus::kReserved);
  EXPECT_EQ(next.reserved_item, walker);
  // Cancelling frees the item again.
  ASSERT_OK(applications_.Cancel(staff_, a2.id, "отказ"));
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kAvailable);
}

TEST_F(Lifecycle, OnlyTheAssignedDriverConfirmsAndEveryItemMustBeScanned) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ItemId blanket = AddItem("ОД-001", blanket_type_);
  ItemId stranger = AddItem("ОД-002", blanket_type_);
  AgreementId id = Draft({walker, blanket}, DeliveryMode::kDelivery);
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto trip = Must(deliveries_.Plan(
      staff_, {id, DeliveryKind::kDelivery, D("2026-03-02"), driver_.user, "", ""}));
  DeliveryConfirmation door;
  door.received_by = "Смирнова О.И.";
  door.signature_ref = DoorSignature(id, driver_);
  door.scans = {{ItemLabel(walker), T("2026-03-02T08:00:00Z"), std::nullopt}};
  auto by_staff = deliveries_.Confirm(staff_, trip.id, door);
  ASSERT_FALSE(by_staff.ok());
  EXPECT_EQ(by_staff.error().reason, "not_assigned_driver");
  auto partial = deliveries_.Confirm(driver_, trip.id, door);
  ASSERT_FALSE(partial.ok());
  EXPECT_EQ(partial.error().reason, "items_not_scanned");
  door.scans.push_back({ItemLabel(stranger), T("2026-03-02T08:01:00Z"), std::nullopt});
  auto wrong = deliveries_.Confirm(driver_, trip.id, door);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().reason, "scan_not_in_delivery");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM delivery_scan"), 0);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kOutForDelivery);
  door.scans.back() = {ItemLabel(blanket), T("2026-03-02T08:01:00Z"), std::nullopt};
  ASSERT_OK(deliveries_.Confirm(driver_, trip.id, door));
}

TEST_F(Lifecycle, APickupConfirmedByTheDriverIsAReturn) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, id));
  clock_.Advance(std::chrono::days(40));
  auto trip = Must(
      deliveries_.Plan(staff_, {id, DeliveryKind::kPickup, D("2026-04-11"), driver_.user, "", ""}));
  DeliveryConfirmation door;
  door.signature_ref = DoorSignature(id, driver_);
  door.scans = {{"ХД-001", T("2026-04-11T09:00:00Z"), std::nullopt}};
  ASSERT_OK(deliveries_.Confirm(driver_, trip.id, door));
  EXPECT_EQ(Must(agreements_.Get(staff_, id)).state, AgreementState::kClosed);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kInspection);
  auto acts = Must(agreements_.ListReturnActs(staff_, id));
  ASSERT_EQ(acts.size(), 1u);
  EXPECT_EQ(acts[0].pickup, trip.id);
}

TEST_F(Lifecycle, DueAndOverdueUseThePointsCalendar) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  ItemId blanket = AddItem("ОД-001", blanket_type_);
  AgreementId a = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, a));
  NewAgreement later{family_,         std::nullopt,          {blanket}, {}, std::nullopt,
                     D("2026-05-15"), DeliveryMode::kAtPoint};
  AgreementId b = Must(agreements_.CreateDraft(staff_, later)).id;
  ASSERT_OK(agreements_.AcknowledgeRules(staff_, b, rules_.id));
  ASSERT_OK(agreements_.Activate(staff_, b));
  auto due = Must(queries_.DueInWindow(staff_, D("2026-05-01"), D("2026-05-31"), std::nullopt, {}));
  ASSERT_EQ(due.items.size(), 1u);
  EXPECT_EQ(due.items[0].agreement, b);
  // 2026-06-02 at 21:30Z is already 2026-06-03 at the point (+03:00): one day overdue.
  clock_.Set(T("2026-06-02T21:30:00Z"));
  auto overdue = Must(queries_.Overdue(staff_, std::nullopt, {}));
  ASSERT_EQ(overdue.items.size(), 2u);
  EXPECT_EQ(overdue.items[0].agreement, b);
  EXPECT_EQ(overdue.items[0].days_overdue, 19);
  EXPECT_EQ(overdue.items[1].agreement, a);
  EXPECT_EQ(overdue.items[1].days_overdue, 1);
  EXPECT_EQ(overdue.items[1].phone, "+7 (913) 555-12-34");
  auto listed = Must(
      agreements_.List(staff_, {std::nullopt, std::nullopt, std::nullopt, true, true}, {"", 1}));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].id, b);  // newest first
  auto rest = Must(agreements_.List(staff_, {std::nullopt, std::nullopt, std::nullopt, true, true},
                                    {listed.next_cursor, 10}));
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].id, a);
  // Paging: one at a time.
  auto p1 = Must(queries_.Overdue(staff_, std::nullopt, {"", 1}));
  ASSERT_EQ(p1.items.size(), 1u);
  ASSERT_FALSE(p1.next_cursor.empty());
  auto p2 = Must(queries_.Overdue(staff_, std::nullopt, {p1.next_cursor, 1}));
  ASSERT_EQ(p2.items.size(), 1u);
  EXPECT_EQ(p2.items[0].agreement, a);
  EXPECT_TRUE(p2.next_cursor.empty());
}

}  // namespace
}  // namespace prokat::inventory::testing
