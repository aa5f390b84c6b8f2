// The real prokat binary under hostile clients: a body is read only for a caller who may send
// it and while the server's body budget has room; connections past the limit, past the limit
// of one address, or trickling their header are answered or closed without holding the server;
// a health check still gets through a flood of slow connections; a WebSocket from another
// site's page is refused and an open one counts as a connection.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api_client.hpp"
#include "event_client.hpp"

namespace prokat::testing {
namespace {

using namespace std::chrono_literals;

// A plain TCP connection to the server, for requests no HTTP client library would send: a header
// without its body, a header a byte at a time.
class RawConnection {
 public:
  explicit RawConnection(unsigned short port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("cannot connect to the server");
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False when the server has closed the connection.
  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // What the server sends within `timeout`, up to the end of the first response (its header and
  // Content-Length bytes of body) or until it closes; "" when nothing came.
  std::string Response(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string reply;
    while (!Complete(reply)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      reply.append(buffer, static_cast<std::size_t>(n));
    }
    return reply;
  }

  // Whether the server closes the connection within `timeout` (reading and dropping what it
  // sends meanwhile).
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buffer[4096];
      if (::recv(fd_, buffer, sizeof buffer, 0) <= 0) return true;
    }
  }

 private:
  static bool Complete(const std::string& reply) {
    const auto end = reply.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto at = reply.find("Content-Length: ");
    if (at == std::string::npos || at > end) return true;
    const std::size_t length = std::stoul(reply.substr(at + 16));
    return reply.size() >= end + 4 + length;
  }

