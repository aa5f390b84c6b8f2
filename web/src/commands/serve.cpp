// prokat serve: the HTTP server with its housekeeping, scheduled backups and scanner.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>

#include "app.hpp"
#include "commands/commands.hpp"
#include "file_clock.hpp"
#include "maintenance.hpp"
#include "prokat/db/backup.hpp"
#include "prokat/inventory/types.hpp"
#include "prokat/web/server.hpp"
#include "scanner_bridge.hpp"

namespace po = boost::program_options;

namespace prokat::web::commands {
namespace {

std::pair<std::string, unsigned short> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw UsageError("--listen must be ADDR:PORT, got '" + listen + "'");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port_text = listen.substr(colon + 1);
  std::size_t used = 0;
  unsigned long port = 0;
  try {
    port = std::stoul(port_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != port_text.size() || port > 65535)
    throw UsageError("--listen port must be 0..65535, got '" + port_text + "'");
  return {host, static_cast<unsigned short>(port)};
}

}  // namespace

int Serve(const std::vector<std::string>& args) {
  po::options_description options("serve options");
  options.add_options()("db", po::value<std::string>()->default_value("var/prokat.db"),
                        "database file (created if missing)")(
      "listen", po::value<std::string>()->default_value("127.0.0.1:8080"),
      "address and port to listen on")("threads", po::value<int>()->default_value(2),
                                       "I/O threads")(
      "workers", po::value<int>()->default_value(4),
      "threads for request handlers (database work)")(
      "max-connections", po::value<std::size_t>()->default_value(512),
      "open connections at most (WebSockets included)")(
      "max-connections-per-address", po::value<std::size_t>()->default_value(32),
      "open connections from one client address at most (0: no limit; with --trust-proxy "
      "the default is 0, every client arriving from the proxy's address)")(
      "max-body-memory", po::value<std::size_t>()->default_value(64),
      "MiB of request bodies held at once, all connections together")(
      "header-timeout", po::value<int>()->default_value(10),
      "seconds a connection may take to send a request header (idle keep-alive included)")(
      "body-timeout", po::value<int>()->default_value(10),
      "seconds a request body may take, plus its size at --min-body-rate")(
      "min-body-rate", po::value<std::size_t>()->default_value(64),
      "KiB per second a request body must arrive at, at least")(
      "public-host", po::value<std::string>()->default_value(""),
      "the name (and :port) clients reach the server by: the HTTPS redirect goes there and "
      "WebSocket origins naming it are accepted (default: the TLS certificate's name, else the "
      "listen address)")("access-log", po::value<std::string>()->default_value(""),
                         "access log file (default: stderr)")(
      "camera", po::value<std::string>()->default_value(""),
      "camera to scan from: index (0) or /dev/videoN")(
      "scan-source", po::value<std::string>()->default_value(""),
      "scan from a video file, image folder or URL")("tls-cert",
                                                     po::value<std::string>()->default_value(""),
                                                     "serve HTTPS: certificate chain file (PEM)")(
      "tls-key", po::value<std::string>()->default_value(""),
      "serve HTTPS: private key file (PEM)")(
      "secure-cookies", po::bool_switch(),
      "mark the session cookie Secure (serving behind HTTPS; implied by --tls-cert)")(
      "trust-proxy", po::bool_switch(),
      "take the client address from X-Forwarded-For (behind nginx)")(
      "backup-dir", po::value<std::string>()->default_value(""),
      "write scheduled online backups here (empty: none)")(
      "backup-interval", po::value<double>()->default_value(1440),
      "minutes between scheduled backups (0.1 = 6 s)")(
      "backup-keep", po::value<int>()->default_value(14),
      "scheduled backups kept; older ones are removed")(
      "clock-file", po::value<std::string>()->default_value(""),
      "for tests: read the current time from this file")(
      "maintenance-interval", po::value<int>()->default_value(900),
      "seconds between housekeeping rounds (lapsed reservations, old sessions)");
  auto vm = Parse(args, options);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  auto [host, port] = ParseListen(vm["listen"].as<std::string>());
  const std::string tls_cert = vm["tls-cert"].as<std::string>();
  const std::string tls_key = vm["tls-key"].as<std::string>();
  if (tls_cert.empty() != tls_key.empty()) throw UsageError("--tls-cert and --tls-key go together");
  db::Database database(DatabaseAt(vm["db"].as<std::string>()));
  auto settings = inventory::LoadSettings(database);
  if (!settings.ok()) throw std::runtime_error("settings: " + settings.error().message);
  SystemClock system_clock;
  FileClock file_clock(vm["clock-file"].as<std::string>());
  const Clock& clock = vm["clock-file"].as<std::string>().empty()
                           ? static_cast<const Clock&>(system_clock)
                           : file_clock;
  auto positive = [&vm](const char* name) {
    if (vm[name].as<int>() < 1) throw UsageError(std::string("--") + name + " must be at least 1");
    return std::chrono::seconds(vm[name].as<int>());
  };
  const auto header_timeout = positive("header-timeout");
  const auto body_timeout = positive("body-timeout");
  if (vm["min-body-rate"].as<std::size_t>() < 1)
    throw UsageError("--min-body-rate must be at least 1 KiB per second");
  if (vm["max-body-memory"].as<std::size_t>() < 1)
    throw UsageError("--max-body-memory must be at least 1 MiB");
  const bool trust_proxy = vm["trust-proxy"].as<bool>();
  const std::size_t per_address = trust_proxy && vm["max-connections-per-address"].defaulted()
                                      ? 0
                                      : vm["max-connections-per-address"].as<std::size_t>();
  AccessLog log(vm["access-log"].as<std::string>());
  EventHub events;
  App app(database, clock, *settings,
          AppOptions{.version = PROKAT_VERSION,
                     .secure_cookies = vm["secure-cookies"].as<bool>() || !tls_cert.empty(),
                     .trust_proxy = trust_proxy,
                     .log = &log},
          events);
  ServerOptions server_options{
      .address = host,
      .port = port,
      .io_threads = vm["threads"].as<int>(),
      .worker_threads = vm["workers"].as<int>(),
      .max_connections = vm["max-connections"].as<std::size_t>(),
      .max_connections_per_address = per_address,
      .max_body_memory = std::uint64_t{vm["max-body-memory"].as<std::size_t>()} << 20,
      .header_timeout = header_timeout,
      .body_timeout = body_timeout,
      .min_body_rate = std::uint64_t{vm["min-body-rate"].as<std::size_t>()} << 10,
      .tls_certificate_chain = tls_cert,
      .tls_private_key = tls_key,
      .public_host = vm["public-host"].as<std::string>()};
  server_options.admit = [&app](const Request& r, const RequestInfo& i) { return app.Admit(r, i); };
  Server server(
      server_options, [&app](const Request& r, RequestInfo& i) { return app.Handle(r, i); }, log,
      &events, [&app](const Request& r, RequestInfo& i) { return app.AuthorizeUpgrade(r, i); },
      [&app](const Request& r, RequestInfo& i) { return app.HandleQuick(r, i); });
  if (vm["maintenance-interval"].as<int>() < 1)
    throw UsageError("--maintenance-interval must be at least 1 second");
  Maintenance maintenance(app.services, log,
                          std::chrono::seconds(vm["maintenance-interval"].as<int>()));
  std::string scan_source = vm["scan-source"].as<std::string>();
  if (scan_source.empty()) scan_source = vm["camera"].as<std::string>();
  auto scanner = StartScanner(scan_source, events, log, clock, app.status.scanner_state);
  std::unique_ptr<db::BackupScheduler> backups;
  if (const std::string dir = vm["backup-dir"].as<std::string>(); !dir.empty()) {
    const double minutes = vm["backup-interval"].as<double>();
    if (!(minutes >= 0.01)) throw UsageError("--backup-interval must be at least 0.01 minutes");
    backups = std::make_unique<db::BackupScheduler>(
        database,
        db::BackupScheduleOptions{
            .directory = dir,
            .interval = std::chrono::milliseconds(static_cast<std::int64_t>(minutes * 60000)),
            .keep = vm["backup-keep"].as<int>(),
            .files_dir = PhotoDirectory(database)},
        [&log](const std::string& path, const std::string& error) {
          log.Event(error.empty() ? "backup_written" : "backup_failed",
                    error.empty() ? path : error);
        });
    backups->Start();
  }
  server.Run();
  if (backups) backups->Stop();
  // Shutdown order: the server has stopped (requests finished, WebSockets closed); then the
  // camera; the database closes last, when `database` goes out of scope.
  if (scanner) scanner->Stop();
  return 0;
}

}  // namespace prokat::web::commands
