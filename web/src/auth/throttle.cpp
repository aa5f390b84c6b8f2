#include "auth/throttle.hpp"

#include <algorithm>

namespace prokat::web {

std::chrono::seconds LoginThrottle::Wait(Times& times, int limit) {
  const auto now = clock_.Now();
  while (!times.empty() && times.front() + options_.window <= now) times.pop_front();
  if (static_cast<int>(times.size()) < limit) return std::chrono::seconds(0);
  auto wait = std::chrono::ceil<std::chrono::seconds>(times.front() + options_.window - now);
  return std::max(wait, std::chrono::seconds(1));
}

std::chrono::seconds LoginThrottle::RetryAfter(const std::string& account,
                                               const std::string& address) {
  std::lock_guard lock(mutex_);
  return std::max(Wait(by_account_[account], options_.max_failures_per_account),
                  Wait(by_address_[address], options_.max_failures_per_address));
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.Now();
  // Keep memory bounded when many different names or addresses are tried.
  for (auto* map : {&by_account_, &by_address_}) {
    if (map->size() < 10000) continue;
    std::erase_if(*map, [&](auto& entry) {
      return entry.second.empty() || entry.second.back() + options_.window <= now;
    });
  }
  by_account_[account].push_back(now);
  by_address_[address].push_back(now);
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mutex_);
  by_account_.erase(account);
}

}  // namespace prokat::web
