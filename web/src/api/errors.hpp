// The one place where an Error becomes an HTTP status and the API's error shape:
// {"error": {"code": "item_on_loan", "category": "conflict", "message": "...", "field": "items"}}.
// `code` is the most specific stable machine code (the Error's reason, else its category).
#pragma once

#include "prokat/core/error.hpp"
#include "prokat/web/http.hpp"

namespace prokat::web {

http::status StatusOf(ErrorCode code);
Response ErrorToResponse(const Error& error);

}  // namespace prokat::web
