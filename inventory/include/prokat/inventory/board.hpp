// Figures for the supervisor's board: the counts on its tiles; for its charts, how much of each
// item type is lent out now, and how long the waiting list (Заявления waiting or reserved) was
// at the end of each month.
// Read-only, one consistent snapshot per call. Thread-safe.
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

// The board's tiles: how many open agreements are overdue and due this week (today to Sunday)
// and next week (Monday to Sunday), trips planned and out, items in inspection and in repair.
// Counts only, no contact data (the lists themselves come from QueryService and are audited).
struct BoardSummary {
  Date today;
  int overdue = 0;
  Date this_week_to;
  int due_this_week = 0;
  Date next_week_from, next_week_to;
  int due_next_week = 0;
  int deliveries_planned = 0;
  int deliveries_out = 0;
  int items_in_inspection = 0;
  int items_in_repair = 0;
};

class BoardQueries {
 public:
  BoardQueries(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // Each figure is of the point chosen, or of every point of the actor's when none is
  // (kForbidden "point_not_allowed" for a point that is not his).

  // The counts on one snapshot. Trips count at a point through their agreement's point.
  Result<BoardSummary> Summary(const Actor& actor, std::optional<PointId> point);
  // Every item type that has items at the points, by name.
  Result<std::vector<TypeUtilisation>> Utilisation(const Actor& actor,
                                                   std::optional<PointId> point);
  // The last `months` months up to the current one, oldest first. An application counts from
  // its filing until it is fulfilled (the agreement's activation), cancelled or lapsed.
  // kInvalidArgument unless 1 <= months <= 60.
  Result<std::vector<WaitingListMonth>> WaitingListByMonth(const Actor& actor, int months,
                                                           std::optional<PointId> point);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
