// Internal custody (внутреннее пользование): equipment signed out to a staff member for a
// mobile rehabilitation course, due back by a date, closed when every item is back.
// Thread-safe; each mutating call is one transaction with its journal and audit rows.
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

struct Custody {
  CustodyId id;
  UserId staff;         // who holds the equipment
  std::string purpose;  // "выездной курс реабилитации, с. Лебяжье"
  Date start_date;
  Date due_date;
  std::vector<ItemId> open_items;      // not yet back
  std::optional<Timestamp> closed_at;  // std::nullopt while items are out
  int days_overdue = 0;
};

class CustodyService {
 public:
  CustodyService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // Signs available items out to `staff` (status in_custody), due `due_date` (default today +
  // custody_default_days). kInvalidArgument (purpose, items, due_date not after today);
  // kNotFound (staff, item); kConflict "item_not_available".
  Result<Custody> SignOut(const Actor& actor, UserId staff, const std::vector<ItemId>& items,
                          const std::string& purpose, std::optional<Date> due_date);
  // Items come back to inspection; the custody closes when all are back.
  // kRuleViolation "item_not_in_custody" (field items).
  Result<Custody> Return(const Actor& actor, CustodyId id, const std::vector<ItemId>& items);
  Result<Custody> Get(const Actor& actor, CustodyId id);
  Result<std::vector<Custody>> ListOpen(const Actor& actor);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
