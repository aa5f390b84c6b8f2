#include "api/errors.hpp"

#include <boost/json/value.hpp>

#include "prokat/db/error.hpp"

namespace prokat::web {

http::status StatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return http::status::bad_request;
    case ErrorCode::kNotFound:
      return http::status::not_found;
    case ErrorCode::kConflict:
      return http::status::conflict;
    case ErrorCode::kRuleViolation:
      return http::status::unprocessable_entity;
    case ErrorCode::kUnauthenticated:
      return http::status::unauthorized;
    case ErrorCode::kForbidden:
      return http::status::forbidden;
    case ErrorCode::kTooManyRequests:
      return http::status::too_many_requests;
    case ErrorCode::kStorage:
      return http::status::service_unavailable;
    case ErrorCode::kUnavailable:
      return http::status::service_unavailable;
    case ErrorCode::kInternal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

Response ErrorToResponse(Error error, FieldNames names) {
  for (auto [from, to] : names) {
    if (error.field == from) {
      error.field = to;
      break;
    }
  }
  return ErrorToResponse(error, StatusOf(error.code));
}

Response ErrorToResponse(const Error& error, http::status status, unsigned version,
                         bool keep_alive) {
  boost::json::object body{
      {"code", error.reason.empty() ? ToString(error.code) : std::string_view(error.reason)},
      {"category", ToString(error.code)},
      {"message", error.message}};
  if (!error.field.empty()) body["field"] = error.field;
  return JsonResponse(status, boost::json::object{{"error", std::move(body)}}, version, keep_alive);
}

Error StorageError(const std::exception& e, std::string_view doing) {
  const auto* sqlite = dynamic_cast<const db::SqliteError*>(&e);
  return Error::Storage(std::string(doing) + ": " + e.what(),
                        sqlite ? std::string(sqlite->StorageReason()) : std::string());
}

}  // namespace prokat::web
