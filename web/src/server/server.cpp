#include "prokat/web/server.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <vector>

#include "server/http_session.hpp"

namespace prokat::web {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

net::ssl::context LoadTlsContext(const std::string& certificate_chain,
                                 const std::string& private_key) {
  if (certificate_chain.empty() || private_key.empty()) {
    throw std::runtime_error("TLS needs both a certificate chain file and a private key file");
  }
  net::ssl::context context(net::ssl::context::tls_server);
  context.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                      net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                      net::ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (context.use_certificate_chain_file(certificate_chain, ec); ec) {
    throw std::runtime_error("cannot load the TLS certificate chain " + certificate_chain + ": " +
                             ec.message());
  }
  if (context.use_private_key_file(private_key, net::ssl::context::pem, ec); ec) {
    throw std::runtime_error("cannot load the TLS private key " + private_key + ": " +
                             ec.message());
  }
  if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
    throw std::runtime_error("the TLS private key " + private_key +
                             " does not match the certificate " + certificate_chain);
  }
  return context;
}

}  // namespace

class Server::Impl : public SessionHost, public std::enable_shared_from_this<Server::Impl> {
 public:
  Impl(ServerOptions options, Handler handler, AccessLog& log, EventHub* events,
       UpgradeCheck upgrade, QuickHandler quick)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        upgrade_(std::move(upgrade)),
        quick_(std::move(quick)),
        events_(events),
        log_(log),
        workers_(static_cast<std::size_t>(std::max(1, options_.worker_threads))),
        acceptor_(net::make_strand(ioc_)),
        signals_(ioc_),
        grace_timer_(ioc_) {
    if (!options_.tls_certificate_chain.empty() || !options_.tls_private_key.empty()) {
      tls_.emplace(LoadTlsContext(options_.tls_certificate_chain, options_.tls_private_key));
    }
    tcp::endpoint endpoint(net::ip::make_address(options_.address), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  const ServerOptions& options() const override { return options_; }
  const Handler& handler() const override { return handler_; }
  const UpgradeCheck& upgrade() const override { return upgrade_; }
  const QuickHandler& quick() const override { return quick_; }
  EventHub* events() override { return events_; }
  AccessLog& log() override { return log_; }
  net::thread_pool& workers() override { return workers_; }
  bool stopping() const override { return stopping_; }

  void Register(Session* session) override {
    std::lock_guard lock(sessions_mutex_);
    sessions_.insert(session);
  }
  void Unregister(Session* session) override {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(session);
    if (sessions_.empty() && stopping_) {
      net::post(ioc_, [self = shared_from_this()] { self->grace_timer_.cancel(); });
    }
  }

  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

  void Run() {
    if (options_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([self = shared_from_this()](boost::system::error_code ec, int) {
        if (!ec) self->Stop();
      });
    }
    auto address = endpoint();
    log_.Event("listening", std::string(tls_ ? "https" : "http") + "://" +
                                address.address().to_string() + ":" +
                                std::to_string(address.port()));
    DoAccept();
    std::vector<std::thread> threads;
    for (int i = 1; i < std::max(1, options_.io_threads); ++i)
      threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    workers_.join();
    log_.Event("stopped");
  }

  void Stop() {
    net::post(ioc_, [self = shared_from_this()] { self->BeginStop(); });
  }

 private:
  void BeginStop() {
    if (stopping_.exchange(true)) return;
    log_.Event("stopping");
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->acceptor_.close(ec);
    });
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(sessions_mutex_);
      for (Session* s : sessions_) {
        if (auto p = s->weak_from_this().lock()) live.push_back(std::move(p));
      }
    }
    for (auto& s : live) s->Shutdown();
    if (events_) events_->CloseAll();
    if (live.empty()) return;
    grace_timer_.expires_after(options_.shutdown_grace);
    grace_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return;  // every session finished in time
      self->log_.Event("shutdown_grace_expired", "closing remaining connections");
      self->ioc_.stop();
    });
  }

  void DoAccept() {
    acceptor_.async_accept(
        net::make_strand(ioc_),
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
          if (ec) {
            if (!self->stopping_ && ec != net::error::operation_aborted) {
              self->log_.Event("accept_error", ec.message());
              self->DoAccept();
            }
            return;
          }
          if (self->stopping_) return;
          std::size_t open;
          {
            std::lock_guard lock(self->sessions_mutex_);
            open = self->sessions_.size();
          }
          const bool over_capacity = open >= self->options_.max_connections;
          if (self->tls_) {
            std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *self->tls_),
                                                     self, over_capacity)
                ->Start();
          } else {
            std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), self,
                                                       over_capacity)
                ->Start();
          }
          self->DoAccept();
        });
  }

  ServerOptions options_;
  std::optional<net::ssl::context> tls_;
  Handler handler_;
  UpgradeCheck upgrade_;
  QuickHandler quick_;
  EventHub* events_;
  AccessLog& log_;
  net::io_context ioc_;
  net::thread_pool workers_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer grace_timer_;
  std::atomic<bool> stopping_{false};
  std::mutex sessions_mutex_;
  std::unordered_set<Session*> sessions_;  // guarded by sessions_mutex_
};

Server::Server(ServerOptions options, Handler handler, AccessLog& log, EventHub* events,
               UpgradeCheck upgrade, QuickHandler quick)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handler), log, events,
                                   std::move(upgrade), std::move(quick))) {}

Server::~Server() = default;

tcp::endpoint Server::endpoint() const { return impl_->endpoint(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace prokat::web
