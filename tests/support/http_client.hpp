// A small synchronous HTTP/1.1 client over real TCP for tests (Boost.Beast). One keep-alive
// connection per client. Not thread-safe.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <string>

namespace prokat::testing {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port);
  ~HttpClient();

  // Sends one request and reads the whole response; reconnects if the server closed the
  // previous connection. Throws boost::system::system_error on network failure.
  HttpResponse Send(boost::beast::http::verb method, const std::string& target,
                    const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {});
  HttpResponse Get(const std::string& target) {
    return Send(boost::beast::http::verb::get, target);
  }

 private:
  void Connect();

  std::string host_;
  unsigned short port_;
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

}  // namespace prokat::testing
