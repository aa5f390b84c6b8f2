// HTTPS served directly (--tls-cert/--tls-key): a client that verifies the certificate signs in
// and gets a Secure cookie and Strict-Transport-Security, the events arrive over wss, a
// plain-HTTP client is redirected to https:// at the server's own name (never the Host it sent),
// and bad key material stops the start with a clear message.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>
#include <fstream>

#include "api_client.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"

namespace prokat::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace websocket = beast::websocket;
namespace json = boost::json;

// A self-signed certificate for "localhost" made with the openssl command line tool.
struct Certificate {
  TempDir dir;
  std::string cert = dir.File("cert.pem");
  std::string key = dir.File("key.pem");
  Certificate() {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "
        "/CN=localhost "
        "-addext subjectAltName=DNS:localhost -keyout " +
        key + " -out " + cert + " 2>/dev/null";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("openssl could not make a certificate");
  }
};

// Trusts only `ca_file` and checks that the server's certificate names "localhost".
ssl::context VerifyingContext(const std::string& ca_file) {
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(ca_file);
  context.set_verify_mode(ssl::verify_peer);
  return context;
}

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

void ConnectTls(TlsStream& stream, unsigned short port) {
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(20));
  beast::get_lowest_layer(stream).connect({net::ip::make_address("127.0.0.1"), port});
  stream.set_verify_callback(ssl::host_name_verification("localhost"));
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  stream.handshake(ssl::stream_base::client);
}

// One keep-alive HTTPS connection.
class TlsClient {
 public:
  TlsClient(unsigned short port, const std::string& ca_file)
      : context_(VerifyingContext(ca_file)), stream_(ioc_, context_) {
    ConnectTls(stream_, port);
  }

  HttpResponse Send(http::verb method, const std::string& target, const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {}) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "localhost");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(stream_, req);
    HttpResponse res;
    http::read(stream_, buffer_, res);
    return res;
  }

 private:
  net::io_context ioc_;
  ssl::context context_;
  TlsStream stream_;
  beast::flat_buffer buffer_;
};

class ServerTls : public ::testing::Test {
 protected:
  void TearDown() override {
    if (HasFailure()) PrintServerLogTail(server);
  }
  Certificate certificate;
  ApiServer server{true, {"--tls-cert", certificate.cert, "--tls-key", certificate.key}};
};

