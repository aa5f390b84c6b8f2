#include "prokat/web/http.hpp"

#include <boost/json/serialize.hpp>

namespace prokat::web {

Response JsonResponse(http::status status, const boost::json::value& body, unsigned version,
                      bool keep_alive) {
  return JsonResponse(status, boost::json::serialize(body), version, keep_alive);
}

Response JsonResponse(http::status status, std::string json, unsigned version, bool keep_alive) {
  Response res{status, version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.body() = std::move(json);
  res.prepare_payload();
  return res;
}

}  // namespace prokat::web
