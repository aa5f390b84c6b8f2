// Deliveries and pickups by the point's drivers. A delivery takes the items of an agreement
// activated with DeliveryMode::kDelivery (status out_for_delivery) to the family; the driver's
// confirmation at the door (codes scanned, who received, a signature image reference) is what
// makes them on_loan. A pickup collects items; its confirmation is a return (return act,
// items to inspection).
//
// Drivers often have no signal at the door: the confirmation carries the times the codes were
// scanned on the device; web/ makes resubmission idempotent.
//
// A driver works with his own trips only: every call below answers another driver's trip as
// kNotFound, as it would an unknown id, so that ids cannot be probed. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct DeliveryScan {
  std::string code;  // as scanned: an item or kit label, or an inventory number typed in
  Timestamp scanned_at;
  std::optional<ItemId> item;  // what it resolved to (filled on confirmation)
};

struct Delivery {
  DeliveryId id;
  AgreementId agreement;
  std::string agreement_number;
  DeliveryKind kind = DeliveryKind::kDelivery;
  Date planned_on;
  UserId driver;
  std::string vehicle;
  std::string address;
  // Who to meet at the door and how to call them: the family's legal representative. The only
  // personal data a driver's trip carries.
  std::string recipient;
  std::string phone;
  DeliveryStatus status = DeliveryStatus::kPlanned;
  std::string failure_reason;
  std::optional<Timestamp> confirmed_at;
  std::string received_by;
  std::string signature_ref;  // file name of the signature image in the photo directory
  std::string note;
  std::vector<DeliveryScan> scans;
};

struct NewDelivery {
  AgreementId agreement;
  DeliveryKind kind = DeliveryKind::kDelivery;
  Date planned_on;  // not in the past
  UserId driver;    // a user with role driver
  std::string vehicle;
  std::string address;  // default: the family's address
};

struct DeliveryConfirmation {
  std::vector<DeliveryScan> scans;  // every item being delivered / collected, once each
  std::string received_by;          // delivery: who received (required)
  std::string signature_ref;        // required: the file name the door signature upload gave
  std::string note;
  // Pickup only: condition per collected item (default: as handed over).
  std::vector<ReturnLine> pickup_lines;
};

// How far back a driver sees his finished (done or failed) trips, by the planned or confirmed
// day: today's route and the last days' are what he answers a family's call about; older trips,
// with their phones and addresses, stay at the desk. Planned and underway trips are always his.
// A constant rather than a setting: widening it only widens what a lost phone gives away.
inline constexpr int kDriverFinishedTripDays = 7;

struct DeliveryFilter {
  std::optional<AgreementId> agreement;
  std::optional<UserId> driver;
  std::optional<Date> planned_on;
  std::optional<DeliveryStatus> status;
};

class DeliveryService {
 public:
  DeliveryService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // kNotFound (agreement, driver); kInvalidArgument (driver not a driver, planned_on in the
  // past); kRuleViolation "agreement_not_for_delivery" (a delivery for an agreement that is not
  // active in delivery mode with items out for delivery), "agreement_not_active" (pickup),
  // kConflict "delivery_already_planned" (an open delivery of the same kind exists).
  Result<Delivery> Plan(const Actor& actor, const NewDelivery& delivery);
  // planned -> out. kRuleViolation "delivery_not_planned".
  Result<Delivery> Depart(const Actor& actor, DeliveryId id);
  // planned/out -> done. Only the assigned driver (or an admin) may confirm: kForbidden
  // "not_assigned_driver". kRuleViolation "scan_not_in_delivery" (field scans: a code that is
  // not one of the items being moved; nothing is stored), "items_not_scanned" (an item was not
  // scanned), "delivery_closed", "signature_not_uploaded" (field signature_ref: not the file
  // name of an image uploaded at the door for this trip's agreement, or one another trip was
  // confirmed with); kInvalidArgument (received_by, signature_ref empty).
  Result<Delivery> Confirm(const Actor& actor, DeliveryId id, const DeliveryConfirmation& c);
  // planned/out -> failed with a reason; items stay where they are (out_for_delivery).
  Result<Delivery> Fail(const Actor& actor, DeliveryId id, const std::string& reason);
  // The delivery as `actor` may see it: kNotFound (field delivery) when missing or when it is
  // another driver's trip.
  Result<Delivery> Get(const Actor& actor, DeliveryId id);
  // A driver's list holds his own trips only, whatever driver the filter names, and of the
  // finished ones only those of the last kDriverFinishedTripDays days.
  Result<Page<Delivery>> List(const Actor& actor, DeliveryFilter filter, const PageRequest& page);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
