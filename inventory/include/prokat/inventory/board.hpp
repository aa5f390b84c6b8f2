// Figures for the supervisor's board charts: how much of each item type is lent out now, and
// how long the waiting list (Заявления waiting or reserved) was at the end of each month.
// Read-only, one consistent snapshot per call. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

// One item type's stock: items in use (neither written off nor lost) and how many of them are
// with families (on loan or out for delivery).
struct TypeUtilisation {
  ItemTypeId type;
  std::string name;
  ItemCategory category = ItemCategory::kRehabilitation;
  int items = 0;
  int lent = 0;
};

// The waiting list at the end of one month of the point's calendar ("2026-11"); the current
// month's figure is today's.
struct WaitingListMonth {
  std::string month;
  int waiting = 0;
};

class BoardQueries {
 public:
  BoardQueries(db::Database& db, const Clock& clock, InventorySettings settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // Every item type that has items at the point (all points when none is given), by name.
  Result<std::vector<TypeUtilisation>> Utilisation(std::optional<PointId> point);
  // The last `months` months up to the current one, oldest first. An application counts from
  // its filing until it is fulfilled (the agreement's activation), cancelled or lapsed.
  // kInvalidArgument unless 1 <= months <= 60.
  Result<std::vector<WaitingListMonth>> WaitingListByMonth(int months,
                                                           std::optional<PointId> point);

 private:
  db::Database& db_;
  const Clock& clock_;
  InventorySettings settings_;
};

}  // namespace prokat::inventory
