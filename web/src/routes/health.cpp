#include <boost/json.hpp>

#include "api/errors.hpp"
#include "routes/routes.hpp"
#include "static_files.hpp"

namespace prokat::web {

std::optional<Response> HealthResponse(inventory::HealthCheck& health, const ServerStatus& status,
                                       bool wait) {
  const char* scanner = status.scanner_state.load();
  std::optional<Result<void>> readable;
  if (wait) {
    readable = health.Check();
  } else {
    readable = health.TryCheck();
    if (!readable) return std::nullopt;
  }
  if (!readable->ok()) {
    return JsonResponse(http::status::service_unavailable, {{"status", "error"},
                                                            {"db", "error"},
                                                            {"reason", readable->error().message},
                                                            {"scanner", scanner},
                                                            {"version", status.version}});
  }
  // Written out rather than built as a JSON value: the load balancers ask often.
  return JsonResponse(http::status::ok,
                      R"({"status":"ok","db":"ok","scanner":)" +
                          boost::json::serialize(boost::json::value(scanner)) + R"(,"version":)" +
                          boost::json::serialize(boost::json::value(status.version)) + "}");
}

void AddHealthRoutes(Router& router, inventory::HealthCheck& health, const ServerStatus& status) {
  // GET /healthz: 200 {"status":"ok","db":"ok","scanner":...,"version":...}; 503 with the
  // reason when the database cannot be read. A camera that is away does not make the server
  // unhealthy (keyboard scanners and typing still work); monitoring reads "scanner" for that.
  // For load balancers and monitoring: no sign-in needed. Usually answered by App::HandleQuick
  // on the I/O thread; this route serves it when no reader was idle.
  router.Add(http::verb::get, "/healthz",
             [&health, &status](RouteContext&) { return *HealthResponse(health, status, true); });

  // GET /api/v1/openapi.json: the API description (scripts/gen-openapi.py writes it into
  // web/ui/, tests/unit/web/openapi_test.cpp keeps it equal to the routes).
  router.Add(http::verb::get, "/api/v1/openapi.json", [](RouteContext& ctx) {
    const EmbeddedFile* file = FindEmbeddedFile("/openapi.json");
    if (!file) return ErrorToResponse(Error::NotFound("no API description in this build"));
    return StaticFileResponse(ctx.request, *file);
  });
}

}  // namespace prokat::web
