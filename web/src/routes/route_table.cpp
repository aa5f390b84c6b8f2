#include "routes/route_table.hpp"

namespace prokat::web {

namespace {

using enum inventory::Role;
using V = http::verb;

constexpr RoleSet kAnyone{kStaff, kDriver, kSupervisor, kAdmin};
constexpr RoleSet kDesk{kStaff, kAdmin};                  // changes the desk makes
constexpr RoleSet kReaders{kStaff, kSupervisor, kAdmin};  // read everything but routes
constexpr RoleSet kSupervisors{kSupervisor, kAdmin};      // decisions of a supervisor
constexpr RoleSet kAdmins{kAdmin};
constexpr RoleSet kDeliveryWork{kStaff, kDriver, kAdmin};  // drivers act on their own only
constexpr RoleSet kDeliveryReaders{kStaff, kDriver, kSupervisor, kAdmin};

constexpr RouteRule Public(V m, std::string_view p, Body b) { return {m, p, true, {}, b}; }
constexpr RouteRule Allow(V m, std::string_view p, RoleSet r, Body b) {
  return {m, p, false, r, b};
}

// One route per line (the formatter would pack them). scripts/gen-openapi.py reads these rows
// as written: Public(method, pattern, body) or Allow(method, pattern, roles, body).
// clang-format off
constexpr RouteRule kTable[] = {
    Public(V::get, "/healthz", kNoBody),
    Public(V::get, "/api/v1/openapi.json", kNoBody),
    Public(V::post, "/api/v1/session", kJson),  // sign in
    Allow(V::get, "/api/v1/session", kAnyone, kNoBody),
    Allow(V::delete_, "/api/v1/session", kAnyone, kNoBody),
    Allow(V::get, "/api/v1/events", kReaders, kNoBody),

    Allow(V::get, "/api/v1/points", kAnyone, kNoBody),
    Allow(V::post, "/api/v1/points", kAdmins, kJson),
    Allow(V::patch, "/api/v1/points/{id}", kAdmins, kJson),
    Allow(V::post, "/api/v1/session/password", kAnyone, kJson),  // one's own, with the current
    Allow(V::get, "/api/v1/users", kAdmins, kNoBody),
    Allow(V::post, "/api/v1/users", kAdmins, kJson),
    Allow(V::post, "/api/v1/users/{id}/password", kAdmins, kJson),
    Allow(V::post, "/api/v1/users/{id}/active", kAdmins, kJson),
    Allow(V::post, "/api/v1/users/{id}/points", kAdmins, kJson),
    Allow(V::get, "/api/v1/settings", kSupervisors, kNoBody),
    Allow(V::put, "/api/v1/settings", kAdmins, kJson),

    Allow(V::get, "/api/v1/item-types", kReaders, kNoBody),
    Allow(V::post, "/api/v1/item-types", kDesk, kJson),
    Allow(V::get, "/api/v1/item-types/{id}", kReaders, kNoBody),
    Allow(V::patch, "/api/v1/item-types/{id}", kDesk, kJson),
    Allow(V::get, "/api/v1/item-types/{id}/rules", kReaders, kNoBody),
    Allow(V::post, "/api/v1/rules", kAdmins, kJson),
    Allow(V::get, "/api/v1/items", kReaders, kNoBody),
    Allow(V::post, "/api/v1/items", kDesk, kJson),
    Allow(V::get, "/api/v1/items/status-counts", kReaders, kNoBody),
    Allow(V::get, "/api/v1/items/{id}", kReaders, kNoBody),
    Allow(V::patch, "/api/v1/items/{id}", kDesk, kJson),
    Allow(V::get, "/api/v1/items/{id}/history", kReaders, kNoBody),
    Allow(V::get, "/api/v1/items/{id}/label.png", kReaders, kNoBody),
    Allow(V::get, "/api/v1/items/{id}/label.svg", kReaders, kNoBody),
    Allow(V::post, "/api/v1/items/{id}/inspection", kDesk, kJson),
    Allow(V::post, "/api/v1/items/{id}/repair", kDesk, kJson),
    Allow(V::post, "/api/v1/items/{id}/write-off", kSupervisors, kJson),
    Allow(V::post, "/api/v1/items/{id}/lost", kSupervisors, kJson),
    Allow(V::post, "/api/v1/items/{id}/transfer", kSupervisors, kJson),
    Allow(V::get, "/api/v1/items/{id}/care", kReaders, kNoBody),
    Allow(V::post, "/api/v1/items/{id}/care/steps", kDesk, kJson),
    Allow(V::post, "/api/v1/items/{id}/care/restore", kDesk, kJson),
    Allow(V::post, "/api/v1/items/{id}/care/decision", kSupervisors, kJson),
    Allow(V::get, "/api/v1/kits", kReaders, kNoBody),
    Allow(V::post, "/api/v1/kits", kDesk, kJson),
    Allow(V::get, "/api/v1/kits/{id}", kReaders, kNoBody),
    Allow(V::patch, "/api/v1/kits/{id}", kDesk, kJson),
    Allow(V::post, "/api/v1/kits/{id}/take-apart", kDesk, kJson),

    Allow(V::get, "/api/v1/families", kReaders, kNoBody),
    Allow(V::post, "/api/v1/families", kDesk, kJson),
    Allow(V::get, "/api/v1/families/{id}", kReaders, kNoBody),
    Allow(V::patch, "/api/v1/families/{id}", kDesk, kJson),
    Allow(V::post, "/api/v1/families/{id}/children", kDesk, kJson),
    Allow(V::get, "/api/v1/families/{id}/history", kReaders, kNoBody),
    Allow(V::get, "/api/v1/families/{id}/applications", kReaders, kNoBody),
    Allow(V::post, "/api/v1/applications", kDesk, kJson),
    Allow(V::get, "/api/v1/applications/{id}", kReaders, kNoBody),
    Allow(V::post, "/api/v1/applications/{id}/cancel", kDesk, kJson),
    Allow(V::get, "/api/v1/waiting-list", kReaders, kNoBody),

    Allow(V::post, "/api/v1/agreements", kDesk, kJson),
    Allow(V::get, "/api/v1/agreements/{id}", kReaders, kNoBody),
    Allow(V::post, "/api/v1/agreements/{id}/cancel", kDesk, kJson),
    Allow(V::get, "/api/v1/agreements/{id}/rules", kReaders, kNoBody),
    Allow(V::post, "/api/v1/agreements/{id}/acknowledgments", kDesk, kJson),
    Allow(V::post, "/api/v1/agreements/{id}/activate", kDesk, kJson),
    Allow(V::post, "/api/v1/agreements/{id}/extend", kReaders, kJson),
    Allow(V::post, "/api/v1/agreements/{id}/returns", kDesk, kJson),
    Allow(V::get, "/api/v1/agreements/{id}/returns", kReaders, kNoBody),
    Allow(V::post, "/api/v1/agreements/{id}/terminate", kReaders, kJson),
    Allow(V::post, "/api/v1/agreements/{id}/swap", kDesk, kJson),
    Allow(V::get, "/api/v1/agreements/{id}/handover-act", kReaders, kNoBody),

    Allow(V::post, "/api/v1/deliveries", kDesk, kJson),
    Allow(V::get, "/api/v1/deliveries", kDeliveryReaders, kNoBody),
    Allow(V::get, "/api/v1/deliveries/{id}", kDeliveryReaders, kNoBody),
    Allow(V::post, "/api/v1/deliveries/{id}/depart", kDeliveryWork, kJson),
    Allow(V::post, "/api/v1/deliveries/{id}/confirm", kDeliveryWork, kJson),
    Allow(V::post, "/api/v1/deliveries/{id}/fail", kDeliveryWork, kJson),

    Allow(V::get, "/api/v1/due", kReaders, kNoBody),
    Allow(V::get, "/api/v1/overdue", kReaders, kNoBody),
    Allow(V::get, "/api/v1/journal/movements", kReaders, kNoBody),
    Allow(V::get, "/api/v1/register/agreements", kReaders, kNoBody),
    Allow(V::get, "/api/v1/reports/counts", kReaders, kNoBody),
    Allow(V::get, "/api/v1/reports/board-summary", kReaders, kNoBody),
    Allow(V::get, "/api/v1/reports/utilisation", kSupervisors, kNoBody),
    Allow(V::get, "/api/v1/reports/waiting-list", kSupervisors, kNoBody),

    // Documents (routes/documents.cpp): PDFs, exports, editable texts.
    Allow(V::get, "/api/v1/agreements/{id}/agreement.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/agreements/{id}/handover-act.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/agreements/{id}/rules.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/agreements/{id}/multibox-act.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/agreements/{id}/multibox-report.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/agreements/{id}/return-acts/{act}/return-act.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/item-types/{id}/rules.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/items/{id}/write-off-act.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/items/{id}/loss-act.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/families/{id}/application.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/families/{id}/consent.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/labels.pdf", kReaders, kNoBody),
    Allow(V::get, "/api/v1/exports/{name}", kReaders, kNoBody),
    Allow(V::get, "/api/v1/templates", kReaders, kNoBody),
    Allow(V::get, "/api/v1/templates/{kind}", kReaders, kNoBody),
    Allow(V::post, "/api/v1/templates/{kind}", kAdmins, kJson),
    Allow(V::post, "/api/v1/templates/{kind}/preview", kAdmins, kJson),
    Allow(V::get, "/api/v1/rules", kReaders, kNoBody),
    Allow(V::post, "/api/v1/rules/preview", kAdmins, kJson),
    Allow(V::get, "/api/v1/organization", kReaders, kNoBody),
    Allow(V::put, "/api/v1/organization", kAdmins, kJson),

    // Scanning (routes/scan.cpp): a code typed or read, a phone photo of a label.
    Allow(V::get, "/api/v1/lookup", kAnyone, kNoBody),
    Allow(V::post, "/api/v1/scan/decode", kAnyone, kImage),

    Allow(V::get, "/api/v1/clock", kAnyone, kNoBody),     // routes/clock.cpp
    Allow(V::get, "/api/v1/drivers", kReaders, kNoBody),  // routes/deliveries.cpp

    // Signatures drawn on screen (routes/signatures.cpp) and condition photos (routes/photos.cpp)
    // arrive as raw images.
    Allow(V::post, "/api/v1/agreements/{id}/signatures", kDesk, kImage),
    Allow(V::post, "/api/v1/deliveries/{id}/signature", kDeliveryWork, kImage),
    Allow(V::post, "/api/v1/agreements/{id}/photos", kDesk, kImage),
    Allow(V::get, "/api/v1/agreements/{id}/photos", kReaders, kNoBody),
    Allow(V::post, "/api/v1/items/{id}/photos", kDesk, kImage),
    Allow(V::get, "/api/v1/items/{id}/photos", kReaders, kNoBody),
    Allow(V::get, "/api/v1/photos/{id}", kReaders, kNoBody),
};
// clang-format on

// A GET carries no body, an image arrives only with a POST, and no route is named twice.
constexpr bool Consistent() {
  for (const RouteRule& rule : kTable) {
    if (rule.method == V::get && rule.body.kind != BodyKind::kNone) return false;
    if (rule.body.kind == BodyKind::kRawImage && rule.method != V::post) return false;
    if (rule.body.kind != BodyKind::kNone && !rule.body.limit) return false;
    int same = 0;
    for (const RouteRule& other : kTable)
      same += other.method == rule.method && other.pattern == rule.pattern;
    if (same != 1) return false;
  }
  return true;
}
static_assert(Consistent());

}  // namespace

std::span<const RouteRule> RouteTable() { return kTable; }

const RouteRule* FindRouteRule(http::verb method, std::string_view pattern) {
  for (const RouteRule& rule : kTable) {
    if (rule.method == method && rule.pattern == pattern) return &rule;
  }
  return nullptr;
}

}  // namespace prokat::web
