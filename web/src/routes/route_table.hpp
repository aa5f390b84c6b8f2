// The route table: every route of the server, one row each (route_table.cpp), naming its method,
// path pattern, who may call it (public, or the roles allowed) and the body it takes (none, JSON
// or a raw image) with the most bytes that body may have. The rest derives from the rows:
// Router::Add refuses a route without one; App::Dispatch checks sign-in, role and CSRF token
// and, by body kind, the JSON Content-Type and the change event; App::BodyLimit gives the server
// each request's body limit from its header; scripts/gen-openapi.py writes web/ui/openapi.json.
// The role test walks the rows for every role and for a signed-out client.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>

#include "prokat/inventory/types.hpp"
#include "prokat/web/http.hpp"

namespace prokat::web {

class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<inventory::Role> roles) {
    for (auto r : roles) bits_ |= Bit(r);
  }
  constexpr bool Contains(inventory::Role r) const { return bits_ & Bit(r); }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  static constexpr unsigned Bit(inventory::Role r) { return 1u << static_cast<unsigned>(r); }
  unsigned bits_ = 0;
};

enum class BodyKind {
  kNone,      // the route reads no body
  kJson,      // application/json
  kRawImage,  // the bytes of an image/jpeg or image/png (uploads)
};

struct Body {
  BodyKind kind;
  // Bytes; a request announcing more gets 413 before any body byte is read. std::nullopt: the
  // server's default limit (ServerOptions::body_limit), as for a request matching no route.
  std::optional<std::uint64_t> limit;
};

// The most bytes of an image sent as a raw body (condition photos, signatures, photos of labels
// to decode): the limit of every kRawImage route and of the image check behind it.
inline constexpr std::uint64_t kMaxPhotoBytes = 8 * 1024 * 1024;

inline constexpr Body kNoBody{BodyKind::kNone, std::nullopt};
inline constexpr Body kJson{BodyKind::kJson, 1024 * 1024};
inline constexpr Body kImage{BodyKind::kRawImage, kMaxPhotoBytes};

struct RouteRule {
  http::verb method;
  std::string_view pattern;  // literal segments and {name} parameters
  bool is_public;            // no sign-in needed
  RoleSet roles;             // when not public: the roles allowed
  Body body;
};

std::span<const RouteRule> RouteTable();
// The row of exactly this method and pattern, or nullptr.
const RouteRule* FindRouteRule(http::verb method, std::string_view pattern);

}  // namespace prokat::web
