// Changing the installation's settings (InventorySettings in types.hpp, read at start-up by
// LoadSettings). The bounds of every setting are defined once, in settings.cpp, and checked both
// when stored settings are read and when a change is asked for. A change is in force at once:
// the running services read the LiveSettings that Change replaces (live_settings.hpp).
// Thread-safe (each call is one transaction; changes are serialised).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>

#include "prokat/core/result.hpp"
#include "prokat/inventory/live_settings.hpp"
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

// The inclusive bounds of a setting a change may name, by its name in SettingsChange.
struct SettingBound {
  std::string_view name;
  int min = 0;
  int max = 0;
};
// Every such setting, in the order of SettingsChange.
std::span<const SettingBound> SettingBounds();

class SettingsService {
 public:
  // `live`: the settings the running services read, replaced by Change; nullptr when nothing
  // runs over them (tools).
  explicit SettingsService(db::Database& db, std::shared_ptr<LiveSettings> live = nullptr)
      : db_(db), live_(std::move(live)) {}

  // The stored settings (as LoadSettings).
  Result<InventorySettings> Load();
  // Applies `change` to the stored settings and stores the result, in one transaction, and
  // returns it. kInvalidArgument naming the field when a value is outside its bounds, when
  // min_term_months exceeds max_term_months (field min_term_months) or max_term_months exceeds
  // max_total_term_months (field max_term_months); nothing is stored then. Once stored, the
  // change is in force for every later call of the services sharing `live`.
  Result<InventorySettings> Change(const SettingsChange& change);

 private:
  db::Database& db_;
  std::shared_ptr<LiveSettings> live_;
  std::mutex change_mu_;  // a change is stored and put in force before the next one starts
};

}  // namespace prokat::inventory
