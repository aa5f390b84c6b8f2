#include "auth/throttle.hpp"

#include <algorithm>

namespace prokat::web {

namespace {

std::string Detail(const std::string& account, const std::string& address) {
  return "address=" + address + " login=" + account.substr(0, 64);
}

}  // namespace

std::chrono::seconds LoginThrottle::Wait(Counts& counts, const std::string& key, int limit) {
  auto found = counts.find(key);
  if (found == counts.end()) return std::chrono::seconds(0);
  Times& times = found->second;
  const auto now = clock_.Now();
  while (!times.empty() && times.front() + options_.window <= now) times.pop_front();
  if (static_cast<int>(times.size()) < limit) return std::chrono::seconds(0);
  auto wait = std::chrono::ceil<std::chrono::seconds>(times.front() + options_.window - now);
  return std::max(wait, std::chrono::seconds(1));
}

std::chrono::seconds LoginThrottle::RetryAfter(const std::string& account,
                                               const std::string& address) {
  std::chrono::seconds wait;
  {
    std::lock_guard lock(mutex_);
    wait = std::max(
        {Wait(by_pair_, PairKey(account, address), options_.max_failures_per_address_and_account),
         Wait(by_account_, account, options_.max_failures_per_account),
         Wait(by_address_, address, options_.max_failures_per_address)});
  }
  if (wait.count() > 0 && log_)
    log_->Event("sign_in_throttled",
                Detail(account, address) + " retry_after=" + std::to_string(wait.count()));
  return wait;
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address) {
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.Now();
    // Keep memory bounded when many different names or addresses are tried.
    for (auto* map : {&by_pair_, &by_account_, &by_address_}) {
      if (map->size() < 10000) continue;
      std::erase_if(*map, [&](auto& entry) {
        return entry.second.empty() || entry.second.back() + options_.window <= now;
      });
    }
    by_pair_[PairKey(account, address)].push_back(now);
    by_account_[account].push_back(now);
    by_address_[address].push_back(now);
  }
  if (log_) log_->Event("sign_in_failed", Detail(account, address));
}

void LoginThrottle::RecordSuccess(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  by_pair_.erase(PairKey(account, address));
}

}  // namespace prokat::web
