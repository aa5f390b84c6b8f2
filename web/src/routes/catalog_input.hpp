// Input helpers shared by the catalogue's route files (catalog.cpp, items.cpp, scan.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

#include "api/errors.hpp"
#include "prokat/core/error.hpp"

namespace prokat::web::catalog {

// kInvalidArgument "unknown_field" naming the first member of `body` not in `allowed`, so that a
// misspelt or read-only field ("status" in a PATCH) is refused instead of silently ignored.
inline std::optional<Error> UnknownField(const boost::json::object& body,
                                         std::initializer_list<std::string_view> allowed) {
  for (const auto& member : body) {
    bool known = false;
    for (auto name : allowed) known = known || member.key() == name;
    if (!known) {
      return Error::InvalidArgument("unknown field '" + std::string(member.key()) + "'",
                                    std::string(member.key()), "unknown_field");
    }
  }
  return std::nullopt;
}

// The inventory's field names as the catalogue's requests name them, for ErrorToResponse.
inline constexpr std::pair<std::string_view, std::string_view> kFieldNames[] = {
    {"type", "type_id"},
    {"point", "point_id"},
    {"rules", "rules_document_id"},
    {"items", "item_ids"}};

}  // namespace prokat::web::catalog
