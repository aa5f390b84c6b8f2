#include "maintenance.hpp"

namespace prokat::web {

Maintenance::Maintenance(Services& services, AccessLog& log, std::chrono::seconds interval,
                         std::chrono::seconds retention)
    : services_(services), log_(log), interval_(interval), retention_(retention) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      RunOnce();
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

Maintenance::~Maintenance() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Maintenance::RunOnce() {
  auto admins = services_.users.ListUsers({.role = inventory::Role::kAdmin}, {.limit = 1});
  if (admins.ok() && !admins->items.empty()) {
    auto lapsed =
        services_.applications.LapseReservations({admins->items[0].id, inventory::Role::kAdmin});
    if (!lapsed.ok()) {
      log_.Event("maintenance_error", "lapsing reservations: " + lapsed.error().message);
    } else if (*lapsed > 0) {
      log_.Event("reservations_lapsed", std::to_string(*lapsed));
    }
  }
  auto purged = services_.accounts.Purge(retention_);
  if (!purged.ok()) log_.Event("maintenance_error", "purging sessions: " + purged.error().message);
}

}  // namespace prokat::web
