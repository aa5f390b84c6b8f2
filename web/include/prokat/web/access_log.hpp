// The structured access log: one JSON line per request (time, method, path, status,
// milliseconds, user). The query string is never logged: it may hold a family's name or phone.
// Thread-safe.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace prokat::web {

// What a handler tells the access log about a request beyond the request line.
struct RequestInfo {
  std::string remote_address;  // the client's IP address, filled by the server
  std::string user;            // login of the signed-in user, or empty; filled by the handler
};

class AccessLog {
 public:
  // Writes to stderr when path is empty, else appends to the file. Throws std::runtime_error
  // when the file cannot be opened.
  explicit AccessLog(const std::string& path = {});
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Request(std::string_view method, std::string_view target, unsigned status, double milliseconds,
               std::string_view user);
  // A server event that is not a request ("listening", "stopping", an internal error).
  void Event(std::string_view event, std::string_view detail = {});

 private:
  void WriteLine(const std::string& line);

  std::mutex mutex_;
  std::FILE* file_;  // guarded by mutex_
  bool owned_;
};

}  // namespace prokat::web
