// Demo data: a living Russian rental point for a new installation (`prokat demo-data --db`).
#pragma once

#include <cstdint>
#include <string>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

struct DemoDataOptions {
  std::uint64_t seed = 2026;  // same seed, same clock.Now() date -> same data
  int families = 150;
  int multiboxes = 10;
  int days_of_history = 730;  // two years of agreements up to clock.Now()
};

struct DemoDataSummary {
  int users = 0;
  int items = 0;
  int kits = 0;
  int families = 0;
  int agreements = 0;  // activated
  int open_agreements = 0;
  int overdue = 0;
  int out_for_delivery = 0;  // agreements with a planned or departed delivery
  int applications_waiting = 0;
};

// Fills an empty database: one point (code "DEMO"), users for each role (logins admin,
// ivanova, sokolova (staff), petrov, sidorov (drivers), zaveduyushaya (supervisor); password_hash
// left empty for web/ to set), usage rules, ~300 items over a dozen types, `multiboxes`
// multiboxes, `families` families, and `days_of_history` days of agreements made through the
// services (so every journal and audit row is real): returns, partial returns, extensions,
// early terminations, repairs, write-offs, waiting lists, some overdue, some out for delivery.
// Deterministic for a seed and a date. One transaction: on failure nothing is stored.
// kConflict "database_not_empty" when the database already has users or items.
Result<DemoDataSummary> GenerateDemoData(db::Database& db, const Clock& clock,
                                         const DemoDataOptions& options);

}  // namespace prokat::inventory
