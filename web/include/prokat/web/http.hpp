// The HTTP vocabulary of web/: request and response types and the JSON response helper (errors:
// src/api/errors.hpp).
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace prokat::web {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A response with a JSON body and Content-Type application/json; charset=utf-8.
Response JsonResponse(http::status status, const boost::json::value& body, unsigned version = 11,
                      bool keep_alive = true);

// The same with a body already serialised as JSON.
Response JsonResponse(http::status status, std::string json, unsigned version = 11,
                      bool keep_alive = true);

}  // namespace prokat::web
