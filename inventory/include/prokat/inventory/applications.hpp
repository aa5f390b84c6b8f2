// Applications (Заявление) and the waiting list: one queue per item type and point, in order
// of application. When an item of that type becomes available (registered, inspected,
// repaired, or released by a lapse or cancellation) it is reserved for the oldest waiting
// application; the reservation lapses after InventorySettings::reservation_lapse_days.
// A reserved item can be handed over only to the family it is reserved for.
// Thread-safe; each call is one transaction with its journal and audit rows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct Application {
  ApplicationId id;
  FamilyId family;
  std::optional<ChildId> child;
  ItemTypeId type;
  PointId point;
  Timestamp applied_at;
  ApplicationStatus status = ApplicationStatus::kWaiting;
  std::optional<ItemId> reserved_item;
  std::optional<Date> reserved_until;    // last day the reservation holds
  std::optional<AgreementId> agreement;  // once fulfilled
  int queue_position = 0;                // 1-based among waiting ones; 0 when not waiting
  std::string note;
};

struct NewApplication {
  FamilyId family;
  std::optional<ChildId> child;
  ItemTypeId type;
  std::string note;
};

class ApplicationService {
 public:
  ApplicationService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // Files an application at the family's point; when an item of the type is available now it
  // is reserved at once. kNotFound (family, child, type); kInvalidArgument (child of another
  // family); kConflict "duplicate_application" when the family already waits for this type.
  Result<Application> Apply(const Actor& actor, const NewApplication& application);
  // Withdraws a waiting or reserved application; a reserved item passes to the next in line
  // (or becomes available). kRuleViolation "application_closed".
  Result<Application> Cancel(const Actor& actor, ApplicationId id, const std::string& reason);
  // kNotFound also for an application of a point outside the actor's.
  Result<Application> Get(const Actor& actor, ApplicationId id);
  // The queue of a type at a point: reserved first, then waiting in order. kForbidden
  // "point_not_allowed" for a point outside the actor's.
  Result<std::vector<Application>> Queue(const Actor& actor, ItemTypeId type, PointId point);
  // A family's applications, newest first (every status). kNotFound (family).
  Result<std::vector<Application>> OfFamily(const Actor& actor, FamilyId family);
  // Lapses every reservation whose last day is before today; each released item goes to the
  // next in line or back to available. Returns how many lapsed. Call it daily (web/ runs it
  // on a timer) or before showing the queue. Housekeeping: every point's reservations.
  Result<int> LapseReservations(const Actor& actor);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
