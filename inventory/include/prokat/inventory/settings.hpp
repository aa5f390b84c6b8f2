// Changing the installation's settings (InventorySettings in types.hpp, read at start-up by
// LoadSettings). The bounds of every setting are defined once, in settings.cpp, and checked both
// when stored settings are read and when a change is asked for. Thread-safe (each call is one
// transaction).
#pragma once

#include <cstdint>
#include <optional>

#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

// The settings a change may name; an absent field keeps its stored value. Errors name a field
// by its member name here ("max_term_months").
struct SettingsChange {
  std::optional<std::int64_t> min_term_months;
  std::optional<std::int64_t> max_term_months;
  std::optional<std::int64_t> max_total_term_months;
  std::optional<std::int64_t> reservation_lapse_days;
  std::optional<std::int64_t> utc_offset_minutes;
  std::optional<std::int64_t> custody_default_days;
};

class SettingsService {
 public:
  explicit SettingsService(db::Database& db) : db_(db) {}

  // The stored settings (as LoadSettings).
  Result<InventorySettings> Load();
  // Applies `change` to the stored settings and stores the result, in one transaction, and
  // returns it. kInvalidArgument naming the field when a value is outside its bounds, when
  // min_term_months exceeds max_term_months (field min_term_months) or max_term_months exceeds
  // max_total_term_months (field max_term_months); nothing is stored then. The running services
  // keep the settings they were built with.
  Result<InventorySettings> Change(const SettingsChange& change);

 private:
  db::Database& db_;
};

}  // namespace prokat::inventory
