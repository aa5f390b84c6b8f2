#include "server/http_session.hpp"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <charconv>
#include <type_traits>

#include "api/errors.hpp"
#include "server/websocket_session.hpp"

namespace prokat::web {

namespace beast = boost::beast;
namespace net = boost::asio;

template <class Stream>
constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

namespace {

std::int64_t SteadyNow() { return std::chrono::steady_clock::now().time_since_epoch().count(); }

// The Origin of a WebSocket upgrade names the site whose page opened it: refused unless it is
// this server as the client reached it (the Host header) or as configured (public_host).
// Without an Origin the client is not a browser and cannot be a page of another site.
bool OriginAllowed(std::string_view origin, std::string_view host, std::string_view public_host) {
  if (origin.empty()) return true;
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;  // "null" (a sandboxed or file page)
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (!beast::iequals(scheme, "http") && !beast::iequals(scheme, "https")) return false;
  const std::string_view named = origin.substr(scheme_end + 3);
  if (named.empty()) return false;
  return beast::iequals(named, host) || beast::iequals(named, public_host);
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, std::shared_ptr<SessionHost> host,
                                 std::shared_ptr<ConnectionSlot> slot, Refusal refusal)
    : stream_(std::move(stream)),
      host_(std::move(host)),
      slot_(std::move(slot)),
      refusal_(refusal) {}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  ReleaseBody();
  if (refusal_ != Refusal::kNone) host_->RefusalEnded();
  host_->Unregister(this);
}

template <class Stream>
bool HttpSession<Stream>::Shed() {
  // Called under the server's locks on its sessions and slots: this one may be ending already,
  // and the last reference must not be dropped here (the destructor takes those locks), so it
  // is handed to the strand either way.
  auto alive = std::static_pointer_cast<HttpSession>(weak_from_this().lock());
  if (!alive) return false;
  std::int64_t since = waiting_since_.load();
  const bool shed = since != 0 && waiting_since_.compare_exchange_strong(since, 0);
  if (shed && slot_) slot_->MarkShed();
  net::post(stream_.get_executor(), [self = std::move(alive), shed] {
    if (shed) self->DoClose();
  });
  return shed;
}

template <class Stream>
void HttpSession<Stream>::StartWaiting() {
  // A refused connection holds no slot: shedding it would make no room.
  if (slot_) waiting_since_.store(SteadyNow());
}

template <class Stream>
void HttpSession<Stream>::ReleaseBody() {
  if (body_reserved_ == 0) return;
  host_->ReleaseBody(body_reserved_);
  body_reserved_ = 0;
}

template <class Stream>
void HttpSession<Stream>::Start() {
  host_->Register(this);
  beast::error_code ec;
  auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  if (!ec) remote_address_ = remote.address().to_string();
  StartWaiting();
  net::dispatch(stream_.get_executor(), [self = self()] {
    if constexpr (kTls<Stream>) {
      beast::get_lowest_layer(self->stream_).expires_after(self->host_->options().header_timeout);
      self->waiting_for_request_ = true;
      beast::async_detect_ssl(self->stream_.next_layer(), self->buffer_,
                              beast::bind_front_handler(&HttpSession::OnDetect, self));
    } else {
      self->DoRead();
    }
  });
}

template <class Stream>
void HttpSession<Stream>::OnDetect(beast::error_code ec, bool tls) {
  if constexpr (kTls<Stream>) {
    if (ec) return DoClose();
    if (tls) {
      return stream_.async_handshake(net::ssl::stream_base::server, buffer_.data(),
                                     beast::bind_front_handler(&HttpSession::OnHandshake, self()));
    }
    // Plain HTTP on the HTTPS port (an address typed without https://): send the browser to the
    // server's public name over HTTPS, then close. Never to the request's Host: a forged one
    // would turn this into a redirect to anywhere.
    parser_.emplace();
    parser_->header_limit(host_->options().header_limit);
    http::async_read_header(
        stream_.next_layer(), buffer_, *parser_,
        [self = self()](beast::error_code ec, std::size_t) {
          self->StopWaiting();
          if (ec) return self->DoClose();
          const Request& request = self->parser_->get();
          const std::string location = "https://" + self->host_->public_host();
          auto response = std::make_shared<Response>(ErrorToResponse(
              Error::Forbidden("https_required", "this server speaks HTTPS only: " + location),
              http::status::permanent_redirect, 11, false));
          const std::string_view target = request.target();
          response->set(http::field::location,
                        location + (target.starts_with('/') ? std::string(target) : "/"));
          response->prepare_payload();
          self->host_->log().Request(request.method_string(), request.target(),
                                     response->result_int(), 0, "");
          http::async_write(self->stream_.next_layer(), *response,
                            [self, response](beast::error_code, std::size_t) { self->DoClose(); });
        });
  }
}

template <class Stream>
void HttpSession<Stream>::OnHandshake(beast::error_code ec, std::size_t used) {
  waiting_for_request_ = false;
  buffer_.consume(used);
  if (ec) {
    // A client speaking plain HTTP to the TLS port, or one that does not trust the certificate.
    host_->log().Event("tls_handshake_failed", remote_address_ + ": " + ec.message());
    return DoClose();
  }
  DoRead(false);
}

template <class Stream>
void HttpSession<Stream>::Shutdown() {
  net::post(stream_.get_executor(), [self = self()] {
    self->closing_ = true;
    if (self->waiting_for_request_) self->DoClose();
  });
}

template <class Stream>
void HttpSession<Stream>::DoRead(bool new_deadline) {
  ReleaseBody();
  if (closing_) return DoClose();
  parser_.emplace();
  parser_->header_limit(host_->options().header_limit);
  // No limit while the header is read: OnReadHeader sets the route's before the body is read.
  parser_->body_limit(boost::none);
  // One deadline for the wait and the whole header: a client trickling a byte at a time cannot
  // hold the connection longer than a quick one.
  if (new_deadline) beast::get_lowest_layer(stream_).expires_after(host_->options().header_timeout);
  waiting_for_request_ = true;
  if (new_deadline || waiting_since_.load() == 0) StartWaiting();
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::OnReadHeader, self()));
}

