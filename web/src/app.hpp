// The application: every route of the server over the inventory services, with the request
// pipeline in front of them (sign-in, the route table's roles and body kinds, CSRF, idempotency,
// change events), and each request's body limit from the route table for the server.
// Thread-safe after construction: Handle() is called concurrently from the worker threads.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "auth/throttle.hpp"
#include "prokat/core/clock.hpp"
#include "prokat/db/database.hpp"
#include "prokat/inventory/accounts.hpp"
#include "prokat/inventory/inventory.hpp"
#include "prokat/scanner/decode.hpp"
#include "prokat/web/event_hub.hpp"
#include "router.hpp"

namespace prokat::web {

struct AppOptions {
  std::string version;
  bool secure_cookies = false;  // serving HTTPS (directly or behind a TLS proxy)
  bool trust_proxy = false;     // take the client address from X-Forwarded-For (behind nginx)
  inventory::SessionLimits session_limits;
  // The raw image routes' body limit in the route table: one number, not a setting.
  static constexpr std::uint64_t max_photo_bytes = kMaxPhotoBytes;
};

// The inventory services, and the accounts (sessions, idempotency answers) the web layer keeps.
struct Services : inventory::Inventory {
  Services(db::Database& db, const Clock& clock, const inventory::InventorySettings& settings)
      : inventory::Inventory(db, clock, settings), accounts(db, clock) {}

  inventory::AccountService accounts;
};

class App {
 public:
  App(db::Database& db, const Clock& clock, inventory::InventorySettings settings,
      AppOptions options, EventHub& events);

  // The server's Handler: the whole pipeline for one request.
  Response Handle(const Request& request, RequestInfo& info);
  // The server's QuickHandler: the same answers as Handle() for GET /healthz when a database
  // reader is idle, and for the embedded files (and their 404s), without blocking; std::nullopt
  // for everything else.
  std::optional<Response> HandleQuick(const Request& request, RequestInfo& info);
  // The server's UpgradeCheck for /api/v1/events.
  std::optional<Response> AuthorizeUpgrade(const Request& request, RequestInfo& info);
  // The server's RouteBodyLimit: the route table's limit for the route of `method` and
  // `target`; std::nullopt (the server's default) for a route taking no body, or no route.
  // Never blocks: called on an I/O thread.
  std::optional<std::uint64_t> BodyLimit(http::verb method, std::string_view target) const;

  const Router& router() const { return router_; }

  db::Database& db;
  const Clock& clock;
  const inventory::InventorySettings settings;
  const AppOptions options;
  Services services;
  LoginThrottle throttle;
  EventHub& events;
  // The camera's last state for /healthz: "none" (no camera or video to scan from), "starting",
  // then "opened", "lost", "retrying", "ended" or "stopped". Never the source, which may carry a
  // camera's password in its URL.
  std::atomic<const char*> scanner_state{"none"};

 private:
  // The signed-in session of the request's cookie, or the reason there is none.
  Result<inventory::Session> Authenticate(const Request& request);
  void TakeForwardedAddress(const Request& request, RequestInfo& info) const;
  Response Dispatch(const Router::Match& match, RouteContext& context);
  Response Idempotent(const Router::Match& match, RouteContext& context, const std::string& key);

  Router router_;
};

// GET /healthz's answer. With `wait` false: std::nullopt, without looking, when no database
// reader is idle now.
std::optional<Response> HealthResponse(App& app, bool wait);

// Route groups, one file each under routes/.
void AddHealthRoutes(Router& router, App& app);
void AddSessionRoutes(Router& router, App& app);
void AddFamilyRoutes(Router& router, App& app);  // families, children, applications, waiting list
void AddAgreementRoutes(Router& router, App& app);  // agreements, rules, handover and return acts
void AddCatalogRoutes(Router& router, App& app);    // item types, rules, kits
void AddItemRoutes(Router& router, App& app);
void AddScanRoutes(Router& router, App& app);  // lookup, photo decoding, item labels
void AddAdminRoutes(Router& router, App& app);
void AddDeliveryRoutes(Router& router, App& app);  // deliveries, pickups, the drivers list
void AddReportRoutes(Router& router, App& app);
void AddDocumentRoutes(Router& router, App& app);   // PDFs, exports, document texts
void AddClockRoutes(Router& router, App& app);      // the server's today and now
void AddSignatureRoutes(Router& router, App& app);  // signatures drawn at the desk and the door
void AddPhotoRoutes(Router& router, App& app);      // photos of items' condition

// The session cookie's name and the header that carries the CSRF token.
inline constexpr std::string_view kSessionCookie = "prokat_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The value of cookie `name` in the request's Cookie header(s), if any.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

}  // namespace prokat::web