  int fd_;
};

bool StartsWith(const std::string& reply, std::string_view status_line) {
  return reply.rfind(status_line, 0) == 0;
}

// The header of a request announcing `length` bytes of body, without the body.
std::string HeaderOnly(const std::string& method, const std::string& target, std::size_t length,
                       const std::string& extra = {}) {
  return method + " " + target +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(length) + "\r\n" + extra + "\r\n";
}

std::string Authenticated(const ApiClient& client) {
  return "Cookie: " + client.cookie() + "\r\nX-CSRF-Token: " + client.csrf_token() + "\r\n";
}

class ServerLimits : public ::testing::Test {
 protected:
  void TearDown() override {
    if (HasFailure() && server) PrintServerLogTail(*server);
  }
  void Start(std::vector<std::string> args) {
    server = std::make_unique<ApiServer>(false, std::move(args));
  }
  unsigned short port() const { return server->port(); }
  std::unique_ptr<ApiServer> server;
};

// Each refusal arrives although not one byte of the announced body was sent.
TEST_F(ServerLimits, ABodyIsNotReadFromACallerWhoMayNotSendIt) {
  Start({});
  auto refused = [&](const std::string& request) {
    RawConnection c(port());
    EXPECT_TRUE(c.Send(request));
    return c.Response(5s);
  };
  // Signed out, to a route that needs a session: the 5 MB photo is not waited for.
  std::string reply = refused(HeaderOnly("POST", "/api/v1/scan/decode", 5'000'000));
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 401")) << reply;
  EXPECT_NE(reply.find("\"no_session\""), std::string::npos) << reply;
  reply = refused(HeaderOnly("POST", "/api/v1/scan/decode", 5'000'000,
                             "Cookie: prokat_session=" + std::string(64, 'a') + "\r\n"));
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 401")) << reply;
  // No such route, not this method, no body taken.
  reply = refused(HeaderOnly("POST", "/api/v1/no-such-thing", 1000));
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 404")) << reply;
  reply = refused(HeaderOnly("PUT", "/api/v1/session", 1000));
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 405")) << reply;
  reply = refused(HeaderOnly("DELETE", "/api/v1/session", 1000));
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 413")) << reply;
  EXPECT_NE(reply.find("\"body_not_allowed\""), std::string::npos) << reply;
  // Signed in, but a role the route does not allow, or without the CSRF token.
  auto driver = server->SignedIn("driver");
  reply = refused(HeaderOnly("POST", "/api/v1/users", 1000, Authenticated(*driver)));
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 403")) << reply;
  EXPECT_NE(reply.find("\"forbidden_for_role\""), std::string::npos) << reply;
  auto staff = server->SignedIn("staff");
  reply =
      refused(HeaderOnly("POST", "/api/v1/families", 1000, "Cookie: " + staff->cookie() + "\r\n"));
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 403")) << reply;
  EXPECT_NE(reply.find("\"csrf_token_invalid\""), std::string::npos) << reply;
  // Whoever may send it still does.
  auto family = staff->Post("/api/v1/families", boost::json::object{{"representative", "Иванова"},
                                                                    {"phone", "+7 900 000-00-01"},
                                                                    {"address", "ул. Мира, 1"},
                                                                    {"consent_on", "2026-11-01"}});
  EXPECT_EQ(family.status, 201) << family.raw;
}

TEST_F(ServerLimits, ABodyPastTheServersBudgetGets503BeforeItIsRead) {
  Start({"--max-body-memory", "1"});
  auto staff = server->SignedIn("staff");
  const std::string header = HeaderOnly("POST", "/api/v1/families", 800'000, Authenticated(*staff));
  RawConnection first(port());
  ASSERT_TRUE(first.Send(header + "{\"representative\": \""));
  std::this_thread::sleep_for(2s);  // the first has taken its share of the budget
  RawConnection second(port());
  ASSERT_TRUE(second.Send(header));
  const std::string reply = second.Response(5s);
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 503")) << reply;
  EXPECT_NE(reply.find("\"body_budget_full\""), std::string::npos) << reply;
  EXPECT_NE(reply.find("Retry-After: "), std::string::npos) << reply;
  // The first one's body is read to its end, then its share is free again.
  ASSERT_TRUE(first.Send(std::string(800'000 - 20, 'a')));
  EXPECT_TRUE(StartsWith(first.Response(10s), "HTTP/1.1 400"));
  RawConnection third(port());
  ASSERT_TRUE(third.Send(header + std::string(800'000, ' ')));
  EXPECT_TRUE(StartsWith(third.Response(10s), "HTTP/1.1 400"));
}

TEST_F(ServerLimits, AConnectionPastTheLimitGets503WithoutItsBodyBeingRead) {
  Start({"--max-connections", "3", "--max-connections-per-address", "100"});
  // The set-up's connection (users made by the admin) has closed; its slot is free once the
  // server has noticed.
  std::this_thread::sleep_for(1s);
  // Three connections in the middle of a body: busy, none of them can be shed.
  std::vector<std::unique_ptr<RawConnection>> busy;
  for (int i = 0; i < 3; ++i) {
    busy.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(busy.back()->Send(HeaderOnly("POST", "/api/v1/session", 1000) + "{\"lo"));
  }
  // Time for the server to read their headers (a busy machine may take a while), after which
  // none of them waits for a header any more.
  std::this_thread::sleep_for(2s);
  for (auto& c : busy) ASSERT_EQ(c->Response(50ms), "") << "a busy connection was refused";
  RawConnection over(port());
  ASSERT_TRUE(over.Send(HeaderOnly("POST", "/api/v1/session", 1'000'000)));
  const std::string reply = over.Response(5s);
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 503")) << reply;
  EXPECT_NE(reply.find("\"over_capacity\""), std::string::npos) << reply;
  EXPECT_NE(reply.find("Retry-After: "), std::string::npos) << reply;
}

TEST_F(ServerLimits, AFloodOfSlowHeadersDoesNotKeepAHealthCheckOut) {
  Start({"--max-connections", "40", "--max-connections-per-address", "1000"});
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 60; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port()));
    slow.back()->Send("GET /healthz HTTP/1.1\r\nHo");
  }
  std::this_thread::sleep_for(500ms);
  for (auto& c : slow) c->Send("s");  // still trickling
  RawConnection health(port());
  ASSERT_TRUE(health.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  const std::string reply = health.Response(5s);
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 200")) << reply;
  EXPECT_NE(server->process().Stderr().find("\"event\":\"connections_shed\""), std::string::npos);
}

TEST_F(ServerLimits, AHeaderTrickledByteByByteIsCutOffAtTheHeaderTimeout) {
  Start({"--header-timeout", "2"});
  RawConnection slow(port());
  ASSERT_TRUE(slow.Send("GET /healthz HTTP/1.1\r\n"));
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() - started < 8s) {
    closed = !slow.Send("X") || slow.ClosedWithin(500ms);
  }
  EXPECT_TRUE(closed) << "a header sent a byte every half second was still being read";
}

TEST_F(ServerLimits, ConnectionsFromOneAddressAreCapped) {
  Start({"--max-connections-per-address", "3"});
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 3; ++i) open.push_back(std::make_unique<RawConnection>(port()));
  std::this_thread::sleep_for(300ms);
  RawConnection fourth(port());
  ASSERT_TRUE(fourth.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  const std::string reply = fourth.Response(5s);
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 429")) << reply;
  EXPECT_NE(reply.find("\"too_many_connections\""), std::string::npos) << reply;
  open.pop_back();
  std::string later;
  for (int attempt = 0; attempt < 20 && !StartsWith(later, "HTTP/1.1 200"); ++attempt) {
    std::this_thread::sleep_for(100ms);
    RawConnection again(port());
    again.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    later = again.Response(5s);
  }
  EXPECT_TRUE(StartsWith(later, "HTTP/1.1 200")) << later;
}

std::string Upgrade(unsigned short port, const std::string& cookie, const std::string& origin) {
  return "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
         "Cookie: " +
         cookie + "\r\n" + (origin.empty() ? "" : "Origin: " + origin + "\r\n") + "\r\n";
}

TEST_F(ServerLimits, AWebSocketFromAnotherSitesPageIsRefused) {
  Start({});
  auto staff = server->SignedIn("staff");
  RawConnection foreign(port());
  ASSERT_TRUE(foreign.Send(Upgrade(port(), staff->cookie(), "http://evil.example")));
  std::string reply = foreign.Response(5s);
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 403")) << reply;
  EXPECT_NE(reply.find("\"origin_not_allowed\""), std::string::npos) << reply;
  RawConnection sandboxed(port());
  ASSERT_TRUE(sandboxed.Send(Upgrade(port(), staff->cookie(), "null")));
  EXPECT_TRUE(StartsWith(sandboxed.Response(5s), "HTTP/1.1 403"));
  // The server's own pages, and clients that are not browsers (no Origin).
  RawConnection own(port());
  ASSERT_TRUE(
      own.Send(Upgrade(port(), staff->cookie(), "http://127.0.0.1:" + std::to_string(port()))));
  reply = own.Response(5s);
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 101")) << reply;
  RawConnection tool(port());
  ASSERT_TRUE(tool.Send(Upgrade(port(), staff->cookie(), "")));
  EXPECT_TRUE(StartsWith(tool.Response(5s), "HTTP/1.1 101"));
}

// The sign-in's own connection keeps its slot until the server has seen it closed, which on a
// loaded machine may be after the next connection arrives: a declined handshake is tried again.
std::unique_ptr<EventClient> OpenEvents(unsigned short port, const std::string& cookie) {
  for (int attempt = 1;; ++attempt) {
    try {
      return std::make_unique<EventClient>(port, cookie);
    } catch (const std::exception&) {
      if (attempt == 30) throw;
      std::this_thread::sleep_for(100ms);
    }
  }
}

TEST_F(ServerLimits, OpenWebSocketsCountAgainstTheConnectionLimit) {
  Start({"--max-connections", "2"});
  const std::string cookie = server->SignedIn("staff")->cookie();
  auto first = OpenEvents(port(), cookie);
  auto second = OpenEvents(port(), cookie);
  RawConnection over(port());
  ASSERT_TRUE(over.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  const std::string reply = over.Response(5s);
  EXPECT_TRUE(StartsWith(reply, "HTTP/1.1 503")) << reply;
  first.reset();
  std::string later;
  for (int attempt = 0; attempt < 20 && !StartsWith(later, "HTTP/1.1 200"); ++attempt) {
    std::this_thread::sleep_for(100ms);
    RawConnection again(port());
    again.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    later = again.Response(5s);
  }
  EXPECT_TRUE(StartsWith(later, "HTTP/1.1 200")) << later;
}

}  // namespace
}  // namespace prokat::testing
