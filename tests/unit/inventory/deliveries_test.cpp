// A driver works with his own trips only: lists, single trips and every step on one answer
// another driver's trip as an unknown one.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/deliveries.hpp"

namespace prokat::inventory::testing {
namespace {

class Deliveries : public InventoryTest {
 protected:
  Deliveries() : deliveries_(*db_, clock_, settings_) {
    other_driver_ = {
        Must(users_.CreateUser(admin_, {"sidorov", "Сидоров О.Н.", Role::kDriver, {point_}, ""})).id,
        Role::kDriver};
  }

  // An active agreement in delivery mode with a trip planned for `driver`.
  Delivery TripFor(Actor driver, const std::string& number) {
    ItemId walker = AddItem(number, walker_type_);
    AgreementId id = Draft({walker}, DeliveryMode::kDelivery);
    Must(agreements_.Activate(staff_, id));
    return Must(deliveries_.Plan(
        staff_, {id, DeliveryKind::kDelivery, D("2026-03-02"), driver.user, "", ""}));
  }

  DeliveryService deliveries_;
  Actor other_driver_;
};

TEST_F(Deliveries, ADriverSeesOnlyHisOwnTrips) {
  Delivery mine = TripFor(driver_, "ХД-001");
  Delivery theirs = TripFor(other_driver_, "ХД-002");

  EXPECT_EQ(Must(deliveries_.Get(driver_, mine.id)).id, mine.id);
  auto hidden = deliveries_.Get(driver_, theirs.id);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(hidden.error().message, deliveries_.Get(driver_, DeliveryId(9999)).error().message)
      << "another driver's trip must look like an unknown one";
  EXPECT_EQ(Must(deliveries_.Get(staff_, theirs.id)).id, theirs.id) << "the desk sees every trip";

  DeliveryFilter asked_for_theirs;
  asked_for_theirs.driver = other_driver_.user;
  auto list = Must(deliveries_.List(driver_, asked_for_theirs, {}));
  ASSERT_EQ(list.items.size(), 1u) << "a driver's list is his, whatever he asks for";
  EXPECT_EQ(list.items[0].id, mine.id);
  EXPECT_EQ(Must(deliveries_.List(staff_, {}, {})).items.size(), 2u);
}

TEST_F(Deliveries, ADriverCannotActOnAnotherDriversTrip) {
  Delivery theirs = TripFor(other_driver_, "ХД-002");
  auto depart = deliveries_.Depart(driver_, theirs.id);
  ASSERT_FALSE(depart.ok());
  EXPECT_EQ(depart.error().code, ErrorCode::kNotFound);
  auto fail = deliveries_.Fail(driver_, theirs.id, "не дозвонился");
  ASSERT_FALSE(fail.ok());
  EXPECT_EQ(fail.error().code, ErrorCode::kNotFound);
  DeliveryConfirmation door;
  door.received_by = "Смирнова О.И.";
  door.signature_ref = "sig.png";
  auto confirm = deliveries_.Confirm(driver_, theirs.id, door);
  ASSERT_FALSE(confirm.ok());
  EXPECT_EQ(confirm.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Must(deliveries_.Get(other_driver_, theirs.id)).status, DeliveryStatus::kPlanned);

  EXPECT_EQ(Must(deliveries_.Depart(other_driver_, theirs.id)).status, DeliveryStatus::kOut);
}

}  // namespace
}  // namespace prokat::inventory::testing
