// LoginThrottle: counts failed sign-ins per account and per client address in a sliding
// window and refuses further attempts past a limit until the window has passed. In memory
// (a restart forgets the counts). Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "prokat/core/clock.hpp"

namespace prokat::web {

struct ThrottleOptions {
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds window{15 * 60};
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options = {})
      : clock_(clock), options_(options) {}

  // Zero when an attempt may be made now; otherwise how long to wait.
  std::chrono::seconds RetryAfter(const std::string& account, const std::string& address);
  void RecordFailure(const std::string& account, const std::string& address);
  void RecordSuccess(const std::string& account);

 private:
  using Times = std::deque<std::chrono::system_clock::time_point>;
  std::chrono::seconds Wait(Times& times, int limit);

  const Clock& clock_;
  ThrottleOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Times> by_account_;  // guarded by mutex_
  std::unordered_map<std::string, Times> by_address_;  // guarded by mutex_
};

}  // namespace prokat::web
