// The server over real TCP on 127.0.0.1, with the application's router or a test handler.
#include "prokat/web/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <fstream>
#include <future>
#include <thread>

#include "app.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

namespace prokat::web {
namespace {

using prokat::testing::HttpClient;

// Runs a Server on its own thread for one test.
class RunningServer {
 public:
  RunningServer(ServerOptions options, Handler handler, QuickHandler quick = {})
      : server_(Adjust(options), std::move(handler), log_, nullptr, {}, std::move(quick)) {
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~RunningServer() {
    server_.Stop();
    thread_.join();
  }
  unsigned short port() const { return server_.endpoint().port(); }
  Server& server() { return server_; }
  std::thread& thread() { return thread_; }

 private:
  static ServerOptions Adjust(ServerOptions o) {
    o.port = 0;
    o.handle_signals = false;
    return o;
  }
  AccessLog log_{"/dev/null"};
  Server server_;
  std::thread thread_;
};

Response Echo(const Request& req, RequestInfo&) {
  Response res{http::status::ok, req.version()};
  res.body() = std::string(req.target()) + ":" + std::to_string(req.body().size());
  return res;
}

TEST(Server, KeepAliveServesSeveralRequestsOnOneConnection) {
  RunningServer s({}, Echo);
  HttpClient client("127.0.0.1", s.port());
  for (int i = 0; i < 5; ++i) {
    auto res = client.Get("/r" + std::to_string(i));
    EXPECT_EQ(res.body(), "/r" + std::to_string(i) + ":0");
    EXPECT_TRUE(res.keep_alive());
  }
}

TEST(Server, BodyOverLimitGets413WithJsonError) {
  RunningServer s({.body_limit = 1000}, Echo);
  HttpClient client("127.0.0.1", s.port());
  auto ok = client.Send(http::verb::post, "/x", std::string(1000, 'a'));
  EXPECT_EQ(ok.body(), "/x:1000");
  auto res = client.Send(http::verb::post, "/x", std::string(1001, 'a'));
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(boost::json::parse(res.body()).at("error").at("code"), "body_too_large");
}

// The route's limit for POST /up..., the default for everything else (GET /up included).
Admission UpLimit(const Request& header, const RequestInfo&) {
  if (header.method() == http::verb::post && header.target().starts_with("/up"))
    return {std::nullopt, 5000};
  return {};
}

TEST(Server, EachRouteHasTheBodyLimitTheApplicationGives) {
  RunningServer s({.body_limit = 1000, .admit = UpLimit}, Echo);
  HttpClient client("127.0.0.1", s.port());
  EXPECT_EQ(client.Send(http::verb::post, "/up/photo?x=1", std::string(5000, 'a')).body(),
            "/up/photo?x=1:5000");
  auto over = client.Send(http::verb::post, "/up/photo", std::string(5001, 'a'));
  EXPECT_EQ(over.result_int(), 413);
  EXPECT_NE(over.body().find("exceeds 5000 bytes"), std::string::npos) << over.body();
  for (auto method : {http::verb::post, http::verb::get}) {
    auto res = client.Send(method, method == http::verb::get ? "/up/photo" : "/other",
                           std::string(3000, 'a'));
    EXPECT_EQ(res.result_int(), 413) << http::to_string(method);
    EXPECT_NE(res.body().find("exceeds 1000 bytes"), std::string::npos) << res.body();
  }
}

// Sends `request` as it is on a new connection; returns all the server answers until it closes.
std::string RawExchange(unsigned short port, const std::string& request) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::asio::write(socket, boost::asio::buffer(request));
  std::string reply;
  boost::system::error_code ec;
  char buf[1024];
  for (std::size_t n; (n = socket.read_some(boost::asio::buffer(buf), ec)) > 0;)
    reply.append(buf, n);
  return reply;
}

TEST(Server, ABodyOverTheRouteLimitIsRefusedBeforeItIsSent) {
  RunningServer s({.body_limit = 1000, .admit = UpLimit}, Echo);
  // Only the header: the answer must come without a byte of the announced body.
  const std::string reply =
      RawExchange(s.port(), "POST /up/photo HTTP/1.1\r\nHost: x\r\nContent-Length: 5001\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_NE(reply.find("\"body_too_large\""), std::string::npos) << reply;
  EXPECT_NE(reply.find("request body exceeds 5000 bytes"), std::string::npos) << reply;
}

TEST(Server, AChunkedBodyHasTheRouteLimitToo) {
  RunningServer s({.body_limit = 1000, .admit = UpLimit}, Echo);
  const std::string head =
      "POST /up/photo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  // Two chunks of 2000 bytes (0x7d0): within the route's 5000, past the default 1000.
  const std::string chunk = "7d0\r\n" + std::string(2000, 'a') + "\r\n";
  const std::string within = RawExchange(s.port(), head + chunk + chunk + "0\r\n\r\n");
  EXPECT_EQ(within.rfind("HTTP/1.1 200", 0), 0u) << within;
  EXPECT_NE(within.find("/up/photo:4000"), std::string::npos) << within;
  // A third chunk passes the limit: refused when it is announced, the rest never read.
  const std::string past = RawExchange(s.port(), head + chunk + chunk + "7d0\r\naaaa");
  EXPECT_EQ(past.rfind("HTTP/1.1 413", 0), 0u) << past;
  EXPECT_NE(past.find("request body exceeds 5000 bytes"), std::string::npos) << past;
}

TEST(Server, HeadersOverLimitGet413) {
  RunningServer s({.header_limit = 2048}, Echo);
  HttpClient client("127.0.0.1", s.port());
  auto res = client.Send(http::verb::get, "/x", {}, {{"X-Big", std::string(4000, 'b')}});
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(boost::json::parse(res.body()).at("error").at("code"), "headers_too_large");
}

TEST(Server, MalformedRequestGets400) {
  RunningServer s({}, Echo);
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});
  boost::asio::write(socket, boost::asio::buffer(std::string("GARBAGE\r\n\r\n")));
  std::string reply;
  boost::system::error_code ec;
  char buf[1024];
  for (std::size_t n; (n = socket.read_some(boost::asio::buffer(buf), ec)) > 0;)
    reply.append(buf, n);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
}

