// The HTTP ceiling for BENCHMARKS.md: a minimal Boost.Beast server that answers every request
// with the same small JSON body (keep-alive, async, N io threads on one io_context, as prokat's
// server). It does nothing else: no routing, no sessions, no access log, no worker pool.
// Usage: const_server PORT [THREADS]
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr const char* kBody = R"({"status":"ok","db":"ok","version":"0.1.0"})";

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket&& s) : stream_(std::move(s)) {}
  void Read() {
    req_ = {};
    http::async_read(stream_, buffer_, req_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

 private:
  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    res_ = {};
    res_.result(http::status::ok);
    res_.version(req_.version());
    res_.set(http::field::content_type, "application/json");
    res_.keep_alive(req_.keep_alive());
    res_.body() = kBody;
    res_.prepare_payload();
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }
  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec || !res_.keep_alive()) return Close();
    Read();
  }
  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

void Accept(tcp::acceptor& acceptor, net::io_context& ioc) {
  acceptor.async_accept(net::make_strand(ioc), [&](beast::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<Session>(std::move(socket))->Read();
    Accept(acceptor, ioc);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: const_server PORT [THREADS]\n");
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  net::io_context ioc(threads);
  tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), port});
  Accept(acceptor, ioc);
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
