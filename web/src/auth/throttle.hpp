// LoginThrottle: counts failed sign-ins in a sliding window and refuses further attempts past a
// limit until the window has passed. Three counts: per (client address, account), so that a
// stranger's wrong guesses do not lock the account's owner out from her own desk; per account
// from all addresses together, a much higher limit that slows a guess spread over many
// addresses; and per address, over all the accounts it tries. Every failure and every refusal
// is logged with the client address. In memory (a restart forgets the counts). Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "prokat/core/clock.hpp"
#include "prokat/web/access_log.hpp"

namespace prokat::web {

struct ThrottleOptions {
  int max_failures_per_address_and_account = 5;
  int max_failures_per_account = 50;  // from all addresses together
  int max_failures_per_address = 20;  // over all accounts
  std::chrono::seconds window{15 * 60};
};

class LoginThrottle {
 public:
  // `log`: where failures and refusals are logged ("sign_in_failed", "sign_in_throttled"
  // events); none when nullptr.
  LoginThrottle(const Clock& clock, ThrottleOptions options = {}, AccessLog* log = nullptr)
      : clock_(clock), options_(options), log_(log) {}

  // Zero when `address` may try to sign in as `account` now; otherwise how long to wait.
  std::chrono::seconds RetryAfter(const std::string& account, const std::string& address);
  void RecordFailure(const std::string& account, const std::string& address);
  // Forgets the failures of this address for this account (not the account's from elsewhere).
  void RecordSuccess(const std::string& account, const std::string& address);

 private:
  using Times = std::deque<std::chrono::system_clock::time_point>;
  using Counts = std::unordered_map<std::string, Times>;
  std::chrono::seconds Wait(Counts& counts, const std::string& key, int limit);
  static std::string PairKey(const std::string& account, const std::string& address) {
    return address + '\n' + account;
  }

  const Clock& clock_;
  ThrottleOptions options_;
  AccessLog* log_;
  std::mutex mutex_;
  Counts by_pair_;     // guarded by mutex_
  Counts by_account_;  // guarded by mutex_
  Counts by_address_;  // guarded by mutex_
};

}  // namespace prokat::web
