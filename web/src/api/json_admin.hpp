// JSON of rental points, users and installation settings (administration routes).
#pragma once

#include <boost/json/object.hpp>

#include "prokat/inventory/types.hpp"
#include "prokat/inventory/users.hpp"

namespace prokat::web {

// {id, name, address, code}
boost::json::object PointJson(const inventory::Point& point);
// {id, login, display_name, role, point_id (or null), active, created_at}; never the hash.
boost::json::object UserJson(const inventory::User& user);
// {min_term_months, max_term_months, max_total_term_months, reservation_lapse_days,
//  utc_offset_minutes, custody_default_days}; the photo directory is not shown (a server path).
boost::json::object SettingsJson(const inventory::InventorySettings& settings);

}  // namespace prokat::web
