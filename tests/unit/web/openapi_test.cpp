// The OpenAPI document served at /api/v1/openapi.json describes exactly the routes the server
// has, with the roles, body kinds and body limits of the route table. When this fails after a
// route change, run scripts/gen-openapi.py.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <regex>
#include <set>

#include "app.hpp"
#include "static_files.hpp"
#include "temp_dir.hpp"

namespace prokat::web {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApi, DescribesExactlyTheRoutesWithTheirRolesAndBodies) {
  const EmbeddedFile* file = FindEmbeddedFile("/openapi.json");
  ASSERT_NE(file, nullptr) << "web/ui/openapi.json is missing: run scripts/gen-openapi.py";
  auto doc = boost::json::parse(file->content).as_object();
  EXPECT_TRUE(std::string_view(doc.at("openapi").as_string()).starts_with("3."));

  prokat::testing::TempDir dir;
  db::Database database(db::DatabaseOptions{.path = dir.File("o.db")});
  SystemClock clock;
  EventHub events;
  App app(database, clock, {}, AppOptions{}, events);

  std::set<std::pair<std::string, std::string>> routes, described;
  std::size_t checked_bodies = 0;
  for (const auto& r : app.router().routes())
    routes.emplace(Lower(http::to_string(r.method)), r.pattern);
  for (const auto& [path, operations] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : operations.as_object()) {
      described.emplace(std::string(method), std::string(path));
      const std::string what = std::string(method) + " " + std::string(path);
      // Every path parameter is declared.
      std::set<std::string> declared;
      for (const auto& p : op.at("parameters").as_array()) {
        if (p.as_object().contains("in") && p.at("in") == "path")
          declared.insert(std::string(p.at("name").as_string()));
      }
      const std::string path_text(path);
      std::regex param(R"(\{(\w+)\})");
      for (auto it = std::sregex_iterator(path_text.begin(), path_text.end(), param);
           it != std::sregex_iterator(); ++it) {
        EXPECT_TRUE(declared.count((*it)[1])) << what << " does not declare {" << (*it)[1] << "}";
      }
      // The roles match the route table.
      std::string upper(method);
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const RouteRule* rule = FindRouteRule(http::string_to_verb(upper), path_text);
      ASSERT_NE(rule, nullptr) << what << " is described but has no row in the route table";
      std::set<std::string> roles;
      for (const auto& r : op.at("x-roles").as_array()) roles.insert(std::string(r.as_string()));
      if (rule->is_public) {
        EXPECT_EQ(roles, std::set<std::string>{"public"}) << what;
      } else {
        for (auto role : {inventory::Role::kStaff, inventory::Role::kDriver,
                          inventory::Role::kSupervisor, inventory::Role::kAdmin}) {
          EXPECT_EQ(rule->roles.Contains(role),
                    roles.count(std::string(inventory::ToString(role))) == 1)
              << what << " role " << inventory::ToString(role);
        }
      }
      // The request body: its media types by body kind, its limit the row's.
      const auto& operation = op.as_object();
      if (rule->body.kind == BodyKind::kNone) {
        EXPECT_FALSE(operation.contains("requestBody")) << what;
      } else {
        ASSERT_TRUE(operation.contains("requestBody")) << what;
        const auto& body = operation.at("requestBody").as_object();
        std::set<std::string> types;
        for (const auto& [type, _] : body.at("content").as_object()) types.emplace(type);
        const std::set<std::string> expected =
            rule->body.kind == BodyKind::kJson ? std::set<std::string>{"application/json"}
                                               : std::set<std::string>{"image/jpeg", "image/png"};
        EXPECT_EQ(types, expected) << what;
        ASSERT_TRUE(body.contains("x-max-body-bytes")) << what;
        EXPECT_EQ(body.at("x-max-body-bytes").to_number<std::uint64_t>(), rule->body.limit) << what;
      }
      ++checked_bodies;
    }
  }
  EXPECT_EQ(checked_bodies, routes.size());
  for (const auto& r : routes)
    EXPECT_TRUE(described.count(r)) << r.first << " " << r.second << " is not described";
  for (const auto& d : described)
    EXPECT_TRUE(routes.count(d)) << d.first << " " << d.second << " is described but absent";
}

}  // namespace
}  // namespace prokat::web