template <class Stream>
void HttpSession<Stream>::OnReadHeader(beast::error_code ec, std::size_t bytes) {
  StopWaiting();
  if (ec) return OnRead(ec, bytes);
  waiting_for_request_ = false;
  started_ = std::chrono::steady_clock::now();
  if (refusal_ == Refusal::kAddressFull) {
    return Refuse(Error::TooManyRequests("too_many_connections",
                                         "too many open connections from this address; close "
                                         "some or try again shortly"),
                  http::status::too_many_requests, std::chrono::seconds(1));
  }
  if (refusal_ == Refusal::kServerFull) {
    return Refuse(Error::Unavailable("the server has too many open connections; try again shortly",
                                     "over_capacity"),
                  http::status::service_unavailable, std::chrono::seconds(1));
  }
  if (parser_->is_done()) return OnRead(ec, bytes);  // no body (a GET): nothing more to read
  // Whether the body is worth reading at all, and its limit, are the application's to say from
  // the header (photos are larger than JSON; nothing from a client that may not call the route).
  const ServerOptions& options = host_->options();
  const Request& request = parser_->get();
  body_limit_ = options.body_limit;
  if (options.admit) {
    Admission admission;
    try {
      admission = options.admit(request, RequestInfo{remote_address_, {}});
    } catch (const std::exception& e) {
      host_->log().Event("handler_exception", e.what());
      admission.refusal =
          ErrorToResponse(Error::Internal("internal error"), http::status::internal_server_error);
    }
    if (admission.refusal) return RefuseWith(std::move(*admission.refusal));
    if (admission.body_limit) body_limit_ = *admission.body_limit;
  }
  // A Content-Length past the limit is refused here, unread; the parser enforces the limit on
  // chunked bodies as they arrive.
  const auto length = parser_->content_length();
  if (length && *length > body_limit_) return OnRead(http::error::body_limit, bytes);
  // What the body will hold in memory, whole: its length, or for a chunked body its limit.
  const std::uint64_t size = length ? *length : body_limit_;
  if (!host_->ReserveBody(size)) {
    return Refuse(Error::Unavailable("the server is receiving too much data at once; try again "
                                     "shortly",
                                     "body_budget_full"),
                  http::status::service_unavailable, std::chrono::seconds(2));
  }
  body_reserved_ = size;
  parser_->body_limit(body_limit_);
  // The body has its own deadline, long enough for its size at the slowest rate allowed.
  const auto transfer = std::chrono::milliseconds(
      size / std::max<std::uint64_t>(1, options.min_body_rate / 1000 + 1));
  beast::get_lowest_layer(stream_).expires_after(options.body_timeout + transfer);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnRead, self()));
}

