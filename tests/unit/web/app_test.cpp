// The application's pipeline over real TCP: embedded static files, the route table's
// completeness and the body limits it gives the server, and the pieces of the pipeline every
// route shares.
#include "app.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>
#include <stdexcept>
#include <thread>

#include "http_client.hpp"
#include "prokat/web/server.hpp"
#include "static_files.hpp"
#include "temp_dir.hpp"

namespace prokat::web {
namespace {

using prokat::testing::HttpClient;

class AppTest : public ::testing::Test {
 protected:
  AppTest()
      : database(db::DatabaseOptions{.path = dir.File("app.db")}),
        app(database, clock, {}, AppOptions{.version = "test"}, events),
        server(
            {.port = 0,
             .admit = [this](const Request& r, const RequestInfo& i) { return app.Admit(r, i); },
             .handle_signals = false},
            [this](const Request& r, RequestInfo& i) { return app.Handle(r, i); }, log, nullptr, {},
            [this](const Request& r, RequestInfo& i) { return app.HandleQuick(r, i); }) {
    thread = std::thread([this] { server.Run(); });
  }
  ~AppTest() override {
    server.Stop();
    thread.join();
  }

  prokat::testing::TempDir dir;
  db::Database database;
  SystemClock clock;
  EventHub events;
  App app;
  AccessLog log{"/dev/null"};
  Server server;
  std::thread thread;
};

TEST_F(AppTest, EveryRowOfTheRouteTableHasARouteAndEveryRouteARow) {
  std::set<std::pair<std::string, std::string>> routes, rows;
  for (const auto& r : app.router().routes()) routes.emplace(http::to_string(r.method), r.pattern);
  for (const auto& rule : RouteTable()) rows.emplace(http::to_string(rule.method), rule.pattern);
  for (const auto& row : rows)
    EXPECT_TRUE(routes.count(row)) << row.first << " " << row.second << " has no route";
  EXPECT_EQ(routes.size(), app.router().routes().size()) << "a route is registered twice";
  for (const auto& r : app.router().routes()) {
    EXPECT_EQ(r.rule, FindRouteRule(r.method, r.pattern)) << r.pattern;
  }
}

TEST_F(AppTest, RouterRefusesARouteWithoutARow) {
  Router router;
  EXPECT_THROW(router.Add(http::verb::delete_, "/api/v1/items/{id}/photos", {}), std::logic_error);
  EXPECT_THROW(router.Add(http::verb::get, "/api/v1/nothing", {}), std::logic_error);
  EXPECT_NO_THROW(router.Add(http::verb::get, "/api/v1/items/{id}/photos", {}));
}

// The server's limit for a request comes from the row of the route its method and target reach.
TEST_F(AppTest, BodyLimitIsTheRouteRowsLimit) {
  for (const RouteRule& rule : RouteTable()) {
    std::string target(rule.pattern);
    for (std::size_t open; (open = target.find('{')) != std::string::npos;)
      target.replace(open, target.find('}', open) - open + 1, "7");
    EXPECT_EQ(app.BodyLimit(rule.method, target + "?x=1"), rule.body.limit) << target;
  }
  EXPECT_EQ(app.BodyLimit(http::verb::post, "/api/v1/agreements/7/photos"), kMaxPhotoBytes);
  EXPECT_EQ(app.BodyLimit(http::verb::post, "/api/v1/agreements/7/%70hotos"), kMaxPhotoBytes);
  EXPECT_EQ(app.BodyLimit(http::verb::post, "/api/v1/items"), 1024u * 1024);
  // No body expected, no route, no valid target: the server's default.
  EXPECT_EQ(app.BodyLimit(http::verb::get, "/api/v1/agreements/7/photos"), std::nullopt);
  EXPECT_EQ(app.BodyLimit(http::verb::put, "/api/v1/agreements/7/photos"), std::nullopt);
  EXPECT_EQ(app.BodyLimit(http::verb::post, "/api/v1/agreements/7/photos/extra"), std::nullopt);
  EXPECT_EQ(app.BodyLimit(http::verb::post, "not a path"), std::nullopt);
}

// Only the rows of kind kRawImage take a body that is not JSON.
TEST_F(AppTest, OnlyRawImageRoutesTakeABodyThatIsNotJson) {
  HttpClient client("127.0.0.1", server.endpoint().port());
  auto json = client.Send(http::verb::post, "/api/v1/session", "login=a&password=b",
                          {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(json.result_int(), 415) << json.body();
  // Signed out: past the Content-Type check, refused for the missing session instead.
  auto image = client.Send(http::verb::post, "/api/v1/agreements/1/photos", "\xff\xd8",
                           {{"Content-Type", "image/jpeg"}});
  EXPECT_EQ(image.result_int(), 401) << image.body();
}

TEST_F(AppTest, ServesEmbeddedIndexWithEtagAndRevalidation) {
  HttpClient client("127.0.0.1", server.endpoint().port());
  auto res = client.Get("/");
  ASSERT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(res.body().find("<html"), std::string::npos);
  const std::string etag(res[http::field::etag]);
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  EXPECT_FALSE(res["Content-Security-Policy"].empty());

  auto again = client.Send(http::verb::get, "/index.html", {}, {{"If-None-Match", etag}});
  EXPECT_EQ(again.result_int(), 304);
  EXPECT_TRUE(again.body().empty());
}

TEST_F(AppTest, NeverServesAPathOutsideTheEmbeddedSet) {
  HttpClient client("127.0.0.1", server.endpoint().port());
  for (const char* path : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/..%2f..%2fetc%2fpasswd", "/index.html/..", "/CMakeLists.txt",
                           "/web/ui/index.html", "//etc/passwd", "/index.html%00.js"}) {
    auto res = client.Get(path);
    EXPECT_TRUE(res.result_int() == 404 || res.result_int() == 400)
        << path << " -> " << res.result_int();
    EXPECT_EQ(res.body().find("root:"), std::string::npos) << path;
  }
}

TEST_F(AppTest, ApiNeedsSignInAndMutationsNeedJson) {
  HttpClient client("127.0.0.1", server.endpoint().port());
  auto res = client.Get("/api/v1/items");
  EXPECT_EQ(res.result_int(), 401);
  EXPECT_EQ(boost::json::parse(res.body()).at("error").at("code"), "no_session");
  // A forged cookie is refused the same way.
  res = client.Send(http::verb::get, "/api/v1/items", {},
                    {{"Cookie", "prokat_session=" + std::string(64, 'a')}});
  EXPECT_EQ(res.result_int(), 401);
  res = client.Send(http::verb::post, "/api/v1/session", "login=admin&password=x",
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(res.result_int(), 415);
  res = client.Send(http::verb::post, "/api/v1/session",
                    "{\"login\": ", {{"Content-Type", "application/json"}});
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(boost::json::parse(res.body()).at("error").at("code"), "malformed_json");
  res = client.Send(http::verb::post, "/api/v1/session",
                    "{\"login\": \"\xff\xfe\", \"password\": \"x\"}",
                    {{"Content-Type", "application/json"}});
  EXPECT_EQ(res.result_int(), 400);
}

TEST(StaticFiles, EveryEmbeddedFileHasAKnownContentType) {
  Request req{http::verb::get, "/", 11};
  ASSERT_FALSE(EmbeddedFiles().empty());
  for (const auto& f : EmbeddedFiles()) {
    auto res = StaticFileResponse(req, f);
    EXPECT_NE(res[http::field::content_type], "application/octet-stream") << f.path;
    EXPECT_EQ(res.body().size(), f.content.size()) << f.path;
  }
}

// The page asks for every module at once instead of finding them one import level at a time;
// a module left out would still load, one round trip later.
TEST(StaticFiles, IndexPreloadsEveryModule) {
  const EmbeddedFile* index = FindEmbeddedFile("/");
  ASSERT_NE(index, nullptr);
  const std::string prefix = "/v/" + std::string(EmbeddedUiVersion());
  for (const auto& f : EmbeddedFiles()) {
    if (!f.path.ends_with(".js") || f.path == "/sw.js") continue;
    const std::string url = prefix + std::string(f.path);
    const std::string tag = f.path == "/js/main.js"
                                ? "<script type=\"module\" src=\"" + url + "\"></script>"
                                : "<link rel=\"modulepreload\" href=\"" + url + "\"";
    EXPECT_NE(index->content.find(tag), std::string_view::npos) << tag;
  }
}

TEST_F(AppTest, FilesUnderThisBuildsVersionAreKeptForGoodOthersRevalidated) {
  HttpClient client("127.0.0.1", server.endpoint().port());
  const std::string version(EmbeddedUiVersion());
  ASSERT_EQ(version.size(), 16u);
  auto index = client.Get("/");
  EXPECT_EQ(index[http::field::cache_control], "no-cache");
  EXPECT_NE(index.body().find("/v/" + version + "/js/main.js"), std::string::npos);
  EXPECT_EQ(index.body().find("@UI@"), std::string::npos);
  auto sw = client.Get("/sw.js");
  EXPECT_EQ(sw[http::field::cache_control], "no-cache");
  EXPECT_NE(sw.body().find("/v/" + version), std::string::npos);
  EXPECT_EQ(sw.body().find("@UI@"), std::string::npos);

  auto kept = client.Get("/v/" + version + "/js/app.js");
  ASSERT_EQ(kept.result_int(), 200);
  EXPECT_EQ(kept[http::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(kept.body(), FindEmbeddedFile("/js/app.js")->content);
  EXPECT_EQ(kept[http::field::content_type], "text/javascript; charset=utf-8");
  // A page of another build gets this build's file, and asks again next time.
  auto other = client.Get("/v/0123456789abcdef/js/app.js");
  ASSERT_EQ(other.result_int(), 200);
  EXPECT_EQ(other[http::field::cache_control], "no-cache");
  EXPECT_EQ(client.Get("/js/app.js")[http::field::cache_control], "no-cache");
  EXPECT_EQ(client.Get("/v/" + version + "/nothing.js").result_int(), 404);
  EXPECT_EQ(client.Get("/v/" + version).result_int(), 404);
}

}  // namespace
}  // namespace prokat::web
