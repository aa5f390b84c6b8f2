// The one place where an Error becomes an HTTP status and the API's one error shape:
// {"error": {"code": "item_on_loan", "category": "conflict", "message": "...", "field": "items"}}.
// `code` is the most specific stable machine code (the Error's reason, else its category).
// Every refusal of the server, from a route, the pipeline or the connection itself, is built as
// an Error (its named constructors) and answered through ErrorToResponse.
#pragma once

#include <exception>
#include <span>
#include <string_view>
#include <utility>

#include "prokat/core/error.hpp"
#include "prokat/web/http.hpp"

namespace prokat::web {

http::status StatusOf(ErrorCode code);

// The inventory's names for input fields mapped to the request's JSON names ({"type",
// "type_id"}, ...): a route passes its own, since the same inventory name ("rules") means a
// different request field in different routes.
using FieldNames = std::span<const std::pair<std::string_view, std::string_view>>;

// The refusal: StatusOf(error.code) and the error shape, `error.field` renamed by `names`.
Response ErrorToResponse(Error error, FieldNames names = {});
// The same with a status of its own, for the refusals of the protocol that no ErrorCode maps to
// (405, 413, 415, 426, a redirect to HTTPS) and for answers on a connection about to close.
Response ErrorToResponse(const Error& error, http::status status, unsigned version = 11,
                         bool keep_alive = true);

// An exception out of a database transaction as a kStorage error: "`doing`: what()", with the
// reason "database_read_only" or "disk_full" when the database says so.
Error StorageError(const std::exception& e, std::string_view doing);

}  // namespace prokat::web