template <class Stream>
void HttpSession<Stream>::Refuse(const Error& error, http::status status,
                                 std::optional<std::chrono::seconds> retry_after) {
  Response response = ErrorToResponse(error, status, 11, false);
  if (retry_after) response.set(http::field::retry_after, std::to_string(retry_after->count()));
  RefuseWith(std::move(response));
}

template <class Stream>
void HttpSession<Stream>::RefuseWith(Response response) {
  const Request& request = parser_->get();
  response.version(request.version());
  response.keep_alive(false);
  response.prepare_payload();
  linger_ = !parser_->is_done();
  host_->log().Request(request.method_string(), request.target(), response.result_int(), 0, "");
  DoWrite(std::move(response));
}

template <class Stream>
void HttpSession<Stream>::OnRead(beast::error_code ec, std::size_t) {
  waiting_for_request_ = false;
  started_ = std::chrono::steady_clock::now();
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
      ec == beast::error::timeout) {
    return DoClose();
  }
  if (ec == http::error::body_limit || ec == http::error::header_limit) {
    const bool body = ec == http::error::body_limit;
    Response res =
        ErrorToResponse(Error::InvalidArgument(
                            body ? "request body exceeds " + std::to_string(body_limit_) + " bytes"
                                 : "request headers exceed " +
                                       std::to_string(host_->options().header_limit) + " bytes",
                            {}, body ? "body_too_large" : "headers_too_large"),
                        http::status::payload_too_large, 11, false);
    if (parser_->is_header_done()) {
      linger_ = body;
      host_->log().Request(parser_->get().method_string(), parser_->get().target(), 413, 0, "");
    } else {
      host_->log().Request("-", "-", 413, 0, "");
    }
    return DoWrite(std::move(res));
  }
  if (ec) {
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      Response res = ErrorToResponse(
          Error::InvalidArgument("malformed HTTP request: " + ec.message(), {}, "bad_request"),
          http::status::bad_request, 11, false);
      return DoWrite(std::move(res));
    }
    return DoClose();
  }
  if (beast::websocket::is_upgrade(parser_->get()) && host_->events() && host_->upgrade()) {
    const Request& request = parser_->get();
    if (!OriginAllowed(request[http::field::origin], request[http::field::host],
                       host_->public_host())) {
      host_->log().Event("websocket_origin_refused",
                         remote_address_ + ": " + std::string(request[http::field::origin]));
      return Refuse(Error::Forbidden("origin_not_allowed",
                                     "the Origin of this WebSocket request is another site"),
                    http::status::forbidden);
    }
    return DispatchUpgrade();
  }
  if (const QuickHandler& quick = host_->quick()) {
    const Request& request = parser_->get();
    RequestInfo info{remote_address_, {}};
    std::optional<Response> response;
    try {
      response = quick(request, info);
    } catch (const std::exception& e) {
      host_->log().Event("handler_exception", e.what());
      response =
          ErrorToResponse(Error::Internal("internal error"), http::status::internal_server_error);
    }
    if (response) {
      Complete(request, *response, info);
      return DoWrite(std::move(*response));
    }
  }
  Dispatch();
}

template <class Stream>
void HttpSession<Stream>::DispatchUpgrade() {
  net::post(host_->workers(), [self = self(),
                               guard = net::make_work_guard(stream_.get_executor())] {
    Request request = self->parser_->release();
    RequestInfo info{self->remote_address_, {}};
    std::optional<Response> refusal;
    try {
      refusal = self->host_->upgrade()(request, info);
    } catch (const std::exception& e) {
      self->host_->log().Event("handler_exception", e.what());
      refusal =
          ErrorToResponse(Error::Internal("internal error"), http::status::internal_server_error);
    }
    self->host_->log().Request(request.method_string(), request.target(),
                               refusal ? refusal->result_int() : 101, 0, info.user);
    net::post(self->stream_.get_executor(),
              [self, refusal = std::move(refusal), request = std::move(request),
               points = std::move(info.event_points)]() mutable {
                if (refusal) {
                  refusal->keep_alive(false);
                  refusal->prepare_payload();
                  return self->DoWrite(std::move(*refusal));
                }
                if (self->closing_ || self->host_->stopping()) return self->DoClose();
                std::make_shared<WebSocketSession<Stream>>(std::move(self->stream_), self->slot_)
                    ->Run(std::move(request), *self->host_->events(), std::move(points));
              });
  });
}

