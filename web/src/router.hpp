// Router: the table from (method, path pattern) to handler. Patterns are literal segments and
// `{name}` parameters ("/api/v1/items/{id}"). Not thread-safe while routes are added; safe for
// concurrent Handle() afterwards.
#pragma once

#include <boost/url/url_view.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "prokat/web/access_log.hpp"
#include "prokat/web/http.hpp"

namespace prokat::web {

struct RouteContext {
  const Request& request;
  RequestInfo& info;
  boost::urls::url_view url;                 // the parsed target (path and query)
  std::map<std::string, std::string> params;  // the pattern's {name} parameters, decoded
};

using RouteHandler = std::function<Response(RouteContext&)>;

class Router {
 public:
  void Add(http::verb method, std::string pattern, RouteHandler handler);

  // The matching route's response; 404 when no pattern matches the path, 405 (with Allow)
  // when one does but not for this method, 400 when the target is not a valid origin-form URL.
  Response Handle(const Request& request, RequestInfo& info) const;

  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace prokat::web
