// Server: accepts HTTP/1.1 connections (keep-alive) and answers them through a Handler.
//
// Plain HTTP, or HTTPS when ServerOptions names a certificate and key (Beast over OpenSSL).
// I/O runs on a few io_context threads, one strand per connection; each request's Handler runs
// on a separate pool of worker threads, so database work never blocks I/O (a QuickHandler
// answers what it can without blocking on the I/O thread first, saving the two hand-offs).
// Before any body byte is read, the application decides from the header whether the body is
// worth reading (AdmitHeader: the route exists, the caller may call it, the size) and the server
// checks a budget of body bytes in flight across all connections; a refused body is never read.
// Slow clients are bounded by a deadline for the header and one for the body, and a cap of
// connections per client address; when all connections are taken, the one that has waited
// longest for a request header is closed to make room for a new one.
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

// What the application decides from a request's header, before any byte of its body is read.
struct Admission {
  // When set: the answer, the body unread (401, 403, 404, 405, 413...); the connection then
  // closes.
  std::optional<Response> refusal;
  // Otherwise: the most bytes of body the request may carry; std::nullopt for
  // ServerOptions::body_limit.
  std::optional<std::uint64_t> body_limit;
};

// Decides on a request whose header announces a body (Content-Length above zero, or chunked).
// Called on an I/O thread: must not block longer than a lookup on an idle database reader;
// must not throw.
using AdmitHeader = std::function<Admission(const Request& header, const RequestInfo& info)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  int io_threads = 2;
  int worker_threads = 4;
  // Open connections (WebSockets included) at most. When all are taken, a new connection
  // closes the one that has waited longest for a request header; when none waits, the new one
  // gets 503 and is closed, its body unread.
  std::size_t max_connections = 512;
  // Open connections from one client address at most; past it: 429, then close.
  std::size_t max_connections_per_address = 32;
  std::uint32_t header_limit = 16 * 1024;  // bytes; past it: 413
  // Bytes of body a request may carry when `admit` names no other limit; past it: 413.
  std::uint64_t body_limit = 1024 * 1024;
  // Bytes of request bodies held at once by all connections together (announced sizes, or the
  // limit of a chunked body); a request that would pass it gets 503 with Retry-After, unread.
  std::uint64_t max_body_memory = 64 * 1024 * 1024;
  // Asked for each request announcing a body, once its header is read (see AdmitHeader).
  AdmitHeader admit;
  // From the start of waiting for a request (an idle keep-alive connection included) to the
  // end of its header, TLS handshake included.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  // The body must arrive within body_timeout plus its size at min_body_rate.
  std::chrono::milliseconds body_timeout{std::chrono::seconds(10)};
  std::uint64_t min_body_rate = 64 * 1024;  // bytes per second
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(10)};
  bool handle_signals = true;  // SIGINT and SIGTERM start a graceful stop
  // PEM files; when given, every connection speaks HTTPS (TLS 1.2 or later) and WebSockets wss.
  std::string tls_certificate_chain;
  std::string tls_private_key;
  // The name clients reach the server by ("prokat.example.org", optionally with ":port"): the
  // plain-HTTP-to-HTTPS redirect goes there (never to the request's Host), and WebSocket
  // Origins naming it are accepted. Empty: the TLS certificate's name, else the listen address
  // (with the port, unless 443).
  std::string public_host;
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
// receives the EventHub's events), a Response refuses it (401, 403...). Called on a worker,
// after the server has refused an Origin header naming another site (403): an Origin must name
// the Host the request was sent to or ServerOptions::public_host; a request without Origin
// (not from a browser, which always sends one) is passed on.
// A WebSocket keeps counting against the connection limits until it closes.
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