TEST(Server, StopFinishesRequestInFlightThenReturns) {
  std::promise<void> entered;
  std::atomic<bool> release{false};
  auto slow = [&](const Request& req, RequestInfo& info) {
    entered.set_value();
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return Echo(req, info);
  };
  RunningServer s({}, slow);
  HttpClient idle("127.0.0.1", s.port());  // connected, no request: must not hold the stop up
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket idle_socket(ioc);
  idle_socket.connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});

  auto response = std::async(std::launch::async, [&] {
    HttpClient client("127.0.0.1", s.port());
    return client.Get("/slow");
  });
  entered.get_future().wait();
  s.server().Stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  release = true;
  auto res = response.get();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "/slow:0");
  EXPECT_FALSE(res.keep_alive());  // stopping: the connection closes after this response
  s.thread().join();               // Run() returned although a client still holds a connection
  s.thread() = std::thread([] {});
  // The idle connection was closed by the server.
  char c;
  boost::system::error_code ec;
  idle_socket.read_some(boost::asio::buffer(&c, 1), ec);
  EXPECT_TRUE(ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset)
      << ec.message();
}

TEST(Server, AConnectionPastTheLimitGets503WhenNoneWaitsForARequest) {
  std::promise<void> entered;
  std::atomic<bool> release{false};
  auto slow = [&](const Request& req, RequestInfo& info) {
    if (req.target() == "/slow") {
      entered.set_value();
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Echo(req, info);
  };
  RunningServer s({.max_connections = 1}, slow);
  auto busy = std::async(std::launch::async, [&] {
    HttpClient first("127.0.0.1", s.port());
    return first.Get("/slow");
  });
  entered.get_future().wait();
  HttpClient second("127.0.0.1", s.port());
  auto res = second.Get("/b");
  EXPECT_EQ(res.result_int(), 503);
  EXPECT_EQ(boost::json::parse(res.body()).at("error").at("code"), "over_capacity");
  EXPECT_FALSE(res[http::field::retry_after].empty());
  release = true;
  EXPECT_EQ(busy.get().result_int(), 200);
}

TEST(Server, AnIdleConnectionIsClosedToMakeRoomForANewOne) {
  RunningServer s({.max_connections = 1}, Echo);
  HttpClient first("127.0.0.1", s.port());
  EXPECT_EQ(first.Get("/a").result_int(), 200);  // then idle, waiting for its next request
  HttpClient second("127.0.0.1", s.port());
  EXPECT_EQ(second.Get("/b").result_int(), 200);
  EXPECT_EQ(first.Get("/c").result_int(), 200);  // reconnected, making room in turn
}

TEST(Server, QuickHandlerAnswersWhatItCanAndPassesTheRestToTheWorkers) {
  std::atomic<int> handled{0};
  auto handler = [&](const Request& req, RequestInfo& info) {
    ++handled;
    return Echo(req, info);
  };
  auto quick = [](const Request& req, RequestInfo&) -> std::optional<Response> {
    if (req.target() != "/quick") return std::nullopt;
    Response res{http::status::ok, req.version()};
    res.set("X-Answered", "quick");
    res.body() = "quick";
    return res;
  };
  RunningServer s({}, handler, quick);
  HttpClient client("127.0.0.1", s.port());
  for (int i = 0; i < 3; ++i) {
    auto q = client.Get("/quick");
    EXPECT_EQ(q.result_int(), 200);
    EXPECT_EQ(q.body(), "quick");
    EXPECT_EQ(q["X-Answered"], "quick");
    EXPECT_EQ(q[http::field::content_length], "5");
    EXPECT_TRUE(q.keep_alive());
    EXPECT_EQ(client.Get("/slow").body(), "/slow:0");
  }
  EXPECT_EQ(handled, 3);
}

// Serves the application over `database`, with its QuickHandler as prokat serve does.
class AppServer {
 public:
  explicit AppServer(db::Database& database, ServerOptions options = {})
      : app_(database, clock_, {}, AppOptions{.version = "test"}, events_),
        server_(
            WithBodyLimits(std::move(options)),
            [this](const Request& r, RequestInfo& i) { return app_.Handle(r, i); },
            [this](const Request& r, RequestInfo& i) { return app_.HandleQuick(r, i); }) {}
  unsigned short port() const { return server_.port(); }

 private:
  ServerOptions WithBodyLimits(ServerOptions options) {
    options.admit = [this](const Request& r, const RequestInfo& i) { return app_.Admit(r, i); };
    return options;
  }
  SystemClock clock_;
  EventHub events_;
  App app_;
  RunningServer server_;
};

TEST(Healthz, ReportsOkWithVersion) {
  prokat::testing::TempDir dir;
  db::Database database(db::DatabaseOptions{.path = dir.File("h.db")});
  AppServer s(database);
  HttpClient client("127.0.0.1", s.port());
  auto ok = client.Get("/healthz");
  EXPECT_EQ(ok.result_int(), 200);
  EXPECT_EQ(ok.body(), R"({"status":"ok","db":"ok","scanner":"none","version":"test"})");
}

TEST(Healthz, AnswersTheSameWhetherAReaderIsIdleOrNot) {
  prokat::testing::TempDir dir;
  db::Database database(db::DatabaseOptions{.path = dir.File("h.db")});
  AppServer s(database);
  HttpClient client("127.0.0.1", s.port());
  // The first finds no reader open yet and is answered by a worker; the next on the I/O thread.
  auto first = client.Get("/healthz");
  auto second = client.Get("/healthz");
  for (const auto* res : {&first, &second}) {
    EXPECT_EQ(res->result_int(), 200);
    EXPECT_EQ(res->body(), R"({"status":"ok","db":"ok","scanner":"none","version":"test"})");
    EXPECT_EQ((*res)[http::field::content_type], "application/json; charset=utf-8");
    EXPECT_EQ((*res)[http::field::cache_control], "no-store");
    EXPECT_EQ((*res)["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ((*res)["X-Frame-Options"], "DENY");
    EXPECT_EQ((*res)["Referrer-Policy"], "no-referrer");
    EXPECT_TRUE(res->keep_alive());
  }
}

TEST(Healthz, ABusyReaderPoolDoesNotStallTheIoThread) {
  prokat::testing::TempDir dir;
  db::Database database(db::DatabaseOptions{.path = dir.File("h.db"), .max_readers = 1});
  database.CheckReadable();  // the one reader is open and idle
  AppServer s(database, {.io_threads = 1});
  std::promise<void> holding;
  std::promise<void> release;
  std::thread holder([&] {
    database.Read([&](db::Connection&) {
      holding.set_value();
      release.get_future().wait();
    });
  });
  holding.get_future().wait();
  // No reader is idle: this health check waits on a worker for the held one...
  auto health = std::async(std::launch::async, [&] {
    HttpClient client("127.0.0.1", s.port());
    return client.Get("/healthz");
  });
  EXPECT_EQ(health.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  // ...while the only I/O thread goes on serving other connections.
  HttpClient other("127.0.0.1", s.port());
  EXPECT_EQ(other.Get("/").result_int(), 200);
  EXPECT_EQ(other.Get("/no-such-file").result_int(), 404);
  EXPECT_EQ(health.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  release.set_value();
  holder.join();
  auto res = health.get();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(boost::json::parse(res.body()).at("db"), "ok");
}

TEST(Healthz, Reports503WithReasonWhenTheDatabaseCannotBeRead) {
  prokat::testing::TempDir dir;
  const std::string path = dir.File("h.db");
  db::Database database(db::DatabaseOptions{.path = path});
  // Overwrite the file's header: a reader opening it now finds no database.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.write(std::string(100, '\x5a').data(), 100);
  }
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  AppServer s(database);
  HttpClient client("127.0.0.1", s.port());
  auto bad = client.Get("/healthz");
  EXPECT_EQ(bad.result_int(), 503) << bad.body();
  auto body = boost::json::parse(bad.body());
  EXPECT_EQ(body.at("status"), "error");
  EXPECT_EQ(body.at("db"), "error");
  EXPECT_NE(body.at("reason").as_string().find("not a database"), std::string::npos) << bad.body();
}

}  // namespace
}  // namespace prokat::web
