#include "router.hpp"

#include <boost/url/parse.hpp>

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

void Router::Add(http::verb method, std::string pattern, RouteHandler handler) {
  auto segments = SplitPattern(pattern);
  routes_.push_back(Route{method, std::move(pattern), std::move(segments), std::move(handler)});
}

Response Router::Handle(const Request& request, RequestInfo& info) const {
  auto parsed = boost::urls::parse_origin_form(request.target());
  if (!parsed) {
    return ErrorResponse(http::status::bad_request, "bad_target", "the request target is not a valid URL path");
  }
  std::vector<std::string> segments;
  for (auto segment : parsed->segments()) segments.push_back(segment);  // percent-decoded

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
    if (route.method != request.method()) {
      if (!allowed.empty()) allowed += ", ";
      allowed += std::string(http::to_string(route.method));
      continue;
    }
    RouteContext context{request, info, *parsed, std::move(params)};
    return route.handler(context);
  }
  if (!allowed.empty()) {
    Response res = ErrorResponse(http::status::method_not_allowed, "method_not_allowed",
                                 "method " + std::string(request.method_string()) + " is not allowed here");
    res.set(http::field::allow, allowed);
    return res;
  }
  return ErrorResponse(http::status::not_found, "not_found", "no such resource");
}

}  // namespace prokat::web
