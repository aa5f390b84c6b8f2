#include "api/fields.hpp"

#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>

namespace prokat::web {

namespace json = boost::json;

namespace {

std::size_t CountChars(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool HasControlCharacters(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

Result<json::object> ParseJsonObject(const Request& request) {
  if (request.body().empty()) return json::object{};
  boost::system::error_code ec;
  json::value v = json::parse(request.body(), ec);
  if (ec)
    return Error::InvalidArgument("the body is not valid JSON: " + ec.message(), {},
                                  "malformed_json");
  if (!v.is_object())
    return Error::InvalidArgument("the body must be a JSON object", {}, "malformed_json");
  return std::move(v.as_object());
}

const json::value* FieldReader::Find(std::string_view name) const {
  if (error_) return nullptr;
  const json::value* v = object_.if_contains(name);
  if (v && v->is_null()) return nullptr;
  return v;
}

bool FieldReader::Has(std::string_view name) const { return object_.if_contains(name) != nullptr; }

void FieldReader::Fail(std::string_view name, const std::string& problem) {
  if (error_) return;
  error_ = Error::InvalidArgument(FieldName(name) + " " + problem, FieldName(name));
}

std::optional<std::string> FieldReader::OptionalString(std::string_view name,
                                                       std::size_t max_chars) {
  const json::value* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(name, "must be a string");
    return std::nullopt;
  }
  std::string_view text = Trim(v->as_string());
  if (HasControlCharacters(text)) {
    Fail(name, "must not contain control characters");
    return std::nullopt;
  }
  if (CountChars(text) > max_chars) {
    Fail(name, "must be at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  return std::string(text);
}

std::string FieldReader::String(std::string_view name, std::size_t min_chars,
                                std::size_t max_chars) {
  auto v = OptionalString(name, max_chars);
  if (error_) return {};
  if (!v || CountChars(*v) < min_chars) {
    Fail(name, v ? "must be at least " + std::to_string(min_chars) + " characters" : "is required");
    return {};
  }
  return *v;
}

std::optional<std::int64_t> FieldReader::OptionalInt(std::string_view name, std::int64_t min,
                                                     std::int64_t max) {
  const json::value* v = Find(name);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64()) {
    Fail(name, "must be at most " + std::to_string(max));
    return std::nullopt;
  } else if (v->is_double() && std::trunc(v->as_double()) == v->as_double() &&
             std::abs(v->as_double()) < 9.0e15) {
    n = static_cast<std::int64_t>(v->as_double());
  } else {
    Fail(name, "must be an integer");
    return std::nullopt;
  }
  if (n < min || n > max) {
    Fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::int64_t FieldReader::Int(std::string_view name, std::int64_t min, std::int64_t max) {
  auto v = OptionalInt(name, min, max);
  if (!v && !error_) Fail(name, "is required");
  return v.value_or(min);
}

std::optional<double> FieldReader::OptionalNumber(std::string_view name, double min, double max) {
  const json::value* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    Fail(name, "must be a number");
    return std::nullopt;
  }
  double d = v->to_number<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    Fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return d;
}

bool FieldReader::Bool(std::string_view name, bool default_value) {
  const json::value* v = Find(name);
  if (!v) return default_value;
  if (!v->is_bool()) {
    Fail(name, "must be true or false");
    return default_value;
  }
  return v->as_bool();
}

std::optional<inventory::Date> FieldReader::OptionalDate(std::string_view name) {
  auto text = OptionalString(name, 10);
  if (!text) return std::nullopt;
  auto d = inventory::ParseDate(*text);
  if (!d) Fail(name, "must be a date as YYYY-MM-DD, got '" + *text + "'");
  return d;
}

inventory::Date FieldReader::Date(std::string_view name) {
  auto d = OptionalDate(name);
  if (!d && !error_) Fail(name, "is required");
  return d.value_or(inventory::Date{});
}

std::vector<json::value> FieldReader::Array(std::string_view name, std::size_t min_count,
                                            std::size_t max_count) {
  const json::value* v = Find(name);
  if (!v) {
    if (min_count > 0) Fail(name, "is required");
    return {};
  }
  if (!v->is_array()) {
    Fail(name, "must be an array");
    return {};
  }
  const auto& a = v->as_array();
  if (a.size() < min_count || a.size() > max_count) {
    Fail(name, "must have between " + std::to_string(min_count) + " and " +
                   std::to_string(max_count) + " elements");
    return {};
  }
  return {a.begin(), a.end()};
}

std::vector<std::string> FieldReader::Strings(std::string_view name, std::size_t max_count,
                                              std::size_t max_chars) {
  std::vector<std::string> out;
  auto values = Array(name, 0, max_count);
  for (std::size_t i = 0; i < values.size(); ++i) {
    json::object holder{{"v", values[i]}};
    FieldReader element(holder, FieldName(name) + "[" + std::to_string(i) + "]");
    auto s = element.String("v", 1, max_chars);
    if (element.error()) {
      Fail(name, "[" + std::to_string(i) + "] must be a non-empty string of at most " +
                     std::to_string(max_chars) + " characters");
      return {};
    }
    out.push_back(std::move(s));
  }
  return out;
}

json::object FieldReader::Object(std::string_view name, bool required) {
  const json::value* v = Find(name);
  if (!v) {
    if (required) Fail(name, "is required");
    return {};
  }
  if (!v->is_object()) {
    Fail(name, "must be an object");
    return {};
  }
  return v->as_object();
}

QueryReader::QueryReader(const boost::urls::url_view& url) {
  for (auto param : url.params())
    params_.emplace_back(param.key, param.has_value ? param.value : std::string());
}

void QueryReader::Fail(std::string_view name, const std::string& problem) {
  if (error_) return;
  error_ = Error::InvalidArgument("query parameter " + std::string(name) + " " + problem,
                                  std::string(name));
}

std::optional<std::string> QueryReader::String(std::string_view name, std::size_t max_chars) {
  for (const auto& [key, value] : params_) {
    if (key != name) continue;
    std::string_view text = Trim(value);
    if (text.empty()) return std::nullopt;
    if (CountChars(text) > max_chars || HasControlCharacters(text)) {
      Fail(name, "must be at most " + std::to_string(max_chars) + " printable characters");
      return std::nullopt;
    }
    return std::string(text);
  }
  return std::nullopt;
}

std::optional<std::int64_t> QueryReader::Int(std::string_view name, std::int64_t min,
                                             std::int64_t max) {
  auto text = String(name, 20);
  if (!text) return std::nullopt;
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || ptr != text->data() + text->size() || n < min || n > max) {
    Fail(name, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<inventory::Date> QueryReader::Date(std::string_view name) {
  auto text = String(name, 10);
  if (!text) return std::nullopt;
  auto d = inventory::ParseDate(*text);
  if (!d) Fail(name, "must be a date as YYYY-MM-DD");
  return d;
}

inventory::PageRequest QueryReader::Page() {
  inventory::PageRequest page;
  page.after = String("after", 100).value_or("");
  page.limit = static_cast<int>(Int("limit", 1, 1000).value_or(50));
  return page;
}

}  // namespace prokat::web
