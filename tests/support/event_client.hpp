// A signed-in WebSocket client of the server's /api/v1/events (live scans, scanner status,
// changes by other clients), for integration and reliability tests.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string>

namespace prokat::testing {

class EventClient {
 public:
  EventClient(unsigned short port, const std::string& cookie) : ws_(ioc_) {
    namespace beast = boost::beast;
    beast::get_lowest_layer(ws_).connect({boost::asio::ip::make_address("127.0.0.1"), port});
    ws_.set_option(
        beast::websocket::stream_base::decorator([cookie](beast::websocket::request_type& req) {
          req.set(beast::http::field::cookie, cookie);
        }));
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/api/v1/events");
  }

  // The next event whose "type" is `type` (and, when `state` is given, whose "state" is one of
  // it), waiting up to `timeout`; null when none came. Other events are skipped.
  boost::json::value Next(const std::string& type, std::chrono::seconds timeout,
                          std::initializer_list<const char*> states = {}) {
    namespace beast = boost::beast;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      // Sync reads ignore the stream's timeout: read asynchronously and run until the deadline.
      beast::flat_buffer buffer;
      std::optional<beast::error_code> result;
      ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
      ioc_.restart();
      ioc_.run_until(deadline);
      if (!result) {
        beast::get_lowest_layer(ws_).cancel();
        ioc_.restart();
        ioc_.run();
        return nullptr;
      }
      if (*result) return nullptr;
      boost::json::value event = boost::json::parse(beast::buffers_to_string(buffer.data()));
      if (event.at("type") != type.c_str()) continue;
      if (states.size() == 0) return event;
      for (const char* state : states) {
        if (event.as_object().contains("state") && event.at("state") == state) return event;
      }
    }
    return nullptr;
  }

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
};

}  // namespace prokat::testing
