// Integration-test helpers for the JSON API: the real prokat binary on a real database file
// with one user per role, and a client that signs in and sends JSON with the session cookie,
// the CSRF token and optional Idempotency-Key.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <string>

#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"

namespace prokat::testing {

struct ApiResponse {
  int status = 0;
  boost::json::value body;  // null when the body is empty or not JSON
  std::string raw;
  HttpResponse http;
  // body["error"]["code"], or "" when the body is not an error.
  std::string ErrorCode() const;
};

class ApiClient {
 public:
  explicit ApiClient(unsigned short port) : http_("127.0.0.1", port) {}

  // Signs in; returns the response (201 on success) and keeps the cookie and CSRF token.
  ApiResponse Login(const std::string& login, const std::string& password);

  ApiResponse Get(const std::string& target);
  ApiResponse Post(const std::string& target,
                   const boost::json::value& body = boost::json::object{},
                   const std::map<std::string, std::string>& headers = {});
  ApiResponse Patch(const std::string& target, const boost::json::value& body);
  ApiResponse Put(const std::string& target, const boost::json::value& body);
  ApiResponse Delete(const std::string& target);
  // Any request with a raw body and explicit headers (cookie and CSRF are added when known).
  ApiResponse Send(boost::beast::http::verb method, const std::string& target,
                   const std::string& body, std::map<std::string, std::string> headers);

  const std::string& csrf_token() const { return csrf_; }
  void set_csrf_token(std::string token) { csrf_ = std::move(token); }
  const std::string& cookie() const { return cookie_; }
  void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }

 private:
  HttpClient http_;
  std::string cookie_;  // "prokat_session=..."
  std::string csrf_;
};

// The demo database's "today" (ApiServer(true)); its clock runs on from this moment.
inline constexpr const char* kDemoToday = "2026-11-20T09:00:00Z";

// A prokat server over a fresh database in a temporary directory. Users, password = login +
// "-password": admin, staff, driver, driver2, supervisor (all at point 1, "Тестовый пункт").
// With `demo` the database is made by `prokat demo-data` instead (passwords "prokat-" + login).
class ApiServer {
 public:
  explicit ApiServer(bool demo = false, std::vector<std::string> extra_args = {});

  unsigned short port() const { return process_->port(); }
  ServerProcess& process() { return *process_; }
  const std::string& db_path() const { return db_; }
  const TempDir& dir() const { return dir_; }
  // A new client signed in as `login` (fails the test if sign-in does not answer 201).
  std::unique_ptr<ApiClient> SignedIn(const std::string& login);
  std::unique_ptr<ApiClient> Anonymous() { return std::make_unique<ApiClient>(port()); }
  // Sets the server's clock (see `prokat serve --clock-file`): "2026-12-01T10:00:00Z" is now,
  // and the clock runs on from there. An empty string returns to the system clock.
  void SetClock(const std::string& iso_time);

 private:
  TempDir dir_;
  std::string db_;
  bool demo_;
  std::unique_ptr<ServerProcess> process_;
};

// Writes the end of the server's stderr to std::cerr: after a failure, a crash or an error
// logged by the server shows there rather than in the client.
void PrintServerLogTail(ApiServer& server);

// A test suite sharing one server, started once for the suite (each start costs seconds under
// ASan): `class MyTest : public ApiSuite<MyTest> {};` and `server` in the tests. A suite on the
// demo database declares `static constexpr bool kDemo = true;`.
template <typename Suite>
class ApiSuite : public ::testing::Test {
 protected:
  static constexpr bool kDemo = false;
  static void SetUpTestSuite() { server = new ApiServer(Suite::kDemo); }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  void TearDown() override {
    if (HasFailure()) PrintServerLogTail(*server);
  }
  static inline ApiServer* server = nullptr;
};

}  // namespace prokat::testing
