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

std::vector<std::string> Segments(const boost::urls::segments_view& path) {
  std::vector<std::string> segments;
  for (auto segment : path) segments.push_back(segment);  // percent-decoded
  return segments;
}

// Whether the route's pattern matches the path; its parameters go to `params` when given.
bool Matches(const Router::Route& route, const std::vector<std::string>& segments,
             std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (IsParameter(route.segments[i])) {
      if (params)
        (*params)[route.segments[i].substr(1, route.segments[i].size() - 2)] = segments[i];
    } else if (route.segments[i] != segments[i]) {
      return false;
    }
  }
  return true;
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
  const RouteRule* rule = FindRouteRule(method, pattern);
  if (!rule) {
    throw std::logic_error("route " + std::string(http::to_string(method)) + " " + pattern +
                           " has no row in the route table");
  }
  auto segments = SplitPattern(pattern);
  routes_.push_back(
      Route{method, std::move(pattern), std::move(segments), rule, std::move(handler)});
}

std::variant<Router::Match, Response> Router::Find(http::verb method,
                                                   const boost::urls::segments_view& path) const {
  const std::vector<std::string> segments = Segments(path);
  std::string allowed;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Matches(route, segments, &params)) continue;
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

const Router::Route* Router::RouteFor(http::verb method,
                                      const boost::urls::segments_view& path) const {
  const std::vector<std::string> segments = Segments(path);
  for (const Route& route : routes_) {
    if (route.method == method && Matches(route, segments, nullptr)) return &route;
  }
  return nullptr;
}

}  // namespace prokat::web
