// Sign-in and sessions against the real server: fresh id at each sign-in, sign-out ends the
// session, idle expiry, forged and expired cookies refused, brute force throttled, cookie flags.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

class SessionTest : public ApiSuite<SessionTest> {};

TEST_F(SessionTest, CookieIsHttpOnlyStrictAndEachSignInGetsANewId) {
  ApiClient client(server->port());
  auto first = client.Login("staff", "staff-password");
  ASSERT_EQ(first.status, 201) << first.raw;
  std::string set_cookie(first.http[boost::beast::http::field::set_cookie]);
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);  // plain HTTP here
  const std::string old_cookie = client.cookie();
  EXPECT_EQ(first.body.at("user").at("role"), "staff");

  // Signing in again from the same browser: a new id, and the old one no longer works.
  auto second = client.Login("staff", "staff-password");
  ASSERT_EQ(second.status, 201);
  EXPECT_NE(client.cookie(), old_cookie);
  ApiClient stale(server->port());
  stale.set_cookie(old_cookie);
  EXPECT_EQ(stale.Get("/api/v1/session").status, 401);
  EXPECT_EQ(client.Get("/api/v1/session").status, 200);
}

TEST_F(SessionTest, SignOutEndsTheSession) {
  auto client = server->SignedIn("supervisor");
  const std::string cookie = client->cookie();
  EXPECT_EQ(client->Delete("/api/v1/session").status, 204);
  ApiClient replay(server->port());
  replay.set_cookie(cookie);
  auto res = replay.Get("/api/v1/session");
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.ErrorCode(), "no_session");
}

TEST_F(SessionTest, ForgedCookiesAreRefused) {
  ApiClient client(server->port());
  for (std::string cookie :
       {"prokat_session=" + std::string(64, '0'), std::string("prokat_session=short"),
        std::string("prokat_session="), std::string("other=1")}) {
    client.set_cookie(cookie);
    EXPECT_EQ(client.Get("/api/v1/session").status, 401) << cookie;
  }
}

TEST_F(SessionTest, WrongPasswordAndUnknownLoginGiveTheSameAnswer) {
  ApiClient client(server->port());
  auto wrong = client.Login("driver2", "not-the-password");
  auto unknown = client.Login("nobody-at-all", "not-the-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.raw, unknown.raw);
}

TEST_F(SessionTest, BruteForceIsThrottledPerAccount) {
  ApiClient client(server->port());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(client.Login("driver", "guess-" + std::to_string(i)).status, 401);
  auto blocked = client.Login("driver", "driver-password");  // even the right password waits now
  EXPECT_EQ(blocked.status, 429);
  EXPECT_EQ(blocked.ErrorCode(), "login_throttled");
  EXPECT_FALSE(blocked.http[boost::beast::http::field::retry_after].empty());
}

// Behind a proxy (--trust-proxy) the client address is X-Forwarded-For's: distinct addresses
// from one test. A stranger guessing from elsewhere does not lock the owner out at her desk;
// many strangers together slow the account down for everyone; every failure is logged with
// the address it came from.
TEST(SessionThrottle, IsPerAddressAndAccountWithASlowerLimitPerAccount) {
  ApiServer server(false, {"--trust-proxy"});
  auto login_from = [&](const std::string& address, const std::string& password) {
    ApiClient client(server.port());
    return client.Send(
        boost::beast::http::verb::post, "/api/v1/session",
        boost::json::serialize(boost::json::object{{"login", "driver"}, {"password", password}}),
        {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}});
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login_from("10.0.0.1", "guess").status, 401);
  auto stranger = login_from("10.0.0.1", "driver-password");
  EXPECT_EQ(stranger.status, 429);
  EXPECT_EQ(stranger.ErrorCode(), "login_throttled");
  EXPECT_EQ(login_from("10.0.0.2", "driver-password").status, 201);  // the owner, at her desk

  // 50 failures from ten addresses: the account waits, from every address.
  for (int a = 3; a < 12; ++a) {
    for (int i = 0; i < 5; ++i)
      EXPECT_EQ(login_from("10.0.0." + std::to_string(a), "guess").status, 401) << a;
  }
  EXPECT_EQ(login_from("10.0.0.2", "driver-password").status, 429);
  EXPECT_EQ(login_from("10.0.0.2", "guess").status, 429);
  const std::string& log = server.process().Stderr();
  EXPECT_NE(log.find("\"event\":\"sign_in_failed\",\"detail\":\"address=10.0.0.1 login=driver\""),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"event\":\"sign_in_throttled\",\"detail\":\"address=10.0.0.2 login=driver"),
            std::string::npos)
      << log;
}

TEST_F(SessionTest, IdleSessionExpires) {
  server->SetClock("2030-01-01T08:00:00Z");
  auto client = server->SignedIn("admin");
  server->SetClock("2030-01-01T15:59:00Z");
  EXPECT_EQ(client->Get("/api/v1/session").status, 200);  // 7 h 59 min idle: still alive
  server->SetClock("2030-01-02T00:00:00Z");               // 8 h 1 min after the last request
  auto res = client->Get("/api/v1/session");
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.ErrorCode(), "session_expired");
  server->SetClock("");
}

}  // namespace
}  // namespace prokat::testing
