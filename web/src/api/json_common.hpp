// Small pieces of the API's JSON shared by the json_*.cpp mappers: absent values are null.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "prokat/inventory/types.hpp"

namespace prokat::web {

inline boost::json::value OptionalDateJson(const std::optional<inventory::Date>& d) {
  return d ? boost::json::value(inventory::FormatDate(*d)) : boost::json::value(nullptr);
}

// A timestamp as the API shows it: the stored UTC text, "2026-03-01T09:30:00Z".
inline boost::json::value TimeJson(inventory::Timestamp t) {
  return boost::json::value(inventory::FormatTimestamp(t));
}
inline boost::json::value OptionalTimeJson(const std::optional<inventory::Timestamp>& t) {
  return t ? TimeJson(*t) : boost::json::value(nullptr);
}

template <typename IdT>
boost::json::value OptionalIdJson(const std::optional<IdT>& id) {
  return id ? boost::json::value(id->value) : boost::json::value(nullptr);
}

// An empty text (a timestamp not yet set, a number not yet given) as null.
inline boost::json::value OptionalText(const std::string& s) {
  return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}

}  // namespace prokat::web
