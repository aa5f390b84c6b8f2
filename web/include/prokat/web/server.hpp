// Server: accepts HTTP/1.1 connections (keep-alive) and answers them through a Handler.
//
// Plain HTTP, or HTTPS when ServerOptions names a certificate and key (Beast over OpenSSL).
// I/O runs on a few io_context threads, one strand per connection; each request's Handler runs
// on a separate pool of worker threads, so database work never blocks I/O (a QuickHandler
// answers what it can without blocking on the I/O thread first, saving the two hand-offs).
// A request's body limit is decided from its header by a RouteBodyLimit the application gives
// (the server knows no routes); a body past it gets 413 before it is read.
// Thread-safe: Stop() may be called from any thread, also before Run().
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>

#include "prokat/web/access_log.hpp"
#include "prokat/web/event_hub.hpp"
#include "prokat/web/http.hpp"

namespace prokat::web {

// The most bytes of body a request for `target` (the request line's, query included) with
// `method` may carry, decided from the header alone before any body byte is read; std::nullopt
// for ServerOptions::body_limit. Called on an I/O thread: must not block; must not throw.
using RouteBodyLimit =
    std::function<std::optional<std::uint64_t>(http::verb method, std::string_view target)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  int io_threads = 2;
  int worker_threads = 4;
  std::size_t max_connections = 512;       // past it, new connections get 503 and are closed
  std::uint32_t header_limit = 16 * 1024;  // bytes; past it: 413
  // Bytes of body a request may carry when route_body_limit names no other limit; past it: 413.
  std::uint64_t body_limit = 1024 * 1024;
  // The body limit of each request's route, asked once its header is read (see RouteBodyLimit).
  RouteBodyLimit route_body_limit;
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};  // per request
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(10)};
  bool handle_signals = true;  // SIGINT and SIGTERM start a graceful stop
  // PEM files; when given, every connection speaks HTTPS (TLS 1.2 or later) and WebSockets wss.
  std::string tls_certificate_chain;
  std::string tls_private_key;
};

// Builds the response to one request. Called on a worker thread; may block on the database.
// Must not throw (an exception becomes a 500 with a generic message, logged).
using Handler = std::function<Response(const Request&, RequestInfo&)>;

// Answers, on the I/O thread that read it, a request that needs no waiting (a health check
// that finds a database reader idle, an embedded file); std::nullopt passes the request on to
// the Handler on a worker. Must never block: every connection of that thread waits meanwhile.
// Must not throw (as Handler).
using QuickHandler = std::function<std::optional<Response>(const Request&, RequestInfo&)>;

// Decides on a WebSocket upgrade request: std::nullopt accepts it (the connection then
// receives the EventHub's events), a Response refuses it (401, 403...). Called on a worker.
using UpgradeCheck = std::function<std::optional<Response>(const Request&, RequestInfo&)>;

class Server {
 public:
  // Binds the listening socket. Throws boost::system::system_error when the address cannot be
  // bound (in use, not an address of this machine), std::runtime_error when the TLS files
  // cannot be loaded.
  // `events` and `upgrade`: WebSocket support; without them upgrade requests get 404.
  // `quick`: tried first for each request, if given.
  Server(ServerOptions options, Handler handler, AccessLog& log, EventHub* events = nullptr,
         UpgradeCheck upgrade = {}, QuickHandler quick = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound endpoint (with the real port when options.port was 0).
  boost::asio::ip::tcp::endpoint endpoint() const;

  // Serves until Stop() (or SIGINT/SIGTERM) has finished: stops accepting, lets requests in
  // flight finish and their responses be written, closes idle connections and WebSockets,
  // and returns once all are done or shutdown_grace has passed.
  void Run();
  void Stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace prokat::web