template <class Stream>
void HttpSession<Stream>::Dispatch() {
  // The handler may block on the database: run it on the worker pool, then come back to the
  // strand to write. The work guard keeps the io_context running meanwhile.
  net::post(
      host_->workers(), [self = self(), guard = net::make_work_guard(stream_.get_executor())] {
        Request request = self->parser_->release();
        RequestInfo info{self->remote_address_, {}};
        Response response;
        try {
          response = self->host_->handler()(request, info);
        } catch (const std::exception& e) {
          self->host_->log().Event("handler_exception", e.what());
          response = ErrorToResponse(Error::Internal("internal error"),
                                     http::status::internal_server_error);
        }
        self->Complete(request, response, info);
        net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
          self->DoWrite(std::move(response));
        });
      });
}

template <class Stream>
void HttpSession<Stream>::Complete(const Request& request, Response& response,
                                   const RequestInfo& info) {
  response.version(request.version());
  response.keep_alive(request.keep_alive() && response.keep_alive());
  response.prepare_payload();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
          .count();
  host_->log().Request(request.method_string(), request.target(), response.result_int(), ms,
                       info.user);
}

template <class Stream>
void HttpSession<Stream>::DoWrite(Response response) {
  if (closing_ || host_->stopping()) response.keep_alive(false);
  // Browsers that once reached the server over HTTPS never try plain HTTP to it again.
  if constexpr (kTls<Stream>)
    response.set(http::field::strict_transport_security, "max-age=31536000");
  const bool keep_alive = response.keep_alive();
  response_ = std::move(response);
  auto done = [self = self(), keep_alive](beast::error_code ec, std::size_t bytes) {
    self->OnWrite(keep_alive, ec, bytes);
  };
  if (response_.chunked()) return http::async_write(stream_, response_, std::move(done));
  // The bytes Beast's serializer would write, as two buffers: one send for the whole response.
  header_.clear();
  header_.append("HTTP/");
  header_.push_back(static_cast<char>('0' + response_.version() / 10));
  header_.push_back('.');
  header_.push_back(static_cast<char>('0' + response_.version() % 10));
  header_.push_back(' ');
  char status[8];
  header_.append(status, std::to_chars(status, status + sizeof status, response_.result_int()).ptr);
  header_.push_back(' ');
  header_.append(response_.reason());
  header_.append("\r\n");
  for (const auto& field : response_) {
    header_.append(field.name_string());
    header_.append(": ");
    header_.append(field.value());
    header_.append("\r\n");
  }
  header_.append("\r\n");
  const std::array<net::const_buffer, 2> buffers{net::buffer(header_),
                                                 net::buffer(response_.body())};
  net::async_write(stream_, buffers, std::move(done));
}

template <class Stream>
void HttpSession<Stream>::OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
  response_ = {};
  if (ec) return DoClose();
  if (keep_alive) return DoRead();
  if (linger_) return Linger();
  if constexpr (kTls<Stream>) {
    // Nothing else is in flight: end the TLS session with close_notify, bounded in time.
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    return stream_.async_shutdown([self = self()](beast::error_code) { self->DoClose(); });
  }
  DoClose();
}

template <class Stream>
void HttpSession<Stream>::Linger() {
  // Bytes on the TCP stream, TLS or not: they are dropped undecrypted, and the refused
  // connection ends without close_notify (the 413 carries its Content-Length).
  auto& tcp = beast::get_lowest_layer(stream_);
  beast::error_code ignored;
  tcp.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  tcp.expires_after(std::chrono::seconds(2));
  ReleaseBody();
  waiting_for_request_ = true;  // Shutdown() may close it at once
  dropped_ = std::make_unique<std::array<char, 16 * 1024>>();
  OnLinger({}, 0);
}

template <class Stream>
void HttpSession<Stream>::OnLinger(beast::error_code ec, std::size_t) {
  if (ec) return DoClose();  // the client closed, or the time is up
  beast::get_lowest_layer(stream_).async_read_some(
      net::buffer(*dropped_), beast::bind_front_handler(&HttpSession::OnLinger, self()));
}

template <class Stream>
void HttpSession<Stream>::DoClose() {
  auto& socket = beast::get_lowest_layer(stream_).socket();
  beast::error_code ignored;
  socket.shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace prokat::web
