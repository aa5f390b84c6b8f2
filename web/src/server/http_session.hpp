// One HTTP/1.1 connection, plain or TLS: reads requests with fresh parsers and explicit limits
// (the body's from ServerOptions::route_body_limit, decided once the header is read), hands each
// to the Handler on the worker pool, writes the response on the connection's strand.
#pragma once

#include <array>
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
};

// Stream: PlainStream or TlsStream (explicitly instantiated for both).
template <class Stream>
class HttpSession : public Session {
 public:
  // `over_capacity`: answer the first request with 503 and close.
  HttpSession(Stream&& stream, std::shared_ptr<SessionHost> host, bool over_capacity);
  ~HttpSession() override;

  void Start();
  void Shutdown() override;

 private:
  std::shared_ptr<HttpSession> self() {
    return std::static_pointer_cast<HttpSession>(shared_from_this());
  }
  void OnDetect(boost::beast::error_code ec, bool tls);
  void OnHandshake(boost::beast::error_code ec, std::size_t used);
  void DoRead();
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

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<SessionHost> host_;
  bool over_capacity_;
  std::uint64_t body_limit_ = 0;  // of the request being read
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
