#include "app.hpp"

namespace prokat::web {

Router BuildRouter(AppContext& app) {
  Router router;
  AddHealthRoutes(router, app);
  return router;
}

}  // namespace prokat::web
