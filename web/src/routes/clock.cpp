// GET /api/v1/clock: the server's today and now, for the browser UI (the server's clock can be
// moved in tests; a browser's clock is not the point's).
#include <boost/json.hpp>

#include "routes/routes.hpp"

namespace prokat::web {

void AddClockRoutes(Router& router, const Clock& clock,
                    const inventory::InventorySettings& settings) {
  router.Add(http::verb::get, "/api/v1/clock", [&clock, &settings](RouteContext&) {
    return JsonResponse(
        http::status::ok,
        boost::json::object{
            {"today", inventory::FormatDate(inventory::LocalToday(clock, settings))},
            {"now",
             inventory::FormatTimestamp(std::chrono::floor<std::chrono::seconds>(clock.Now()))}});
  });
}

}  // namespace prokat::web
