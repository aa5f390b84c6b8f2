// prokat migrate, backup and restore: the commands that work on the database file itself.
#include <filesystem>
#include <iostream>

#include "commands/commands.hpp"
#include "prokat/db/backup.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace prokat::web::commands {

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

}  // namespace prokat::web::commands
