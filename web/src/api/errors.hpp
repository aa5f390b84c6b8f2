// The one place where an Error becomes an HTTP status and the API's error shape:
// {"error": {"code": "item_on_loan", "category": "conflict", "message": "...", "field": "items"}}.
// `code` is the most specific stable machine code (the Error's reason, else its category).
#pragma once

#include <exception>
#include <string_view>

#include "prokat/core/error.hpp"
#include "prokat/web/http.hpp"

namespace prokat::web {

http::status StatusOf(ErrorCode code);
Response ErrorToResponse(const Error& error);
// An exception out of a database transaction as a kStorage error: "`doing`: what()", with the
// reason "database_read_only" or "disk_full" when the database says so.
Error StorageError(const std::exception& e, std::string_view doing);

}  // namespace prokat::web
