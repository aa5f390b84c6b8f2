// The installation's settings in the `setting` table: LoadSettings and SaveSettings (types.hpp)
// and SettingsService (settings.hpp), over the one table of the settings' bounds.
#include "prokat/inventory/settings.hpp"

#include <array>
#include <charconv>
#include <string>
#include <string_view>

#include "internal.hpp"
#include "prokat/db/database.hpp"

namespace prokat::inventory {
namespace {

struct IntSetting {
  const char* key;   // in the setting table
  const char* name;  // in SettingsChange, and in errors about a change
  int InventorySettings::*field;
  std::optional<std::int64_t> SettingsChange::*change;
  int min;
  int max;
};
constexpr IntSetting kIntSettings[] = {
    {"loan.min_term_months", "min_term_months", &InventorySettings::min_term_months,
     &SettingsChange::min_term_months, 1, 120},
    {"loan.max_term_months", "max_term_months", &InventorySettings::max_term_months,
     &SettingsChange::max_term_months, 1, 120},
    {"loan.max_total_term_months", "max_total_term_months",
     &InventorySettings::max_total_term_months, &SettingsChange::max_total_term_months, 1, 240},
    {"applications.reservation_lapse_days", "reservation_lapse_days",
     &InventorySettings::reservation_lapse_days, &SettingsChange::reservation_lapse_days, 1, 365},
    {"point.utc_offset_minutes", "utc_offset_minutes", &InventorySettings::utc_offset_minutes,
     &SettingsChange::utc_offset_minutes, -720, 840},
    {"custody.default_days", "custody_default_days", &InventorySettings::custody_default_days,
     &SettingsChange::custody_default_days, 1, 365},
};

constexpr auto kBounds = [] {
  std::array<SettingBound, std::size(kIntSettings)> out{};
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = {kIntSettings[i].name, kIntSettings[i].min, kIntSettings[i].max};
  return out;
}();

bool InBounds(const IntSetting& b, std::int64_t v) { return v >= b.min && v <= b.max; }

// The loan term bounds must nest: min <= max <= max total.
Result<void> CheckTermOrder(const InventorySettings& s) {
  if (s.min_term_months > s.max_term_months) {
    return Error::InvalidArgument("min_term_months must not exceed max_term_months",
                                  "min_term_months");
  }
  if (s.max_term_months > s.max_total_term_months) {
    return Error::InvalidArgument("max_term_months must not exceed max_total_term_months",
                                  "max_term_months");
  }
  return {};
}

Result<InventorySettings> LoadIn(db::Connection& c) {
  InventorySettings s;
  auto get = c.Prepare("SELECT value FROM setting WHERE key = ?");
  for (const auto& k : kIntSettings) {
    get.BindAll(std::string_view(k.key));
    if (get.Step()) {
      int v = 0;
      std::string text = get.Get<std::string>(0);
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || !InBounds(k, v)) {
        return Error::InvalidArgument(
            std::string("setting ") + k.key + " has invalid value '" + text + "'", k.key);
      }
      s.*k.field = v;
    }
    get.Reset();
  }
  get.BindAll(std::string_view("photos.dir"));
  if (get.Step()) s.photo_dir = get.Get<std::string>(0);
  if (!CheckTermOrder(s).ok()) {
    return Error::InvalidArgument("loan term bounds are inconsistent", "loan.max_term_months");
  }
  return s;
}

void SaveIn(db::Connection& c, const InventorySettings& settings) {
  auto put = c.Prepare(
      "INSERT INTO setting(key, value) VALUES(?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  for (const auto& k : kIntSettings) {
    put.BindAll(std::string_view(k.key), std::to_string(settings.*k.field)).Run();
  }
  put.BindAll(std::string_view("photos.dir"), settings.photo_dir).Run();
}

}  // namespace

Result<InventorySettings> LoadSettings(db::Database& db) {
  return internal::ReadTx<InventorySettings>(db, [&](db::Connection& c) { return LoadIn(c); });
}

Result<void> SaveSettings(db::Database& db, const InventorySettings& settings) {
  for (const auto& k : kIntSettings) {
    if (!InBounds(k, settings.*k.field)) {
      return Error::InvalidArgument(std::string("setting ") + k.key + " must be between " +
                                        std::to_string(k.min) + " and " + std::to_string(k.max),
                                    k.key);
    }
  }
  if (!CheckTermOrder(settings).ok())
    return Error::InvalidArgument("need 1 <= min term <= max term <= max total term",
                                  "loan.max_term_months");
  return internal::WriteTx<void>(db, [&](db::Connection& c) -> Result<void> {
    SaveIn(c, settings);
    return {};
  });
}

std::span<const SettingBound> SettingBounds() { return kBounds; }

Result<InventorySettings> SettingsService::Load() { return LoadSettings(db_); }

Result<InventorySettings> SettingsService::Change(const SettingsChange& change) {
  for (const auto& k : kIntSettings) {
    const auto& value = change.*k.change;
    if (value && !InBounds(k, *value)) {
      return Error::InvalidArgument(std::string(k.name) + " must be between " +
                                        std::to_string(k.min) + " and " + std::to_string(k.max),
                                    k.name);
    }
  }
  std::lock_guard lock(change_mu_);
  auto stored = internal::WriteTx<InventorySettings>(
      db_, [&](db::Connection& c) -> Result<InventorySettings> {
        auto settings = LoadIn(c);
        if (!settings.ok()) return settings;
        for (const auto& k : kIntSettings) {
          if (const auto& value = change.*k.change) (*settings).*k.field = static_cast<int>(*value);
        }
        if (auto order = CheckTermOrder(*settings); !order.ok()) return order.error();
        SaveIn(c, *settings);
        return settings;
      });
  if (stored.ok() && live_) {
    // Only what a change may name: the rest (the photo directory) stays as the server started.
    InventorySettings in_force = live_->Get();
    for (const auto& k : kIntSettings) in_force.*k.field = (*stored).*k.field;
    live_->Set(std::move(in_force));
  }
  return stored;
}

}  // namespace prokat::inventory
