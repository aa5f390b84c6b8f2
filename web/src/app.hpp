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
#include "prokat/web/event_hub.hpp"
#include "prokat/web/server.hpp"
#include "router.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

struct AppOptions {
  std::string version;
  bool secure_cookies = false;  // serving HTTPS (directly or behind a TLS proxy)
  bool trust_proxy = false;     // take the client address from X-Forwarded-For (behind nginx)
  inventory::SessionLimits session_limits;
  AccessLog* log = nullptr;  // failed and throttled sign-ins are logged here
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
  // The route table's limit for the route of `method` and `target`; std::nullopt (the server's
  // default) for a route taking no body, or no route. Never blocks.
  std::optional<std::uint64_t> BodyLimit(http::verb method, std::string_view target) const;
  // The server's AdmitHeader, for a request announcing a body: refused unread with the answer
  // Handle() would give when no route matches (404, 405), the route takes no body (413), the
  // session cookie is missing or not a live session (401), the role may not call the route or
  // the CSRF token is wrong (403); otherwise the route's body limit. The session is looked up
  // on an idle database reader only: when none is idle the body is admitted with the route's
  // limit and Handle() decides after it is read, so that the I/O thread never waits on the
  // database (the server's body budget still bounds what such requests hold).
  Admission Admit(const Request& header, const RequestInfo& info);

  const Router& router() const { return router_; }

  Services services;
  ServerStatus status;  // the scanner bridge writes its camera's state here

 private:
  // The signed-in session of the request's cookie, or the reason there is none.
  Result<inventory::Session> Authenticate(const Request& request);
  // The points of the user's account, as the event hub filters by them.
  Result<EventPoints> PointsOf(inventory::UserId user);
  void TakeForwardedAddress(const Request& request, RequestInfo& info) const;
  Response Dispatch(const Router::Match& match, RouteContext& context);
  Response Idempotent(const Router::Match& match, RouteContext& context, const std::string& key);

  db::Database& db_;
  const AppOptions options_;
  LoginThrottle throttle_;
  EventHub& events_;
  Router router_;
};

}  // namespace prokat::web
