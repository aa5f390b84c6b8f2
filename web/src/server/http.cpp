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

Response ErrorResponse(http::status status, std::string_view code, std::string_view message,
                       std::string_view field, unsigned version, bool keep_alive) {
  boost::json::object error{{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  return JsonResponse(status, boost::json::object{{"error", std::move(error)}}, version,
                      keep_alive);
}

}  // namespace prokat::web
