// The usage text, the dispatch to a command, and the option handling the commands share.
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands/commands.hpp"
#include "prokat/inventory/types.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace prokat::web::commands {
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

void EnsureParentDirectory(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
}

}  // namespace

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

std::string PhotoDirectory(db::Database& database) {
  auto settings = inventory::LoadSettings(database);
  if (settings.ok() && !settings->photo_dir.empty()) return settings->photo_dir;
  return database.path() + ".photos";
}

db::DatabaseOptions DatabaseAt(const std::string& path) {
  EnsureParentDirectory(path);
  return db::DatabaseOptions{.path = path};
}

int RunCommandLine(int argc, char** argv) {
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

}  // namespace prokat::web::commands
