#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

namespace prokat::testing {

std::string ProkatBinary() { return PROKAT_BINARY; }

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                             int timeout_ms) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Die with the test: a test that aborts must not leave a server holding ctest's pipes.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(fds[1], 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  stderr_fd_ = fds[0];
  ::fcntl(stderr_fd_, F_SETFL, O_NONBLOCK);
  // The pipe is drained only when Stderr() is called: with the default 64 KiB a test that makes
  // a thousand requests without looking (the role table test) blocks the server's access log.
  ::fcntl(stderr_fd_, F_SETPIPE_SZ, 1 << 20);

  const std::regex listening(R"re("event":"listening","detail":"https?://[^"]*:(\d+)")re");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string& err = Stderr();
    if (std::regex_search(err, m, listening)) {
      port_ = static_cast<unsigned short>(std::stoi(m[1]));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("prokat exited before listening; stderr:\n" + Stderr());
    }
    pollfd p{stderr_fd_, POLLIN, 0};
    ::poll(&p, 1, 50);
  }
  throw std::runtime_error("prokat did not start listening in time; stderr:\n" + Stderr());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (stderr_fd_ >= 0) ::close(stderr_fd_);
}

const std::string& ServerProcess::Stderr() {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(stderr_fd_, buf, sizeof buf);
    if (n <= 0) break;
    stderr_.append(buf, static_cast<std::size_t>(n));
  }
  return stderr_;
}

int ServerProcess::Stop(int signal, int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      Stderr();
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    Stderr();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

}  // namespace prokat::testing
