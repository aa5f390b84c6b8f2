// prokat: the rental-point server and its maintenance commands.
// main() builds the database, then the web application over it, and passes references down.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "app.hpp"
#include "prokat/db/database.hpp"
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

Every command accepts --config FILE: lines of "key = value" with the same names as the
options (db = var/prokat.db). Options given on the command line win over the file.
Run "prokat COMMAND --help" for a command's options.
)";

// Thrown for a mistake in how the command was called; main prints it with the usage hint.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

po::variables_map Parse(const std::vector<std::string>& args, const po::options_description& options) {
  po::options_description all = options;
  all.add_options()("help,h", "show this help")("config", po::value<std::string>(), "configuration file");
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
  if (colon == std::string::npos || colon == 0) throw UsageError("--listen must be ADDR:PORT, got '" + listen + "'");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = listen.substr(colon + 1);
  std::size_t used = 0;
  unsigned long port = 0;
  try {
    port = std::stoul(port_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != port_text.size() || port > 65535) throw UsageError("--listen port must be 0..65535, got '" + port_text + "'");
  return {host, static_cast<unsigned short>(port)};
}

db::DatabaseOptions DatabaseAt(const std::string& path) {
  EnsureParentDirectory(path);
  return db::DatabaseOptions{.path = path};
}

int Serve(const std::vector<std::string>& args) {
  po::options_description options("serve options");
  options.add_options()
      ("db", po::value<std::string>()->default_value("var/prokat.db"), "database file (created if missing)")
      ("listen", po::value<std::string>()->default_value("127.0.0.1:8080"), "address and port to listen on")
      ("threads", po::value<int>()->default_value(2), "I/O threads")
      ("workers", po::value<int>()->default_value(4), "threads for request handlers (database work)")
      ("max-connections", po::value<std::size_t>()->default_value(512), "open connections at most")
      ("access-log", po::value<std::string>()->default_value(""), "access log file (default: stderr)");
  auto vm = Parse(args, options);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  auto [host, port] = ParseListen(vm["listen"].as<std::string>());
  db::Database database(DatabaseAt(vm["db"].as<std::string>()));
  AccessLog log(vm["access-log"].as<std::string>());
  AppContext app{database, PROKAT_VERSION};
  Router router = BuildRouter(app);
  ServerOptions server_options{.address = host,
                               .port = port,
                               .io_threads = vm["threads"].as<int>(),
                               .worker_threads = vm["workers"].as<int>(),
                               .max_connections = vm["max-connections"].as<std::size_t>()};
  Server server(server_options,
                [&router](const Request& request, RequestInfo& info) { return router.Handle(request, info); }, log);
  server.Run();
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
  std::cout << "database " << database.path() << " is at schema version " << database.SchemaVersion() << "\n";
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
  database.BackupTo(to);
  db::Database copy(db::DatabaseOptions{.path = to, .migrations = {}});
  auto problems = copy.IntegrityCheck();
  if (problems != std::vector<std::string>{"ok"}) {
    std::cerr << "prokat: backup written to " << to << " fails integrity_check: " << problems.front() << "\n";
    return 1;
  }
  std::cout << "backup of " << path << " written to " << to << " (integrity ok)\n";
  return 0;
}

int Main(int argc, char** argv) {
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
  throw UsageError("unknown command '" + command + "'");
}

}  // namespace
}  // namespace prokat::web

int main(int argc, char** argv) {
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
