#include <boost/json.hpp>

#include "app.hpp"

namespace prokat::web {

void AddHealthRoutes(Router& router, App& app) {
  // GET /healthz: 200 {"status":"ok","db":"ok","version":...}; 503 with the reason when the
  // database cannot be read. For load balancers and monitoring: no sign-in needed.
  router.Add(http::verb::get, "/healthz", [&app](RouteContext&) {
    try {
      app.db.CheckReadable();
      return JsonResponse(http::status::ok, {{"status", "ok"}, {"db", "ok"}, {"version", app.options.version}});
    } catch (const std::exception& e) {
      return JsonResponse(http::status::service_unavailable, {{"status", "error"},
                                                              {"db", "error"},
                                                              {"reason", e.what()},
                                                              {"version", app.options.version}});
    }
  });
}

}  // namespace prokat::web
