// libFuzzer target: the HTTP request handling up to the router. Random bytes go through a
// Beast request parser with the server's limits; a request that parses is handed to
// App::Handle (routing by Router::Find, static files, sessions, CSRF) once anonymously and once
// with the fixture's session. The answer is well-formed and never a 500.
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_app_fixture.hpp"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static prokat::fuzz::AppFixture fixture;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  boost::asio::const_buffer buffer(data, size);
  std::size_t used = parser.put(buffer, ec);
  (void)used;
  if (!parser.is_header_done()) return 0;
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec) return 0;
  prokat::web::Request request = parser.release();
  prokat::web::RequestInfo info{.remote_address = prokat::fuzz::AppFixture::kFuzzedAddress};
  auto anonymous = fixture.app->Handle(request, info);
  if (anonymous.result_int() >= 500 && anonymous.result_int() != 503) std::abort();
  auto signed_in = fixture.Handle(request);
  if (signed_in.result_int() >= 500 && signed_in.result_int() != 503) std::abort();
  // A sign-in or sign-out through the fixture's cookie ends its session: start a new one.
  if (signed_in.count(http::field::set_cookie) > 0) fixture.SignIn();
  return 0;
}
