// Runs the real `prokat` binary as a child process for integration tests, and finds the port
// it listens on from its "listening" log line.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace prokat::testing {

class ServerProcess {
 public:
  // Starts `binary args...` with stderr captured and waits (up to timeout_ms) for the
  // "listening" event. Throws std::runtime_error when the process exits or times out first.
  ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                int timeout_ms = 20000);
  // Kills the process (SIGKILL) if still running.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends `signal` and waits for the process; returns its exit status (128+N if killed by N),
  // or -1 when it did not exit within timeout_ms (it is then killed).
  int Stop(int signal, int timeout_ms = 20000);
  // Everything the process wrote to stderr so far (drains the pipe).
  const std::string& Stderr();

 private:
  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  unsigned short port_ = 0;
  std::string stderr_;
};

// The path of the prokat binary under test (set by CMake).
std::string ProkatBinary();

}  // namespace prokat::testing
