#include "prokat/web/server.hpp"

#include <openssl/x509v3.h>
#include <algorithm>
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
#include <unordered_map>
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

// The name the certificate is for: its first DNS subjectAltName that is not a wildcard, else
// its common name; empty when neither.
std::string CertificateName(net::ssl::context& context) {
  X509* certificate = SSL_CTX_get0_certificate(context.native_handle());
  if (!certificate) return {};
  std::string name;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names) && name.empty(); ++i) {
    const GENERAL_NAME* entry = sk_GENERAL_NAME_value(names, i);
    if (entry->type != GEN_DNS) continue;
    const auto* text = entry->d.dNSName;
    std::string dns(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                    static_cast<std::size_t>(ASN1_STRING_length(text)));
    if (!dns.empty() && dns.find('*') == std::string::npos) name = std::move(dns);
  }
  GENERAL_NAMES_free(names);
  if (!name.empty()) return name;
  char common[256];
  const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName,
                                          common, sizeof common);
  if (n > 0 &&
      std::string_view(common, static_cast<std::size_t>(n)).find('*') == std::string_view::npos)
    return std::string(common, static_cast<std::size_t>(n));
  return {};
}

// A host name, or an address (bracketed when IPv6), with the port unless it is 443.
std::string HostAndPort(const std::string& host, unsigned short port) {
  std::string named = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != 443) named += ":" + std::to_string(port);
  return named;
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
    public_host_ = options_.public_host;
    if (public_host_.empty()) {
      std::string name = tls_ ? CertificateName(*tls_) : std::string();
      if (name.empty()) name = acceptor_.local_endpoint().address().to_string();
      public_host_ = HostAndPort(name, acceptor_.local_endpoint().port());
    }
  }

  const ServerOptions& options() const override { return options_; }
  const Handler& handler() const override { return handler_; }
  const UpgradeCheck& upgrade() const override { return upgrade_; }
  const QuickHandler& quick() const override { return quick_; }
  EventHub* events() override { return events_; }
  AccessLog& log() override { return log_; }
  net::thread_pool& workers() override { return workers_; }
  bool stopping() const override { return stopping_; }

  bool ReserveBody(std::uint64_t bytes) override {
    std::uint64_t held = body_bytes_.load();
    do {
      if (bytes > options_.max_body_memory || held > options_.max_body_memory - bytes) return false;
    } while (!body_bytes_.compare_exchange_weak(held, held + bytes));
    return true;
  }
  void ReleaseBody(std::uint64_t bytes) override { body_bytes_ -= bytes; }
  const std::string& public_host() const override { return public_host_; }
  void RefusalEnded() override { --refusing_; }

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
          self->Admit(std::move(socket));
          self->DoAccept();
        });
  }

  // A connection's slot: counted in slots_total_ and its address's count until released.
  class Slot : public ConnectionSlot {
   public:
    Slot(std::shared_ptr<Impl> server, std::string address)
        : server_(std::move(server)), address_(std::move(address)) {}
    ~Slot() override { server_->ReleaseSlot(address_, shed_); }
    void MarkShed() override {
      if (!shed_.exchange(true)) --server_->slots_counted_;
    }

   private:
    std::shared_ptr<Impl> server_;
    std::string address_;
    std::atomic<bool> shed_{false};
  };

  // A new connection: served with a slot, or answered once with a refusal, or (when too many
  // refusals are being answered already) closed at once.
  void Admit(tcp::socket socket) {
    boost::system::error_code ec;
    auto remote = socket.remote_endpoint(ec);
    if (ec) return;
    std::string address = remote.address().to_string();
    const Refusal refusal = TakeSlot(address);
    std::shared_ptr<ConnectionSlot> slot;
    if (refusal == Refusal::kNone) {
      slot = std::make_shared<Slot>(shared_from_this(), std::move(address));
    } else if (++refusing_ > std::max<std::size_t>(64, options_.max_connections / 8)) {
      --refusing_;
      socket.close(ec);
      return;
    }
    if (tls_) {
      std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *tls_),
                                               shared_from_this(), std::move(slot), refusal)
          ->Start();
    } else {
      std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), shared_from_this(),
                                                 std::move(slot), refusal)
          ->Start();
    }
  }

  Refusal TakeSlot(const std::string& address) {
    std::lock_guard lock(slots_mutex_);
    std::size_t& from_address = slots_by_address_[address];
    if (options_.max_connections_per_address > 0 &&
        from_address >= options_.max_connections_per_address) {
      if (from_address == 0) slots_by_address_.erase(address);
      return Refusal::kAddressFull;
    }
    if (slots_counted_ >= options_.max_connections && !ShedOldestWaiting()) {
      if (from_address == 0) slots_by_address_.erase(address);
      return Refusal::kServerFull;
    }
    ++from_address;
    ++slots_counted_;
    return Refusal::kNone;
  }

  void ReleaseSlot(const std::string& address, bool shed) {
    std::lock_guard lock(slots_mutex_);
    if (!shed) --slots_counted_;
    auto it = slots_by_address_.find(address);
    if (it != slots_by_address_.end() && --it->second == 0) slots_by_address_.erase(it);
  }

  // Makes room for a new connection: closes the connection that has waited longest for a
  // request header (an idle keep-alive one, or a client sending its header slowly). Such a
  // connection has nothing in progress; a client that is actually slow only has to reconnect,
  // while a flood of slow connections can no longer keep new clients out. REQUIRES:
  // slots_mutex_ held (slots_mutex_ before sessions_mutex_).
  bool ShedOldestWaiting() {
    std::lock_guard lock(sessions_mutex_);
    std::vector<std::pair<std::int64_t, Session*>> waiting;
    for (Session* s : sessions_) {
      if (const std::int64_t since = s->waiting_since(); since != 0) waiting.emplace_back(since, s);
    }
    const std::size_t tries = std::min<std::size_t>(3, waiting.size());
    std::partial_sort(waiting.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(tries),
                      waiting.end());
    for (std::size_t i = 0; i < tries; ++i) {
      if (!waiting[i].second->Shed()) continue;  // its header has just come, or it is ending
      // One line per ten seconds at most: a flood of slow clients must not flood the log too.
      ++shed_since_logged_;
      const auto now = std::chrono::steady_clock::now();
      if (now - shed_logged_at_ >= std::chrono::seconds(10)) {
        log_.Event("connections_shed", std::to_string(shed_since_logged_) +
                                           " waiting longest for a request header closed to "
                                           "make room for new ones");
        shed_since_logged_ = 0;
        shed_logged_at_ = now;
      }
      return true;
    }
    return false;
  }

  ServerOptions options_;
  std::string public_host_;
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
  std::mutex slots_mutex_;
  // Connections counted against max_connections (WebSockets included, shed ones not).
  std::atomic<std::size_t> slots_counted_{0};  // changed under slots_mutex_ (or by MarkShed)
  std::unordered_map<std::string, std::size_t> slots_by_address_;  // guarded by slots_mutex_
  std::atomic<std::size_t> refusing_{0};  // connections being answered with a refusal
  std::size_t shed_since_logged_ = 0;     // guarded by slots_mutex_
  std::chrono::steady_clock::time_point shed_logged_at_;  // guarded by slots_mutex_
  std::atomic<std::uint64_t> body_bytes_{0};              // of the body budget, taken
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
