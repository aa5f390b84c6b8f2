// The application: every route of the server, built over the modules main() created.
#pragma once

#include <string>

#include "prokat/db/database.hpp"
#include "router.hpp"

namespace prokat::web {

struct AppContext {
  db::Database& db;
  std::string version;
};

Router BuildRouter(AppContext& app);

// Route groups, one file each under routes/.
void AddHealthRoutes(Router& router, AppContext& app);

}  // namespace prokat::web
