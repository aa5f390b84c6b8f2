#include "api/json_admin.hpp"

namespace prokat::web {

namespace json = boost::json;

json::object PointJson(const inventory::Point& point) {
  return {{"id", point.id.value},
          {"name", point.name},
          {"address", point.address},
          {"code", point.code}};
}

json::object UserJson(const inventory::User& user) {
  json::object out{{"id", user.id.value},
                   {"login", user.login},
                   {"display_name", user.display_name},
                   {"role", inventory::ToString(user.role)}};
  out["point_id"] = user.point ? json::value(user.point->value) : json::value(nullptr);
  out["all_points"] = user.points.all;
  json::array points;
  for (auto p : user.points.points) points.push_back(p.value);
  out["points"] = std::move(points);
  out["active"] = user.active;
  out["created_at"] = inventory::FormatTimestamp(user.created_at);
  return out;
}

json::object SettingsJson(const inventory::InventorySettings& s) {
  return {{"min_term_months", s.min_term_months},
          {"max_term_months", s.max_term_months},
          {"max_total_term_months", s.max_total_term_months},
          {"reservation_lapse_days", s.reservation_lapse_days},
          {"utc_offset_minutes", s.utc_offset_minutes},
          {"custody_default_days", s.custody_default_days}};
}

}  // namespace prokat::web
