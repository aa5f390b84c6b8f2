#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace prokat::testing {

namespace http = boost::beast::http;

HttpClient::HttpClient(std::string host, unsigned short port)
    : host_(std::move(host)), port_(port), stream_(ioc_) {}

HttpClient::~HttpClient() {
  boost::beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
}

void HttpClient::Connect() {
  stream_.close();
  stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(host_), port_));
  buffer_.clear();
  connected_ = true;
}

HttpResponse HttpClient::Send(http::verb method, const std::string& target, const std::string& body,
                              const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, host_ + ":" + std::to_string(port_));
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  for (int attempt = 0;; ++attempt) {
    if (!connected_) Connect();
    try {
      http::write(stream_, req);
      HttpResponse res;
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      http::read(stream_, buffer_, parser);
      res = parser.release();
      if (!res.keep_alive()) connected_ = false;
      return res;
    } catch (const boost::system::system_error&) {
      connected_ = false;
      if (attempt > 0) throw;  // a stale keep-alive connection gets one retry
    }
  }
}

}  // namespace prokat::testing
