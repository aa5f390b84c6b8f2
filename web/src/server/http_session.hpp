// One HTTP/1.1 connection, plain or TLS: reads requests with fresh parsers and explicit limits
// (a deadline for the header; the body's size, room in the server's body budget and a deadline
// decided once the header is read, after ServerOptions::admit), hands each to the Handler on
// the worker pool, writes the response on the connection's strand.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "prokat/core/error.hpp"
#include "prokat/web/server.hpp"

namespace prokat::web {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// What the server needs of a connection, whatever its stream.
class Session : public std::enable_shared_from_this<Session> {
 public:
  virtual ~Session() = default;
  // Closes the connection now if it waits for a request; otherwise after the response in
  // flight is written. Thread-safe.
  virtual void Shutdown() = 0;
  // Since when (steady_clock ticks) the connection has waited for a request header, idle
  // keep-alive and TLS handshake included; 0 while it is busy with a request. Thread-safe.
  std::int64_t waiting_since() const { return waiting_since_.load(); }
  // Closes the connection if it still waits for a request header: true when it did (the
  // connection goes soon; its slot is freed then). Thread-safe.
  virtual bool Shed() = 0;

 protected:
  std::atomic<std::int64_t> waiting_since_{0};
};

// A connection's place in the server's connection limits (the total and its client address's).
// Held by the HTTP session, then by the WebSocket it became; freed when the last holder ends.
class ConnectionSlot {
 public:
  virtual ~ConnectionSlot() = default;
  // The connection is being shed to make room: it no longer counts against the total.
  virtual void MarkShed() = 0;
};

// Why a connection is answered once and closed instead of being served.
enum class Refusal {
  kNone,
  kServerFull,   // max_connections taken, none waiting for a header: 503
  kAddressFull,  // max_connections_per_address taken: 429
};

// What the sessions share with the server that made them. Thread-safe.
class SessionHost {
 public:
  virtual ~SessionHost() = default;
  virtual const ServerOptions& options() const = 0;
  virtual const Handler& handler() const = 0;
  virtual const UpgradeCheck& upgrade() const = 0;
  virtual const QuickHandler& quick() const = 0;
  virtual EventHub* events() = 0;
  virtual AccessLog& log() = 0;
  virtual boost::asio::thread_pool& workers() = 0;
  virtual bool stopping() const = 0;
  virtual void Register(Session* session) = 0;
  virtual void Unregister(Session* session) = 0;
  // Takes `bytes` of the body budget (ServerOptions::max_body_memory); false, taking nothing,
  // when they do not fit.
  virtual bool ReserveBody(std::uint64_t bytes) = 0;
  virtual void ReleaseBody(std::uint64_t bytes) = 0;
  // Where clients reach the server: ServerOptions::public_host, or the name it falls back to.
  virtual const std::string& public_host() const = 0;
  // A refused connection (Refusal other than kNone) has ended.
  virtual void RefusalEnded() = 0;
};

// Stream: PlainStream or TlsStream (explicitly instantiated for both).
template <class Stream>
class HttpSession : public Session {
 public:
  // `slot`: the connection's place in the limits, or nullptr with a `refusal`: the first
  // request is then answered with it, its body unread, and the connection closed.
  HttpSession(Stream&& stream, std::shared_ptr<SessionHost> host,
              std::shared_ptr<ConnectionSlot> slot, Refusal refusal);
  ~HttpSession() override;

  void Start();
  void Shutdown() override;
  bool Shed() override;

 private:
  std::shared_ptr<HttpSession> self() {
    return std::static_pointer_cast<HttpSession>(shared_from_this());
  }
  void OnDetect(boost::beast::error_code ec, bool tls);
  void OnHandshake(boost::beast::error_code ec, std::size_t used);
  // `new_deadline`: the header deadline starts now (false: after a TLS handshake, whose
  // deadline also covers the header).
  void DoRead(bool new_deadline = true);
  void OnReadHeader(boost::beast::error_code ec, std::size_t bytes);
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  void Dispatch();
  // Version, keep-alive, Content-Length and the access log line of a handler's response.
  void Complete(const Request& request, Response& response, const RequestInfo& info);
  void DispatchUpgrade();
  void DoWrite(Response response);
  void OnWrite(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  // After refusing a body unread: reads and drops what the client still sends, for a bounded
  // time, so that closing does not reset the connection before the client has read the 413.
  void Linger();
  void OnLinger(boost::beast::error_code ec, std::size_t bytes);
  void DoClose();
  // Answers `error` with `status` and closes the connection, the body (if any) unread.
  void Refuse(const Error& error, boost::beast::http::status status,
              std::optional<std::chrono::seconds> retry_after = std::nullopt);
  void RefuseWith(Response response);
  void ReleaseBody();
  void StartWaiting();
  void StopWaiting() { waiting_since_.store(0); }

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<SessionHost> host_;
  std::shared_ptr<ConnectionSlot> slot_;
  Refusal refusal_;
  std::uint64_t body_limit_ = 0;     // of the request being read
  std::uint64_t body_reserved_ = 0;  // on the strand: of the body budget, for this request
  std::string remote_address_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::chrono::steady_clock::time_point started_;
  Response response_;                 // on the strand: the one being written
  std::string header_;                // on the strand: its status line and fields, serialised
  bool waiting_for_request_ = false;  // on the strand
  bool closing_ = false;              // on the strand
  bool linger_ = false;               // on the strand: a body was refused unread
  std::unique_ptr<std::array<char, 16 * 1024>> dropped_;  // what Linger() reads, dropped
};

}  // namespace prokat::web