std::string SignIn(TlsClient& client, std::string* csrf) {
  auto res = client.Send(
      http::verb::post, "/api/v1/session",
      json::serialize(json::object{{"login", "ivanova"}, {"password", "prokat-ivanova"}}));
  EXPECT_EQ(res.result_int(), 201) << res.body();
  const std::string set_cookie(res[http::field::set_cookie]);
  EXPECT_NE(set_cookie.find("; Secure"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  *csrf = std::string(json::parse(res.body()).at("csrf_token").as_string());
  return set_cookie.substr(0, set_cookie.find(';'));
}

TEST_F(ServerTls, AVerifyingClientSignsInWithASecureCookieOverOneConnection) {
  EXPECT_NE(server.process().Stderr().find("\"detail\":\"https://127.0.0.1:"), std::string::npos);
  TlsClient client(server.port(), certificate.cert);
  auto health = client.Send(http::verb::get, "/healthz");
  EXPECT_EQ(health.result_int(), 200);
  EXPECT_EQ(health[http::field::strict_transport_security], "max-age=31536000");
  std::string csrf;
  const std::string cookie = SignIn(client, &csrf);
  auto items = client.Send(http::verb::get, "/api/v1/items?limit=1", {}, {{"Cookie", cookie}});
  EXPECT_EQ(items.result_int(), 200) << items.body();
  EXPECT_EQ(items[http::field::strict_transport_security], "max-age=31536000");
  auto family = client.Send(http::verb::post, "/api/v1/families",
                            json::serialize(json::object{{"representative", "Смирнова Ольга"},
                                                         {"phone", "+7 900 000-00-01"},
                                                         {"address", "г. Барнаул, ул. Ленина, 1"},
                                                         {"district", "Центральный"},
                                                         {"consent_on", "2026-11-01"}}),
                            {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(family.result_int(), 201) << family.body();
}

TEST_F(ServerTls, EventsArriveOverWss) {
  TlsClient desk(server.port(), certificate.cert);
  std::string csrf;
  const std::string cookie = SignIn(desk, &csrf);

  net::io_context ioc;
  ssl::context context = VerifyingContext(certificate.cert);
  websocket::stream<TlsStream> ws(ioc, context);
  ConnectTls(ws.next_layer(), server.port());
  ws.set_option(websocket::stream_base::decorator(
      [cookie](websocket::request_type& req) { req.set(http::field::cookie, cookie); }));
  ws.handshake("localhost", "/api/v1/events");

  auto family = desk.Send(http::verb::post, "/api/v1/families",
                          json::serialize(json::object{{"representative", "Кузнецова Анна"},
                                                       {"phone", "+7 900 000-00-02"},
                                                       {"address", "с. Шелаболиха, ул. Мира, 2"},
                                                       {"district", "Шелаболихинский"},
                                                       {"consent_on", "2026-11-01"}}),
                          {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(family.result_int(), 201) << family.body();
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(20));
  for (;;) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    json::value event = json::parse(beast::buffers_to_string(buffer.data()));
    if (event.at("type") != "change") continue;
    EXPECT_EQ(event.at("path"), "/api/v1/families");
    EXPECT_EQ(event.at("by"), "ivanova");
    break;
  }
}

// Without --public-host the redirect names the certificate's host, whatever Host was sent.
TEST_F(ServerTls, PlainHttpIsSentToHttpsAndTheServerServesOn) {
  const std::string https = "https://localhost:" + std::to_string(server.port());
  HttpClient plain("127.0.0.1", server.port());
  auto res = plain.Get("/api/v1/items?limit=1");
  EXPECT_EQ(res.result_int(), 308);
  EXPECT_EQ(res[http::field::location], https + "/api/v1/items?limit=1");
  EXPECT_EQ(json::parse(res.body()).at("error").at("code"), "https_required");
  EXPECT_TRUE(res[http::field::strict_transport_security].empty());  // not over HTTPS
  HttpClient forged("127.0.0.1", server.port());
  auto elsewhere = forged.Send(http::verb::get, "/login", {}, {{"Host", "evil.example"}});
  EXPECT_EQ(elsewhere.result_int(), 308);
  EXPECT_EQ(elsewhere[http::field::location], https + "/login");
  EXPECT_EQ(elsewhere.body().find("evil.example"), std::string::npos) << elsewhere.body();
  TlsClient client(server.port(), certificate.cert);
  EXPECT_EQ(client.Send(http::verb::get, "/healthz").result_int(), 200);
}

TEST(ServerTlsPublicHost, TheRedirectGoesToTheConfiguredPublicHost) {
  Certificate certificate;
  ApiServer server{true,
                   {"--tls-cert", certificate.cert, "--tls-key", certificate.key, "--public-host",
                    "prokat.example.org"}};
  HttpClient plain("127.0.0.1", server.port());
  auto res = plain.Send(http::verb::get, "/api/v1/items?limit=1", {}, {{"Host", "evil.example"}});
  EXPECT_EQ(res.result_int(), 308);
  EXPECT_EQ(res[http::field::location], "https://prokat.example.org/api/v1/items?limit=1");
}

TEST_F(ServerTls, AClientThatDoesNotTrustTheCertificateCannotConnect) {
  Certificate other;
  EXPECT_THROW(TlsClient(server.port(), other.cert), boost::system::system_error);
  TlsClient client(server.port(), certificate.cert);
  EXPECT_EQ(client.Send(http::verb::get, "/healthz").result_int(), 200);
}

TEST_F(ServerTls, SigtermWithAnOpenConnectionStopsCleanly) {
  TlsClient client(server.port(), certificate.cert);
  EXPECT_EQ(client.Send(http::verb::get, "/healthz").result_int(), 200);
  EXPECT_EQ(server.process().Stop(SIGTERM), 0);
}

TEST(ServerTlsStart, MissingOrMismatchedKeyMaterialStopsTheStartWithAClearMessage) {
  Certificate a, b;
  TempDir dir;
  auto start_error = [&](std::vector<std::string> tls_args) {
    std::vector<std::string> args = {"serve", "--db", dir.File("p.db"), "--listen", "127.0.0.1:0"};
    args.insert(args.end(), tls_args.begin(), tls_args.end());
    try {
      ServerProcess server(ProkatBinary(), args);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("started");
  };
  EXPECT_NE(start_error({"--tls-cert", dir.File("none.pem"), "--tls-key", a.key})
                .find("cannot load the TLS certificate chain " + dir.File("none.pem")),
            std::string::npos);
  EXPECT_NE(
      start_error({"--tls-cert", a.cert, "--tls-key", b.key}).find("TLS private key " + b.key),
      std::string::npos);
  EXPECT_NE(start_error({"--tls-cert", a.cert}).find("--tls-cert and --tls-key go together"),
            std::string::npos);
}

}  // namespace
}  // namespace prokat::testing
