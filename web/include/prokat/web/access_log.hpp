// The structured access log: one JSON line per request (time, method, path, status,
// milliseconds, user). The query string is never logged: it may hold a family's name or phone.
//
// Request lines are buffered in memory and written by a background thread at most
// `flush_interval` after they were logged (sooner when 64 KiB have gathered), so that a request
// costs no system call and no wait for the file. Events ("listening", "stopping", errors) are
// written at once, after the request lines logged before them. The destructor writes whatever
// is buffered: a clean stop loses no line; a crash (SIGKILL, abort) may lose the request lines
// of the last flush_interval. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "prokat/web/event_hub.hpp"

namespace prokat::web {

// What a handler tells the access log about a request beyond the request line.
struct RequestInfo {
  std::string remote_address;  // the client's IP address, filled by the server
  std::string user;            // login of the signed-in user, or empty; filled by the handler
  // For a WebSocket: the rental points its user sees, set by the upgrade check; the events of
  // other points are not sent to it (EventHub). std::nullopt: every event.
  std::optional<EventPoints> event_points;
};

class AccessLog {
 public:
  static constexpr std::chrono::milliseconds kDefaultFlushInterval{200};

  // Writes to stderr when path is empty, else appends to the file. Throws std::runtime_error
  // when the file cannot be opened.
  explicit AccessLog(const std::string& path = {},
                     std::chrono::milliseconds flush_interval = kDefaultFlushInterval);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Buffered: written within flush_interval.
  void Request(std::string_view method, std::string_view target, unsigned status,
               double milliseconds, std::string_view user);
  // A server event that is not a request ("listening", "stopping", an internal error); written
  // before this returns, together with the request lines still buffered.
  void Event(std::string_view event, std::string_view detail = {});
  // Writes the buffered lines now.
  void Flush();

 private:
  void RunFlusher();

  const std::chrono::milliseconds flush_interval_;
  std::mutex buffer_mutex_;
  std::condition_variable wake_;
  std::string buffer_;     // guarded by buffer_mutex_: lines not yet written
  bool stopping_ = false;  // guarded by buffer_mutex_
  std::mutex file_mutex_;  // taken before buffer_mutex_ when both are held
  std::string writing_;    // guarded by file_mutex_: the lines being written
  std::FILE* file_;        // guarded by file_mutex_
  bool owned_;
  std::thread flusher_;
};

}  // namespace prokat::web
