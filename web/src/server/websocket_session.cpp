#include "server/websocket_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace prokat::web {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream, std::shared_ptr<ConnectionSlot> slot)
    : ws_(std::move(stream)), slot_(std::move(slot)) {}

template <class Stream>
void WebSocketSession<Stream>::Run(Request request, EventHub& hub,
                                   std::optional<EventPoints> points) {
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(4096);
  ws_.async_accept(
      request, [self = this->shared_from_this(), &hub, points = std::move(points)](
                   beast::error_code ec) mutable { self->OnAccept(ec, hub, std::move(points)); });
}

template <class Stream>
void WebSocketSession<Stream>::OnAccept(beast::error_code ec, EventHub& hub,
                                        std::optional<EventPoints> points) {
  if (ec) return;
  open_ = true;
  hub.Subscribe(this->shared_from_this(), std::move(points));
  DoRead();
}

template <class Stream>
void WebSocketSession<Stream>::DoRead() {
  ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) {
      self->open_ = false;
      return;
    }
    self->buffer_.clear();
    self->DoRead();
  });
}

template <class Stream>
void WebSocketSession<Stream>::Send(std::shared_ptr<const std::string> message) {
  net::post(ws_.get_executor(), [self = this->shared_from_this(), message = std::move(message)] {
    if (!self->open_) return;
    if (self->queue_.size() >= kMaxQueued) return self->Close();
    self->queue_.push_back(message);
    if (self->queue_.size() == 1) self->DoWrite();
  });
}

template <class Stream>
void WebSocketSession<Stream>::DoWrite() {
  ws_.text(true);
  ws_.async_write(net::buffer(*queue_.front()),
                  [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                    if (ec) {
                      self->open_ = false;
                      self->queue_.clear();
                      return;
                    }
                    self->queue_.pop_front();
                    if (!self->queue_.empty() && self->open_) self->DoWrite();
                  });
}

template <class Stream>
void WebSocketSession<Stream>::Close() {
  net::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (!self->open_) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
      return;
    }
    self->open_ = false;
    self->ws_.async_close(websocket::close_code::going_away, [self](beast::error_code) {});
  });
}

template class WebSocketSession<PlainStream>;
template class WebSocketSession<TlsStream>;

}  // namespace prokat::web
