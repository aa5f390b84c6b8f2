// Reading a JSON request body field by field. A FieldReader records the first problem (with
// the field's name) and returns a harmless default from then on, so a handler reads all its
// fields and checks error() once:
//
//   FieldReader in(body);
//   auto name = in.String("name", 1, 200);
//   auto due = in.OptionalDate("due_date");
//   if (in.error()) return ErrorToResponse(*in.error());
#pragma once

#include <boost/json/value.hpp>
#include <boost/url/url_view.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prokat/core/result.hpp"
#include "prokat/inventory/ids.hpp"
#include "prokat/inventory/types.hpp"
#include "prokat/web/http.hpp"

namespace prokat::web {

// The request body as a JSON object: kInvalidArgument "malformed_json" when it is not valid
// JSON (invalid UTF-8 included), or not an object. An empty body is an empty object.
Result<boost::json::object> ParseJsonObject(const Request& request);

class FieldReader {
 public:
  // `prefix` names nested objects in errors ("items[2].").
  explicit FieldReader(const boost::json::object& object, std::string prefix = {})
      : object_(object), prefix_(std::move(prefix)) {}

  const std::optional<Error>& error() const { return error_; }
  bool Has(std::string_view name) const;

  // Strings are trimmed of surrounding white space; length bounds count Unicode characters.
  std::string String(std::string_view name, std::size_t min_chars = 1, std::size_t max_chars = 500);
  std::optional<std::string> OptionalString(std::string_view name, std::size_t max_chars = 500);
  std::int64_t Int(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> OptionalInt(std::string_view name, std::int64_t min,
                                          std::int64_t max);
  std::optional<double> OptionalNumber(std::string_view name, double min, double max);
  bool Bool(std::string_view name, bool default_value = false);
  inventory::Date Date(std::string_view name);
  std::optional<inventory::Date> OptionalDate(std::string_view name);

  template <typename IdT>
  IdT Id(std::string_view name) {
    return IdT(Int(name, 1, kMaxId));
  }
  template <typename IdT>
  std::optional<IdT> OptionalId(std::string_view name) {
    auto v = OptionalInt(name, 1, kMaxId);
    return v ? std::optional<IdT>(IdT(*v)) : std::nullopt;
  }
  template <typename IdT>
  std::vector<IdT> Ids(std::string_view name, std::size_t min_count = 0,
                       std::size_t max_count = 500) {
    std::vector<IdT> out;
    for (const auto& v : Array(name, min_count, max_count)) {
      if (!v.is_int64() || v.as_int64() < 1) {
        Fail(name, "must be an array of ids (positive integers)");
        return {};
      }
      out.emplace_back(v.as_int64());
    }
    return out;
  }

  // An enumeration by its stable name (inventory::Parse<E>).
  template <typename E>
  E Enum(std::string_view name) {
    auto v = OptionalEnum<E>(name);
    if (!v && !error_) Fail(name, "is required");
    return v.value_or(E{});
  }
  template <typename E>
  std::optional<E> OptionalEnum(std::string_view name) {
    auto text = OptionalString(name, 64);
    if (!text) return std::nullopt;
    auto parsed = inventory::Parse<E>(*text);
    if (!parsed) Fail(name, "has an unknown value '" + *text + "'");
    return parsed;
  }
  template <typename E>
  std::vector<E> Enums(std::string_view name, std::size_t max_count = 50) {
    std::vector<E> out;
    for (const auto& v : Array(name, 0, max_count)) {
      auto parsed = v.is_string() ? inventory::Parse<E>(v.as_string()) : std::nullopt;
      if (!parsed) {
        Fail(name, "contains an unknown value");
        return {};
      }
      out.push_back(*parsed);
    }
    return out;
  }

  // The elements of an array field (empty and no error when absent and min_count is 0).
  std::vector<boost::json::value> Array(std::string_view name, std::size_t min_count = 0,
                                        std::size_t max_count = 500);
  std::vector<std::string> Strings(std::string_view name, std::size_t max_count = 100,
                                   std::size_t max_chars = 500);
  // A nested object; empty when absent.
  boost::json::object Object(std::string_view name, bool required = false);

  void Fail(std::string_view name, const std::string& problem);
  std::string FieldName(std::string_view name) const { return prefix_ + std::string(name); }

 private:
  static constexpr std::int64_t kMaxId = 9'007'199'254'740'991;  // 2^53 - 1, exact in JavaScript
  const boost::json::value* Find(std::string_view name) const;

  const boost::json::object& object_;
  std::string prefix_;
  std::optional<Error> error_;
};

// Query-string parameters, with the same first-error discipline.
class QueryReader {
 public:
  explicit QueryReader(const boost::urls::url_view& url);
  const std::optional<Error>& error() const { return error_; }

  std::optional<std::string> String(std::string_view name, std::size_t max_chars = 200);
  std::optional<std::int64_t> Int(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<inventory::Date> Date(std::string_view name);
  template <typename IdT>
  std::optional<IdT> Id(std::string_view name) {
    auto v = Int(name, 1, 9'007'199'254'740'991);
    return v ? std::optional<IdT>(IdT(*v)) : std::nullopt;
  }
  template <typename E>
  std::optional<E> Enum(std::string_view name) {
    auto text = String(name, 64);
    if (!text) return std::nullopt;
    auto parsed = inventory::Parse<E>(*text);
    if (!parsed) Fail(name, "has an unknown value '" + *text + "'");
    return parsed;
  }
  // The cursor paging parameters "after" and "limit" (1..1000, default 50).
  inventory::PageRequest Page();

  void Fail(std::string_view name, const std::string& problem);

 private:
  std::vector<std::pair<std::string, std::string>> params_;
  std::optional<Error> error_;
};

}  // namespace prokat::web
