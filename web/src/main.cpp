// prokat: the rental-point server and its maintenance commands.
// main() builds the database, then the web application over it, and passes references down.
#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <sodium.h>

#include <boost/json/serialize.hpp>
#include <memory>

#include "app.hpp"
#include "auth/password.hpp"
#include "file_clock.hpp"
#include "maintenance.hpp"
#include "prokat/db/backup.hpp"
#include "prokat/db/database.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/scanner/scan_loop.hpp"
#include "prokat/web/server.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace prokat::web {
namespace {

constexpr const char* kUsage = R"(Usage: prokat [--help] [--version] COMMAND [OPTIONS]

Commands:
  serve     --db PATH --listen ADDR:PORT   run the HTTP server (SIGINT/SIGTERM stop it cleanly)
  migrate   --db PATH                      create the database file or bring its schema up to date
  backup    --db PATH --to FILE            write a consistent copy of a live database to FILE
                                           (and its photos to FILE.photos/)
  restore   --from FILE --db PATH [--force]  check a backup and put it (and its photos) in place
  demo-data --db PATH                      fill a new database with a demo rental point
  user add  --db PATH --login L --name N --role R [--point ID]
                                           create a user; the password is read from stdin

Every command accepts --config FILE: lines of "key = value" with the same names as the
options (db = var/prokat.db). Options given on the command line win over the file.
Run "prokat COMMAND --help" for a command's options.
)";

// Thrown for a mistake in how the command was called; main prints it with the usage hint.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

po::variables_map Parse(const std::vector<std::string>& args,
                        const po::options_description& options) {
  po::options_description all = options;
  all.add_options()("help,h", "show this help")("config", po::value<std::string>(),
                                                "configuration file");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).run(), vm);
  if (vm.count("config")) {
    const std::string path = vm["config"].as<std::string>();
    std::ifstream file(path);
    if (!file) throw UsageError("cannot read configuration file '" + path + "'");
    po::store(po::parse_config_file(file, options, /*allow_unregistered=*/false), vm);
  }
  po::notify(vm);
  return vm;
}

void EnsureParentDirectory(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
}

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

// The photo directory of a database: the photos.dir setting, or "<database path>.photos".
std::string PhotoDirectory(db::Database& database) {
  auto settings = inventory::LoadSettings(database);
  if (settings.ok() && !settings->photo_dir.empty()) return settings->photo_dir;
  return database.path() + ".photos";
}

db::DatabaseOptions DatabaseAt(const std::string& path) {
  EnsureParentDirectory(path);
  return db::DatabaseOptions{.path = path};
}

// Runs the camera (or video) scan loop and pushes each scan to the desks' WebSockets.
std::unique_ptr<scanner::ScanLoop> StartScanner(const std::string& source, EventHub& events,
                                                AccessLog& log, const Clock& clock,
                                                std::atomic<const char*>& health) {
  if (source.empty()) return nullptr;
  health = "starting";
  scanner::ScanLoopOptions options;
  options.source = scanner::SourceSpec::Parse(source);
  // A camera delivers ~30 frames a second and stale ones are dropped: a short retry budget keeps
  // the loop on the newest frame rather than polishing an empty one.
  options.decode.retry_budget = std::chrono::milliseconds(40);
  // Our own labels carry a check character: a misread one is dropped, never reported.
  options.decode.accept = [](scanner::CodeFormat, std::string_view text) {
    return !text.starts_with("PK1-") || inventory::ParseLabel(text).has_value();
  };
  auto on_scan = [&events](const scanner::ScanEvent& e) {
    boost::json::object event{
        {"type", "scan"},
        {"code", e.code.text},
        {"format", scanner::FormatName(e.code.format)},
        {"quality", e.code.quality},
        {"source", e.source},
        {"capture_to_report_ms",
         std::chrono::duration_cast<std::chrono::milliseconds>(e.reported - e.captured).count()}};
    events.Publish(boost::json::serialize(event));
  };
  auto on_status = [&log, &events, &health](const scanner::SourceStatus& s) {
    static constexpr const char* kStates[] = {"opened", "lost", "retrying", "ended", "stopped"};
    const char* state = kStates[static_cast<int>(s.state)];
    health = state;
    log.Event(std::string("scanner_") + state,
              s.source + (s.message.empty() ? "" : ": " + s.message));
    events.Publish(boost::json::serialize(boost::json::object{
        {"type", "scanner"}, {"state", state}, {"source", s.source}, {"message", s.message}}));
  };
  auto loop = std::make_unique<scanner::ScanLoop>(options, on_scan, on_status, clock);
  loop->Start();
  return loop;
}

