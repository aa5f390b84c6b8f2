// GET /api/v1/clock: the server's today and now, for the browser UI (the server's clock can be
// moved in tests; a browser's clock is not the point's).
#include <boost/json.hpp>

#include "app.hpp"

namespace prokat::web {

void AddClockRoutes(Router& router, App& app) {
  router.Add(http::verb::get, "/api/v1/clock", [&app](RouteContext&) {
    return JsonResponse(
        http::status::ok,
        boost::json::object{
            {"today", inventory::FormatDate(inventory::LocalToday(app.clock, app.settings))},
            {"now", inventory::FormatTimestamp(
                        std::chrono::floor<std::chrono::seconds>(app.clock.Now()))}});
  });
}

}  // namespace prokat::web
