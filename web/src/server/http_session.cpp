#include "server/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/websocket_session.hpp"

namespace prokat::web {

namespace beast = boost::beast;
namespace net = boost::asio;

HttpSession::HttpSession(net::ip::tcp::socket&& socket, std::shared_ptr<SessionHost> host, bool over_capacity)
    : stream_(std::move(socket)), host_(std::move(host)), over_capacity_(over_capacity) {}

HttpSession::~HttpSession() { host_->Unregister(this); }

void HttpSession::Start() {
  host_->Register(this);
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = remote.address().to_string();
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
}

void HttpSession::Shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    if (self->waiting_for_request_) self->DoClose();
  });
}

void HttpSession::DoRead() {
  if (closing_) return DoClose();
  parser_.emplace();
  parser_->header_limit(host_->options().header_limit);
  parser_->body_limit(std::max(host_->options().body_limit, host_->options().upload_body_limit));
  stream_.expires_after(host_->options().read_timeout);
  waiting_for_request_ = true;
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::OnReadHeader, shared_from_this()));
}

void HttpSession::OnReadHeader(beast::error_code ec, std::size_t bytes) {
  if (ec) return OnRead(ec, bytes);
  // The body limit depends on the route: only upload paths may send photos. The parser was
  // given the upload limit (it checks Content-Length when the header completes); smaller
  // limits are enforced here, and after reading for chunked bodies.
  const ServerOptions& options = host_->options();
  std::string_view target = parser_->get().target();
  body_limit_ = options.body_limit;
  for (const auto& prefix : options.upload_paths) {
    if (target.starts_with(prefix)) body_limit_ = options.upload_body_limit;
  }
  if (parser_->content_length() && *parser_->content_length() > body_limit_) {
    return OnRead(http::error::body_limit, bytes);
  }
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
}

void HttpSession::OnRead(beast::error_code ec, std::size_t) {
  waiting_for_request_ = false;
  started_ = std::chrono::steady_clock::now();
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout) {
    return DoClose();
  }
  if (ec == http::error::body_limit || ec == http::error::header_limit) {
    const bool body = ec == http::error::body_limit;
    Response res = ErrorResponse(http::status::payload_too_large, body ? "body_too_large" : "headers_too_large",
                                 body ? "request body exceeds " + std::to_string(body_limit_) + " bytes"
                                      : "request headers exceed " + std::to_string(host_->options().header_limit) +
                                            " bytes",
                                 {}, 11, false);
    if (parser_->is_header_done()) {
      host_->log().Request(parser_->get().method_string(), parser_->get().target(), 413, 0, "");
    } else {
      host_->log().Request("-", "-", 413, 0, "");
    }
    return DoWrite(std::move(res));
  }
  if (ec) {
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      Response res = ErrorResponse(http::status::bad_request, "bad_request", "malformed HTTP request: " + ec.message(),
                                   {}, 11, false);
      return DoWrite(std::move(res));
    }
    return DoClose();
  }
  if (parser_->get().body().size() > body_limit_) return OnRead(http::error::body_limit, 0);
  if (over_capacity_) {
    return DoWrite(ErrorResponse(http::status::service_unavailable, "over_capacity",
                                 "the server has too many open connections; try again shortly", {}, 11, false));
  }
  if (beast::websocket::is_upgrade(parser_->get()) && host_->events() && host_->upgrade()) return DispatchUpgrade();
  Dispatch();
}

void HttpSession::DispatchUpgrade() {
  net::post(host_->workers(), [self = shared_from_this(), guard = net::make_work_guard(stream_.get_executor())] {
    Request request = self->parser_->release();
    RequestInfo info{self->remote_address_, {}};
    std::optional<Response> refusal;
    try {
      refusal = self->host_->upgrade()(request, info);
    } catch (const std::exception& e) {
      self->host_->log().Event("handler_exception", e.what());
      refusal = ErrorResponse(http::status::internal_server_error, "internal", "internal error");
    }
    self->host_->log().Request(request.method_string(), request.target(), refusal ? refusal->result_int() : 101, 0,
                               info.user);
    net::post(self->stream_.get_executor(), [self, refusal = std::move(refusal), request = std::move(request)]() mutable {
      if (refusal) {
        refusal->keep_alive(false);
        refusal->prepare_payload();
        return self->DoWrite(std::move(*refusal));
      }
      if (self->closing_ || self->host_->stopping()) return self->DoClose();
      std::make_shared<WebSocketSession>(std::move(self->stream_))->Run(std::move(request), *self->host_->events());
    });
  });
}

void HttpSession::Dispatch() {
  // The handler may block on the database: run it on the worker pool, then come back to the
  // strand to write. The work guard keeps the io_context running meanwhile.
  net::post(host_->workers(), [self = shared_from_this(), guard = net::make_work_guard(stream_.get_executor())] {
    Request request = self->parser_->release();
    RequestInfo info{self->remote_address_, {}};
    Response response;
    try {
      response = self->host_->handler()(request, info);
    } catch (const std::exception& e) {
      self->host_->log().Event("handler_exception", e.what());
      response = ErrorResponse(http::status::internal_server_error, "internal", "internal error");
    }
    response.version(request.version());
    response.keep_alive(request.keep_alive() && response.keep_alive());
    response.prepare_payload();
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - self->started_).count();
    self->host_->log().Request(request.method_string(), request.target(), response.result_int(), ms, info.user);
    net::post(self->stream_.get_executor(),
              [self, response = std::move(response)]() mutable { self->DoWrite(std::move(response)); });
  });
}

void HttpSession::DoWrite(Response response) {
  if (closing_ || host_->stopping()) response.keep_alive(false);
  const bool keep_alive = response.keep_alive();
  auto shared = std::make_shared<Response>(std::move(response));
  http::async_write(stream_, *shared,
                    [self = shared_from_this(), shared, keep_alive](beast::error_code ec, std::size_t bytes) {
                      self->OnWrite(keep_alive, ec, bytes);
                    });
}

void HttpSession::OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec || !keep_alive) return DoClose();
  DoRead();
}

void HttpSession::DoClose() {
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace prokat::web