int Serve(const std::vector<std::string>& args) {
  po::options_description options("serve options");
  options.add_options()("db", po::value<std::string>()->default_value("var/prokat.db"),
                        "database file (created if missing)")(
      "listen", po::value<std::string>()->default_value("127.0.0.1:8080"),
      "address and port to listen on")("threads", po::value<int>()->default_value(2),
                                       "I/O threads")(
      "workers", po::value<int>()->default_value(4),
      "threads for request handlers (database work)")(
      "max-connections", po::value<std::size_t>()->default_value(512), "open connections at most")(
      "access-log", po::value<std::string>()->default_value(""),
      "access log file (default: stderr)")("camera", po::value<std::string>()->default_value(""),
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
  AccessLog log(vm["access-log"].as<std::string>());
  EventHub events;
  App app(database, clock, *settings,
          AppOptions{.version = PROKAT_VERSION,
                     .secure_cookies = vm["secure-cookies"].as<bool>() || !tls_cert.empty(),
                     .trust_proxy = vm["trust-proxy"].as<bool>()},
          events);
  ServerOptions server_options{.address = host,
                               .port = port,
                               .io_threads = vm["threads"].as<int>(),
                               .worker_threads = vm["workers"].as<int>(),
                               .max_connections = vm["max-connections"].as<std::size_t>(),
                               .tls_certificate_chain = tls_cert,
                               .tls_private_key = tls_key};
  server_options.route_body_limit = [&app](http::verb m, std::string_view t) {
    return app.BodyLimit(m, t);
  };
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
  auto scanner = StartScanner(scan_source, events, log, clock, app.scanner_state);
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

// Demo users' passwords: "prokat-" + login. Printed by scripts/run; never use them for real.
std::string DemoPassword(const std::string& login) { return "prokat-" + login; }

int DemoData(const std::vector<std::string>& args) {
  po::options_description options("demo-data options");
  options.add_options()("db", po::value<std::string>()->required(),
                        "database file (must be new or empty)")(
      "clock-file", po::value<std::string>()->default_value(""),
      "for tests: read the current time from this file");
  auto vm = Parse(args, options);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  db::Database database(DatabaseAt(vm["db"].as<std::string>()));
  FileClock clock(vm["clock-file"].as<std::string>());
  auto summary = inventory::GenerateDemoData(database, clock, {});
  if (!summary.ok()) throw std::runtime_error("demo data: " + summary.error().message);
  inventory::UserService users(database, clock);
  auto all = users.ListUsers({}, {.limit = 1000});
  if (!all.ok()) throw std::runtime_error(all.error().message);
  auto admin = std::find_if(all->items.begin(), all->items.end(),
                            [](const auto& u) { return u.role == inventory::Role::kAdmin; });
  for (const auto& user : all->items) {
    auto set = users.SetPasswordHash({admin->id, inventory::Role::kAdmin}, user.id,
                                     HashPassword(DemoPassword(user.login)));
    if (!set.ok()) throw std::runtime_error(set.error().message);
  }
  std::cout << "demo point created in " << database.path() << ": " << summary->items << " items, "
            << summary->families << " families, " << summary->agreements << " agreements\n";
  return 0;
}

int UserCommand(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "add")
    throw UsageError("usage: prokat user add --db PATH --login L --name N --role R");
  po::options_description options("user add options");
  options.add_options()("db", po::value<std::string>()->required(), "database file")(
      "login", po::value<std::string>()->required(), "login: 3..64 of a-z 0-9 . _ -")(
      "name", po::value<std::string>()->required(), "display name")(
      "role", po::value<std::string>()->required(), "staff, driver, supervisor or admin")(
      "point", po::value<std::int64_t>(), "rental point id");
  auto vm = Parse({args.begin() + 1, args.end()}, options);
  if (vm.count("help")) {
    std::cout << options << "The password is read from the first line of standard input.\n";
    return 0;
  }
  auto role = inventory::Parse<inventory::Role>(vm["role"].as<std::string>());
  if (!role) throw UsageError("--role must be staff, driver, supervisor or admin");
  std::string password;
  std::getline(std::cin, password);
  if (password.size() < 8)
    throw UsageError("the password (first line of stdin) must be at least 8 characters");
  db::Database database(DatabaseAt(vm["db"].as<std::string>()));
  SystemClock clock;
  inventory::UserService users(database, clock);
  std::optional<inventory::PointId> point;
  if (vm.count("point")) point = inventory::PointId(vm["point"].as<std::int64_t>());
  // Whoever can write the database file is trusted: the first admin is created without an
  // actor, later users in the name of an existing admin.
  auto admins = users.ListUsers({.role = inventory::Role::kAdmin}, {.limit = 1});
  if (!admins.ok()) throw std::runtime_error(admins.error().message);
  std::optional<inventory::Actor> actor;
  if (!admins->items.empty())
    actor = inventory::Actor{admins->items[0].id, inventory::Role::kAdmin};
  auto created =
      users.CreateUser(actor, {vm["login"].as<std::string>(), vm["name"].as<std::string>(), *role,
                               point, HashPassword(password)});
  if (!created.ok()) throw std::runtime_error(created.error().message);
  std::cout << "user " << created->login << " (" << inventory::ToString(created->role)
            << ") created with id " << created->id.value << "\n";
  return 0;
}

int Migrate(const std::vector<std::string>& args) {
  po::options_description options("migrate options");
  options.add_options()("db", po::value<std::string>()->required(), "database file");
  auto vm = Parse(args, options);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  db::Database database(DatabaseAt(vm["db"].as<std::string>()));
  std::cout << "database " << database.path() << " is at schema version "
            << database.SchemaVersion() << "\n";
  return 0;
}

int Backup(const std::vector<std::string>& args) {
  po::options_description options("backup options");
  options.add_options()("db", po::value<std::string>()->required(), "database file")(
      "to", po::value<std::string>()->required(), "backup file to write");
  auto vm = Parse(args, options);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  const std::string path = vm["db"].as<std::string>();
  if (!fs::exists(path)) throw UsageError("database file '" + path + "' does not exist");
  db::Database database(db::DatabaseOptions{.path = path});
  const std::string to = vm["to"].as<std::string>();
  db::BackupWithFiles(database, to, PhotoDirectory(database));
  db::Database copy(db::DatabaseOptions{.path = to, .migrations = {}});
  auto problems = copy.IntegrityCheck();
  if (problems != std::vector<std::string>{"ok"}) {
    std::cerr << "prokat: backup written to " << to
              << " fails integrity_check: " << problems.front() << "\n";
    return 1;
  }
  std::cout << "backup of " << path << " written to " << to << " (integrity ok)\n";
  return 0;
}

int Restore(const std::vector<std::string>& args) {
  po::options_description options("restore options");
  options.add_options()("from", po::value<std::string>()->required(),
                        "backup file (its photos: FILE.photos/)")(
      "db", po::value<std::string>()->required(), "database path to restore into")(
      "force", po::bool_switch(),
      "replace an existing database (never one a running server has open)");
  auto vm = Parse(args, options);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  const std::string to = vm["db"].as<std::string>();
  std::string refused = db::Restore(
      {.from = vm["from"].as<std::string>(), .to = to, .force = vm["force"].as<bool>()});
  if (!refused.empty()) {
    std::cerr << "prokat: restore refused: " << refused << "\n";
    return 1;
  }
  db::Database restored(DatabaseAt(to));  // brings an older backup's schema up to date
  std::cout << "restored " << vm["from"].as<std::string>() << " to " << to
            << " (integrity ok, schema version " << restored.SchemaVersion() << ")\n";
  return 0;
}

int Main(int argc, char** argv) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "prokat " << PROKAT_VERSION << "\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "serve") return Serve(args);
  if (command == "migrate") return Migrate(args);
  if (command == "backup") return Backup(args);
  if (command == "restore") return Restore(args);
  if (command == "demo-data") return DemoData(args);
  if (command == "user") return UserCommand(args);
  throw UsageError("unknown command '" + command + "'");
}

}  // namespace
}  // namespace prokat::web

int main(int argc, char** argv) {
  // Past a file-size limit (RLIMIT_FSIZE) write() must fail with EFBIG, which SQLite reports as
  // a storage error, rather than the default SIGXFSZ ending the server.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return prokat::web::Main(argc, argv);
  } catch (const prokat::web::UsageError& e) {
    std::cerr << "prokat: " << e.what() << "\n(run 'prokat --help' for usage)\n";
    return 2;
  } catch (const po::error& e) {
    std::cerr << "prokat: " << e.what() << "\n(run 'prokat --help' for usage)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "prokat: " << e.what() << "\n";
    return 1;
  }
}
