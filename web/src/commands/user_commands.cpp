// prokat demo-data and prokat user add: the commands that create users.
#include <algorithm>
#include <iostream>
#include <optional>

#include "auth/password.hpp"
#include "commands/commands.hpp"
#include "file_clock.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/users.hpp"

namespace po = boost::program_options;

namespace prokat::web::commands {
namespace {

// Demo users' passwords: "prokat-" + login. Printed by scripts/run; never use them for real.
std::string DemoPassword(const std::string& login) { return "prokat-" + login; }

}  // namespace

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
      "point", po::value<std::vector<std::int64_t>>()->composing(),
      "rental point id (repeat for a supervisor or admin given several points)")(
      "all-points", "every rental point (supervisor, admin); an admin without --point has it");
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
  inventory::PointAssignment points;
  if (vm.count("point")) {
    for (auto id : vm["point"].as<std::vector<std::int64_t>>()) {
      if (!points.point) {
        points.point = inventory::PointId(id);
      } else {
        points.more_points.emplace_back(id);
      }
    }
  }
  points.all_points =
      vm.count("all-points") > 0 || (*role == inventory::Role::kAdmin && !points.point);
  // Whoever can write the database file is trusted: the first admin is created without an
  // actor, later users in the name of an existing admin.
  auto admins = users.ListUsers({.role = inventory::Role::kAdmin}, {.limit = 1});
  if (!admins.ok()) throw std::runtime_error(admins.error().message);
  std::optional<inventory::Actor> actor;
  if (!admins->items.empty())
    actor = inventory::Actor{admins->items[0].id, inventory::Role::kAdmin};
  auto created =
      users.CreateUser(actor, {vm["login"].as<std::string>(), vm["name"].as<std::string>(), *role,
                               points, HashPassword(password)});
  if (!created.ok()) throw std::runtime_error(created.error().message);
  std::cout << "user " << created->login << " (" << inventory::ToString(created->role)
            << ") created with id " << created->id.value << "\n";
  return 0;
}

}  // namespace prokat::web::commands
