// One WebSocket client of /api/v1/events: receives the hub's events, one write in flight with
// a bounded queue behind it (a client that falls too far behind is disconnected rather than
// letting memory grow). Incoming messages are read and ignored (pings are answered by Beast).
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>
#include <string>

#include "prokat/web/event_hub.hpp"
#include "prokat/web/http.hpp"
#include "server/http_session.hpp"

namespace prokat::web {

// Stream: PlainStream or TlsStream, the stream of the HTTP session that was upgraded.
template <class Stream>
class WebSocketSession : public EventSubscriber,
                         public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  static constexpr std::size_t kMaxQueued = 256;

  // `slot`: the upgraded connection's place in the server's connection limits, held until the
  // WebSocket ends.
  WebSocketSession(Stream&& stream, std::shared_ptr<ConnectionSlot> slot);

  // Accepts the upgrade request, then subscribes to `hub` for the events of `points`.
  void Run(Request request, EventHub& hub, std::optional<EventPoints> points);
  void Send(std::shared_ptr<const std::string> message) override;
  void Close() override;

 private:
  void OnAccept(boost::beast::error_code ec, EventHub& hub, std::optional<EventPoints> points);
  void DoRead();
  void DoWrite();

  boost::beast::websocket::stream<Stream> ws_;
  std::shared_ptr<ConnectionSlot> slot_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // on the strand
  bool open_ = false;                                     // on the strand
};

}  // namespace prokat::web
