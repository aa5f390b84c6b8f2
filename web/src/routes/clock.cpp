// GET /api/v1/clock: the server's today and now, for the browser UI (the server's clock can be
// moved in tests; a browser's clock is not the point's), and the loan term bounds in force, which
// the desk's term menu offers (the settings themselves are for supervisors and admins).
#include <boost/json.hpp>

#include "routes/routes.hpp"

namespace prokat::web {

void AddClockRoutes(Router& router, const Clock& clock, const inventory::LiveSettings& live) {
  router.Add(http::verb::get, "/api/v1/clock", [&clock, &live](RouteContext&) {
    const inventory::InventorySettings settings = live.Get();
    return JsonResponse(
        http::status::ok,
        boost::json::object{
            {"today", inventory::FormatDate(inventory::LocalToday(clock, settings))},
            {"now",
             inventory::FormatTimestamp(std::chrono::floor<std::chrono::seconds>(clock.Now()))},
            {"min_term_months", settings.min_term_months},
            {"max_term_months", settings.max_term_months}});
  });
}

}  // namespace prokat::web
