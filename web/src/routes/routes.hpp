// The route groups, one file each under routes/. Each group receives the services its handlers
// call and nothing else: no database, no App. A handler parses the request, calls one service
// and serialises the answer; the rules live in inventory/.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "auth/throttle.hpp"
#include "prokat/core/clock.hpp"
#include "prokat/inventory/accounts.hpp"
#include "prokat/inventory/inventory.hpp"
#include "router.hpp"

namespace prokat::documents {
struct Sources;
}

namespace prokat::web {

// What /healthz reports beside the database.
struct ServerStatus {
  std::string version;
  // The camera's last state: "none" (no camera or video to scan from), "starting", then
  // "opened", "lost", "retrying", "ended" or "stopped". Never the source, which may carry a
  // camera's password in its URL.
  std::atomic<const char*> scanner_state{"none"};
};

// GET /healthz's answer. With `wait` false: std::nullopt, without looking, when no database
// reader is idle now.
std::optional<Response> HealthResponse(inventory::HealthCheck& health, const ServerStatus& status,
                                       bool wait);

// The session cookie: whether it is marked Secure (HTTPS), and how long a session lasts.
struct SessionCookieOptions {
  bool secure = false;
  inventory::SessionLimits limits;
};

void AddHealthRoutes(Router& router, inventory::HealthCheck& health, const ServerStatus& status);
void AddSessionRoutes(Router& router, inventory::AccountService& accounts,
                      inventory::UserService& users, LoginThrottle& throttle,
                      SessionCookieOptions cookie);
// families, children, applications, waiting list
void AddFamilyRoutes(Router& router, inventory::FamilyService& families,
                     inventory::ApplicationService& applications, inventory::QueryService& queries);
// agreements, rules, handover and return acts
void AddAgreementRoutes(Router& router, inventory::AgreementService& agreements);
// item types, rules, kits
void AddCatalogRoutes(Router& router, inventory::CatalogService& catalog);
void AddItemRoutes(Router& router, inventory::CatalogService& catalog,
                   inventory::QueryService& queries);
// an item's care after its return: defects, the care journal, a supervisor's decision
void AddCareRoutes(Router& router, inventory::CareService& care);
// lookup, photo decoding, item labels
void AddScanRoutes(Router& router, inventory::CatalogService& catalog,
                   inventory::LookupService& lookup);
// points, users, settings (`in_effect`: the settings the running services read now)
void AddAdminRoutes(Router& router, inventory::UserService& users,
                    inventory::SettingsService& settings_store,
                    const inventory::LiveSettings& in_effect);
// deliveries, pickups, the drivers list
void AddDeliveryRoutes(Router& router, inventory::DeliveryService& deliveries,
                       inventory::AgreementService& agreements, inventory::UserService& users);
void AddReportRoutes(Router& router, inventory::QueryService& queries,
                     inventory::BoardQueries& board);
// PDFs, exports, document texts
void AddDocumentRoutes(Router& router, documents::Sources sources, const Clock& clock);
// the server's today and now, and the loan term bounds the desk offers
void AddClockRoutes(Router& router, const Clock& clock, const inventory::LiveSettings& settings);
// signatures drawn at the desk and the door
void AddSignatureRoutes(Router& router, inventory::DeliveryService& deliveries,
                        inventory::PhotoStore& photos);
// photos of items' condition
void AddPhotoRoutes(Router& router, inventory::PhotoStore& photos);

// The session cookie's name and the header that carries the CSRF token.
inline constexpr std::string_view kSessionCookie = "prokat_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The value of cookie `name` in the request's Cookie header(s), if any.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

}  // namespace prokat::web
