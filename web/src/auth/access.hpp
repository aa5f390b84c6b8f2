// Who may call what: the one table of the server's routes and the roles allowed on each.
// Router::Add refuses a route that has no row here, and the role test walks this table route
// by route for every role and for a signed-out client.
#pragma once

#include <initializer_list>
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

struct AccessRule {
  http::verb method;
  std::string_view pattern;
  bool is_public;  // no sign-in needed
  RoleSet roles;   // when not public: the roles allowed
};

std::span<const AccessRule> AccessTable();
// The rule for exactly this method and pattern, or nullptr.
const AccessRule* FindAccessRule(http::verb method, std::string_view pattern);

}  // namespace prokat::web
