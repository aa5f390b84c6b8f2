// The route table's roles (web/src/routes/route_table.cpp), route by route, for every role and
// for a signed-out client, against the real server: a role outside a route's row gets 403, a
// signed-out client 401, a role inside it never 401/403; every mutation needs the CSRF token.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <regex>

#include "api_client.hpp"
#include "routes/route_table.hpp"

namespace prokat::testing {
namespace {

namespace http = boost::beast::http;
using inventory::Role;

class RolesTest : public ApiSuite<RolesTest> {};

std::string Concrete(std::string_view pattern) {
  return std::regex_replace(std::string(pattern), std::regex(R"(\{[a-z_]+\})"), "1");
}

bool IsMutating(http::verb m) { return m != http::verb::get; }

TEST_F(RolesTest, EveryRouteForEveryRoleAndSignedOut) {
  const std::pair<Role, const char*> users[] = {{Role::kStaff, "staff"},
                                                {Role::kDriver, "driver"},
                                                {Role::kSupervisor, "supervisor"},
                                                {Role::kAdmin, "admin"}};
  std::map<Role, std::unique_ptr<ApiClient>> clients;
  for (auto [role, login] : users) clients[role] = server->SignedIn(login);
  auto anonymous = server->Anonymous();

  int checked = 0;
  for (const web::RouteRule& rule : web::RouteTable()) {
    if (rule.method == http::verb::delete_ && rule.pattern == "/api/v1/session")
      continue;  // would sign out
    const std::string target = Concrete(rule.pattern);
    const std::string what = std::string(http::to_string(rule.method)) + " " + target;
    const std::string body = IsMutating(rule.method) ? "{}" : "";
    std::map<std::string, std::string> json{{"Content-Type", "application/json"}};
    if (!IsMutating(rule.method)) json.clear();

    auto signed_out = anonymous->Send(rule.method, target, body, json);
    if (rule.is_public) {
      EXPECT_NE(signed_out.status, 401) << what;
      EXPECT_NE(signed_out.status, 403) << what;
    } else {
      EXPECT_EQ(signed_out.status, 401) << what << ": " << signed_out.raw;
    }
    for (auto& [role, client] : clients) {
      const std::string who = what + " as " + std::string(inventory::ToString(role));
      auto res = client->Send(rule.method, target, body, json);
      if (rule.is_public || rule.roles.Contains(role)) {
        EXPECT_NE(res.status, 401) << who << ": " << res.raw;
        EXPECT_NE(res.status, 403) << who << ": " << res.raw;
        if (!rule.is_public && IsMutating(rule.method)) {
          auto headers = json;
          headers["X-CSRF-Token"] = "wrong";
          auto forged = client->Send(rule.method, target, body, headers);
          EXPECT_EQ(forged.status, 403) << who << " with a wrong CSRF token";
          EXPECT_EQ(forged.ErrorCode(), "csrf_token_invalid") << who;
        }
      } else {
        EXPECT_EQ(res.status, 403) << who << ": " << res.raw;
        EXPECT_EQ(res.ErrorCode(), "forbidden_for_role") << who;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 200);
}

TEST_F(RolesTest, StaffCannotManageUsersAndDriverCannotReadFamilies) {
  auto staff = server->SignedIn("staff");
  auto created =
      staff->Post("/api/v1/users", boost::json::object{{"login", "intruder"},
                                                       {"display_name", "X"},
                                                       {"role", "admin"},
                                                       {"password", "long-enough-password"}});
  EXPECT_EQ(created.status, 403);
  auto admin = server->SignedIn("admin");
  auto users = admin->Get("/api/v1/users");
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(boost::json::serialize(users.body).find("intruder"), std::string::npos);

  auto driver = server->SignedIn("driver");
  EXPECT_EQ(driver->Get("/api/v1/families").status, 403);
  EXPECT_EQ(driver->Get("/api/v1/families/1").status, 403);
  EXPECT_EQ(driver->Get("/api/v1/agreements/1").status, 403);
}

}  // namespace
}  // namespace prokat::testing
