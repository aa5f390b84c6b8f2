// Maintenance: housekeeping on its own thread while the server serves. Every interval it
// releases waiting-list reservations that have lapsed (in the name of the first admin, who is
// in the audit log as the actor) and forgets sessions and idempotency answers older than
// `retention`. Failures are logged and retried at the next round. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app.hpp"
#include "prokat/web/access_log.hpp"

namespace prokat::web {

class Maintenance {
 public:
  Maintenance(Services& services, AccessLog& log, std::chrono::seconds interval,
              std::chrono::seconds retention = std::chrono::hours(24 * 30));
  // Stops the thread (returns within a round in progress).
  ~Maintenance();
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  void RunOnce();

 private:
  Services& services_;
  AccessLog& log_;
  const std::chrono::seconds interval_;
  const std::chrono::seconds retention_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace prokat::web
