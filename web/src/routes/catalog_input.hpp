// Input helpers shared by the catalogue's route files (catalog.cpp, items.cpp, scan.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "api/errors.hpp"
#include "prokat/core/error.hpp"
#include "router.hpp"

namespace prokat::web::catalog {

// kInvalidArgument "unknown_field" naming the first member of `body` not in `allowed`, so that a
// misspelt or read-only field ("status" in a PATCH) is refused instead of silently ignored.
inline std::optional<Error> UnknownField(const boost::json::object& body,
                                         std::initializer_list<std::string_view> allowed) {
  for (const auto& member : body) {
    bool known = false;
    for (auto name : allowed) known = known || member.key() == name;
    if (!known) {
      return Error{ErrorCode::kInvalidArgument, "unknown field '" + std::string(member.key()) + "'",
                   std::string(member.key()), "unknown_field"};
    }
  }
  return std::nullopt;
}

// ErrorToResponse with the inventory's field names turned into the request's JSON names
// ("type" -> "type_id", ...).
inline Response Refuse(Error error) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"type", "type_id"},
      {"point", "point_id"},
      {"rules", "rules_document_id"},
      {"items", "item_ids"}};
  for (auto [from, to] : kNames) {
    if (error.field == from) error.field = to;
  }
  return ErrorToResponse(error);
}

inline Response NoSuch(std::string_view what) {
  return ErrorToResponse(Error::NotFound("no such " + std::string(what)));
}

}  // namespace prokat::web::catalog
