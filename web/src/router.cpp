#include "router.hpp"

#include <charconv>
#include <stdexcept>

#include "api/errors.hpp"

namespace prokat::web {

namespace {

std::vector<std::string> SplitPattern(const std::string& pattern) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= pattern.size()) {
    std::size_t end = pattern.find('/', start);
    if (end == std::string::npos) end = pattern.size();
    out.push_back(pattern.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool IsParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::optional<std::int64_t> RouteContext::IdParam(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  std::int64_t v = 0;
  const std::string& s = it->second;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 1) return std::nullopt;
  return v;
}

void Router::Add(http::verb method, std::string pattern, RouteHandler handler) {
  const AccessRule* access = FindAccessRule(method, pattern);
  if (!access) {
    throw std::logic_error("route " + std::string(http::to_string(method)) + " " + pattern +
                           " has no row in the access table");
  }
  auto segments = SplitPattern(pattern);
  routes_.push_back(
      Route{method, std::move(pattern), std::move(segments), access, std::move(handler)});
}

std::variant<Router::Match, Response> Router::Find(http::verb method,
                                                   const boost::urls::segments_view& path) const {
  std::vector<std::string> segments;
  for (auto segment : path) segments.push_back(segment);  // percent-decoded

  std::string allowed;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      if (IsParameter(route.segments[i])) {
        params[route.segments[i].substr(1, route.segments[i].size() - 2)] = segments[i];
      } else {
        match = route.segments[i] == segments[i];
      }
    }
    if (!match) continue;
    if (route.method != method) {
      if (!allowed.empty()) allowed += ", ";
      allowed += std::string(http::to_string(route.method));
      continue;
    }
    return Match{&route, std::move(params)};
  }
  if (!allowed.empty()) {
    Response res =
        ErrorToResponse(Error::InvalidArgument("method " + std::string(http::to_string(method)) +
                                                   " is not allowed here",
                                               {}, "method_not_allowed"),
                        http::status::method_not_allowed);
    res.set(http::field::allow, allowed);
    return res;
  }
  return ErrorToResponse(Error::NotFound("no such resource"));
}

}  // namespace prokat::web
