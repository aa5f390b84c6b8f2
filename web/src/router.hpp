// Router: from (method, path pattern) to handler and to the route's row of the route table.
// Patterns are literal segments and `{name}` parameters ("/api/v1/items/{id}"). Every route must
// have a row in the route table (routes/route_table.hpp); Add() throws std::logic_error
// otherwise. Not thread-safe while routes are added; safe for concurrent Find() and RouteFor()
// afterwards.
#pragma once

#include <boost/url/url_view.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "prokat/inventory/accounts.hpp"
#include "prokat/web/access_log.hpp"
#include "prokat/web/http.hpp"
#include "routes/route_table.hpp"

namespace prokat::web {

struct RouteContext {
  const Request& request;
  RequestInfo& info;
  boost::urls::url_view url;                  // the parsed target (path and query)
  std::map<std::string, std::string> params;  // the pattern's {name} parameters, decoded
  std::optional<inventory::Session> session;  // set on every route that is not public

  // REQUIRES: session (the route is not public).
  inventory::Actor actor() const { return inventory::Actor{session->user, session->role}; }
  // The {name} parameter as a positive id; std::nullopt when it is not one.
  std::optional<std::int64_t> IdParam(const std::string& name = "id") const;
};

using RouteHandler = std::function<Response(RouteContext&)>;

class Router {
 public:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    const RouteRule* rule;
    RouteHandler handler;
  };
  struct Match {
    const Route* route;
    std::map<std::string, std::string> params;
  };

  void Add(http::verb method, std::string pattern, RouteHandler handler);

  // The route for the request's method and path; otherwise the answer to give: 404 when no
  // pattern matches the path, 405 (with Allow) when one does but not for this method.
  std::variant<Match, Response> Find(http::verb method,
                                     const boost::urls::segments_view& path) const;
  // The route for the request's method and path, or nullptr.
  const Route* RouteFor(http::verb method, const boost::urls::segments_view& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace prokat::web
