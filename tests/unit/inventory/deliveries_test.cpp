// A driver works with his own trips only: lists, single trips and every step on one answer
// another driver's trip as an unknown one. His list keeps finished trips for a week only, and a
// confirmation names a signature really taken at the door.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/deliveries.hpp"
#include "prokat/inventory/photos.hpp"

namespace prokat::inventory::testing {
namespace {

class Deliveries : public InventoryTest {
 protected:
  Deliveries() : deliveries_(*db_, clock_, settings_) {
    other_driver_ = {
        Must(users_.CreateUser(admin_, {"sidorov", "Сидоров О.Н.", Role::kDriver, {point_}, ""}))
            .id,
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

  Delivery Deliver(const Delivery& trip, const std::string& number) {
    DeliveryConfirmation door;
    door.received_by = "Смирнова О.И.";
    door.signature_ref = DoorSignature(trip.agreement, driver_);
    door.scans = {{number, T("2026-03-02T08:00:00Z"), std::nullopt}};
    return Must(deliveries_.Confirm(driver_, trip.id, door));
  }

  std::vector<DeliveryId> Listed(const Actor& actor) {
    std::vector<DeliveryId> ids;
    for (const auto& d : Must(deliveries_.List(actor, {}, {})).items) ids.push_back(d.id);
    return ids;
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

TEST_F(Deliveries, AConfirmationNamesASignatureTakenAtTheDoorForThisTrip) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker}, DeliveryMode::kDelivery);
  Must(agreements_.Activate(staff_, id));
  Delivery trip = Must(deliveries_.Plan(
      staff_, {id, DeliveryKind::kDelivery, D("2026-03-02"), driver_.user, "", ""}));
  Delivery elsewhere = TripFor(driver_, "ХД-002");
  PhotoStore photos(*db_, clock_, settings_);
  const std::vector<std::byte> jpeg = {std::byte{0xFF}, std::byte{0xD8}, std::byte{0xFF},
                                       std::byte{0xE0}, std::byte{1},    std::byte{2}};
  DeliveryConfirmation door;
  door.received_by = "Смирнова О.И.";
  door.scans = {{"ХД-001", T("2026-03-02T08:00:00Z"), std::nullopt}};
  auto refused = [&](const std::string& ref) {
    door.signature_ref = ref;
    auto r = deliveries_.Confirm(driver_, trip.id, door);
    if (r.ok()) return ::testing::AssertionFailure() << ref << " was accepted";
    if (r.error().reason != "signature_not_uploaded" || r.error().field != "signature_ref")
      return ::testing::AssertionFailure() << ref << ": " << r.error().message;
    return ::testing::AssertionSuccess();
  };

  EXPECT_TRUE(refused("photo-999.png")) << "never uploaded";
  EXPECT_TRUE(refused(DoorSignature(elsewhere.agreement, driver_))) << "another agreement's";
  EXPECT_TRUE(
      refused(Must(photos.Attach(driver_, walker, id, PhotoOccasion::kDoor, jpeg)).file_name))
      << "a photo of the item, not a signature";
  EXPECT_TRUE(refused(
      Must(photos.Attach(staff_, std::nullopt, id, PhotoOccasion::kReturn, jpeg)).file_name))
      << "not taken at the door";
  EXPECT_EQ(Must(deliveries_.Get(driver_, trip.id)).status, DeliveryStatus::kPlanned);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kOutForDelivery);

  const std::string signature = DoorSignature(id, driver_);
  door.signature_ref = signature;
  EXPECT_EQ(Must(deliveries_.Confirm(driver_, trip.id, door)).signature_ref, signature);

  // The same image cannot sign the family's return too.
  Delivery pickup = Must(
      deliveries_.Plan(staff_, {id, DeliveryKind::kPickup, D("2026-03-02"), driver_.user, "", ""}));
  DeliveryConfirmation collect;
  collect.signature_ref = signature;
  collect.scans = {{"ХД-001", T("2026-03-02T12:00:00Z"), std::nullopt}};
  auto reused = deliveries_.Confirm(driver_, pickup.id, collect);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().reason, "signature_not_uploaded");
  collect.signature_ref = DoorSignature(id, driver_);
  EXPECT_EQ(Must(deliveries_.Confirm(driver_, pickup.id, collect)).status, DeliveryStatus::kDone);
}

TEST_F(Deliveries, ADriverListsHisFinishedTripsOfTheLastWeekOnly) {
  Delivery delivered = TripFor(driver_, "ХД-001");
  Delivery failed = TripFor(driver_, "ХД-002");
  Delivery waiting = TripFor(driver_, "ХД-003");
  Delivery late = TripFor(driver_, "ХД-004");
  Deliver(delivered, "ХД-001");
  Must(deliveries_.Fail(driver_, failed.id, "не дозвонился"));
  EXPECT_EQ(Listed(driver_),
            (std::vector<DeliveryId>{delivered.id, failed.id, waiting.id, late.id}));

  // Planned a week ago, confirmed yesterday: a trip of the last week all the same.
  clock_.Advance(std::chrono::days(kDriverFinishedTripDays));
  Deliver(late, "ХД-004");
  clock_.Advance(std::chrono::days(1));
  EXPECT_EQ(Listed(driver_), (std::vector<DeliveryId>{waiting.id, late.id}))
      << "a trip finished more than a week ago leaves the driver's phone; a planned one stays";
  EXPECT_EQ(Listed(staff_).size(), 4u) << "the desk sees every trip";
  DeliveryFilter done;
  done.status = DeliveryStatus::kDone;
  auto asked = Must(deliveries_.List(driver_, done, {}));
  ASSERT_EQ(asked.items.size(), 1u);
  EXPECT_EQ(asked.items[0].id, late.id);
}

}  // namespace
}  // namespace prokat::inventory::testing
