// The settings in force while the server runs. One LiveSettings is shared by the services of an
// Inventory; SettingsService::Change replaces its value after the change is stored, so the
// next call of any service sees it without a restart. A service reads it once per call
// (SettingsRef::Get) and passes that copy down, so one call never mixes two sets of settings.
//
// Thread-safe: Get and Set may race from any thread.
#pragma once

#include <memory>
#include <mutex>

#include "prokat/inventory/types.hpp"

namespace prokat::inventory {

class LiveSettings {
 public:
  explicit LiveSettings(InventorySettings initial) : current_(std::move(initial)) {}
  LiveSettings(const LiveSettings&) = delete;
  LiveSettings& operator=(const LiveSettings&) = delete;

  InventorySettings Get() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  void Set(InventorySettings settings) {
    std::lock_guard lock(mu_);
    current_ = std::move(settings);
  }

 private:
  mutable std::mutex mu_;
  InventorySettings current_;  // guarded by mu_
};

// What a service is built with: the shared LiveSettings of an Inventory, or fixed settings
// (a service built alone, as in tests and tools, gets a holder nobody else changes).
class SettingsRef {
 public:
  // Implicit: a service built from plain settings keeps them.
  SettingsRef(const InventorySettings& fixed)  // NOLINT(google-explicit-constructor)
      : live_(std::make_shared<LiveSettings>(fixed)) {}
  SettingsRef(std::shared_ptr<LiveSettings> live)  // NOLINT(google-explicit-constructor)
      : live_(std::move(live)) {}

  // The settings in force now; a copy, read once per call.
  InventorySettings Get() const { return live_->Get(); }

 private:
  std::shared_ptr<LiveSettings> live_;
};

}  // namespace prokat::inventory
