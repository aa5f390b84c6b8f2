#include "auth/access.hpp"

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

constexpr AccessRule Public(V m, std::string_view p) { return {m, p, true, {}}; }
constexpr AccessRule Allow(V m, std::string_view p, RoleSet r) { return {m, p, false, r}; }

// One route per line (the formatter would pack them).
// clang-format off
constexpr AccessRule kTable[] = {
    Public(V::get, "/healthz"),
    Public(V::get, "/api/v1/openapi.json"),
    Public(V::post, "/api/v1/session"),  // sign in
    Allow(V::get, "/api/v1/session", kAnyone),
    Allow(V::delete_, "/api/v1/session", kAnyone),
    Allow(V::get, "/api/v1/events", kReaders),

    Allow(V::get, "/api/v1/points", kAnyone),
    Allow(V::post, "/api/v1/points", kAdmins),
    Allow(V::get, "/api/v1/users", kAdmins),
    Allow(V::post, "/api/v1/users", kAdmins),
    Allow(V::post, "/api/v1/users/{id}/password", kAdmins),
    Allow(V::post, "/api/v1/users/{id}/active", kAdmins),
    Allow(V::get, "/api/v1/settings", kSupervisors),
    Allow(V::put, "/api/v1/settings", kAdmins),

    Allow(V::get, "/api/v1/item-types", kReaders),
    Allow(V::post, "/api/v1/item-types", kAdmins),
    Allow(V::get, "/api/v1/item-types/{id}", kReaders),
    Allow(V::get, "/api/v1/item-types/{id}/rules", kReaders),
    Allow(V::post, "/api/v1/rules", kAdmins),
    Allow(V::get, "/api/v1/items", kReaders),
    Allow(V::post, "/api/v1/items", kDesk),
    Allow(V::get, "/api/v1/items/status-counts", kReaders),
    Allow(V::get, "/api/v1/items/{id}", kReaders),
    Allow(V::patch, "/api/v1/items/{id}", kDesk),
    Allow(V::get, "/api/v1/items/{id}/history", kReaders),
    Allow(V::get, "/api/v1/items/{id}/label.png", kReaders),
    Allow(V::get, "/api/v1/items/{id}/label.svg", kReaders),
    Allow(V::post, "/api/v1/items/{id}/inspection", kDesk),
    Allow(V::post, "/api/v1/items/{id}/repair", kDesk),
    Allow(V::post, "/api/v1/items/{id}/write-off", kSupervisors),
    Allow(V::post, "/api/v1/items/{id}/lost", kSupervisors),
    Allow(V::get, "/api/v1/kits", kReaders),
    Allow(V::post, "/api/v1/kits", kDesk),
    Allow(V::get, "/api/v1/kits/{id}", kReaders),

    Allow(V::get, "/api/v1/families", kReaders),
    Allow(V::post, "/api/v1/families", kDesk),
    Allow(V::get, "/api/v1/families/{id}", kReaders),
    Allow(V::patch, "/api/v1/families/{id}", kDesk),
    Allow(V::post, "/api/v1/families/{id}/children", kDesk),
    Allow(V::get, "/api/v1/families/{id}/history", kReaders),
    Allow(V::get, "/api/v1/families/{id}/applications", kReaders),
    Allow(V::post, "/api/v1/applications", kDesk),
    Allow(V::get, "/api/v1/applications/{id}", kReaders),
    Allow(V::post, "/api/v1/applications/{id}/cancel", kDesk),
    Allow(V::get, "/api/v1/waiting-list", kReaders),

    Allow(V::post, "/api/v1/agreements", kDesk),
    Allow(V::get, "/api/v1/agreements/{id}", kReaders),
    Allow(V::post, "/api/v1/agreements/{id}/cancel", kDesk),
    Allow(V::get, "/api/v1/agreements/{id}/rules", kReaders),
    Allow(V::post, "/api/v1/agreements/{id}/acknowledgments", kDesk),
    Allow(V::post, "/api/v1/agreements/{id}/activate", kDesk),
    Allow(V::post, "/api/v1/agreements/{id}/extend", kReaders),
    Allow(V::post, "/api/v1/agreements/{id}/returns", kDesk),
    Allow(V::get, "/api/v1/agreements/{id}/returns", kReaders),
    Allow(V::post, "/api/v1/agreements/{id}/terminate", kReaders),
    Allow(V::post, "/api/v1/agreements/{id}/swap", kDesk),
    Allow(V::get, "/api/v1/agreements/{id}/handover-act", kReaders),

    Allow(V::post, "/api/v1/deliveries", kDesk),
    Allow(V::get, "/api/v1/deliveries", kDeliveryReaders),
    Allow(V::get, "/api/v1/deliveries/{id}", kDeliveryReaders),
    Allow(V::post, "/api/v1/deliveries/{id}/depart", kDeliveryWork),
    Allow(V::post, "/api/v1/deliveries/{id}/confirm", kDeliveryWork),
    Allow(V::post, "/api/v1/deliveries/{id}/fail", kDeliveryWork),

    Allow(V::get, "/api/v1/due", kReaders),
    Allow(V::get, "/api/v1/overdue", kReaders),
    Allow(V::get, "/api/v1/journal/movements", kReaders),
    Allow(V::get, "/api/v1/register/agreements", kReaders),
    Allow(V::get, "/api/v1/reports/counts", kReaders),
    Allow(V::get, "/api/v1/reports/board-summary", kReaders),
    Allow(V::get, "/api/v1/reports/utilisation", kSupervisors),
    Allow(V::get, "/api/v1/reports/waiting-list", kSupervisors),

    // Documents (routes/documents.cpp): PDFs, exports, editable texts.
    Allow(V::get, "/api/v1/agreements/{id}/agreement.pdf", kReaders),
    Allow(V::get, "/api/v1/agreements/{id}/handover-act.pdf", kReaders),
    Allow(V::get, "/api/v1/agreements/{id}/rules.pdf", kReaders),
    Allow(V::get, "/api/v1/agreements/{id}/multibox-act.pdf", kReaders),
    Allow(V::get, "/api/v1/agreements/{id}/multibox-report.pdf", kReaders),
    Allow(V::get, "/api/v1/agreements/{id}/return-acts/{act}/return-act.pdf", kReaders),
    Allow(V::get, "/api/v1/item-types/{id}/rules.pdf", kReaders),
    Allow(V::get, "/api/v1/families/{id}/application.pdf", kReaders),
    Allow(V::get, "/api/v1/families/{id}/consent.pdf", kReaders),
    Allow(V::get, "/api/v1/labels.pdf", kReaders),
    Allow(V::get, "/api/v1/exports/{name}", kReaders),
    Allow(V::get, "/api/v1/templates", kReaders),
    Allow(V::get, "/api/v1/templates/{kind}", kReaders),
    Allow(V::post, "/api/v1/templates/{kind}", kAdmins),
    Allow(V::get, "/api/v1/organization", kReaders),
    Allow(V::put, "/api/v1/organization", kAdmins),

    Allow(V::get, "/api/v1/lookup", kAnyone),
    Allow(V::post, "/api/v1/scan/decode", kAnyone),
    Allow(V::get, "/api/v1/clock", kAnyone),                               // clock
    Allow(V::get, "/api/v1/drivers", kReaders),                            // deliveries
    Allow(V::post, "/api/v1/agreements/{id}/signatures", kDesk),           // signatures
    Allow(V::post, "/api/v1/deliveries/{id}/signature", kDeliveryWork),    // signatures
    Allow(V::post, "/api/v1/agreements/{id}/photos", kDesk),               // photos
    Allow(V::get, "/api/v1/agreements/{id}/photos", kReaders),             // photos
    Allow(V::get, "/api/v1/items/{id}/photos", kReaders),                  // photos
    Allow(V::get, "/api/v1/photos/{id}", kReaders),                        // photos
};
// clang-format on

}  // namespace

std::span<const AccessRule> AccessTable() { return kTable; }

const AccessRule* FindAccessRule(http::verb method, std::string_view pattern) {
  for (const AccessRule& rule : kTable) {
    if (rule.method == method && rule.pattern == pattern) return &rule;
  }
  return nullptr;
}

}  // namespace prokat::web
