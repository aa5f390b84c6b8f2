// The one error value that crosses module boundaries. web/ maps each Code to an HTTP status in
// one place; every other module only creates and forwards errors.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace prokat {

enum class ErrorCode {
  kInvalidArgument,  // malformed or out-of-range input; `field` names it
  kNotFound,
  kConflict,       // the state changed under us or the thing is taken (item already on loan)
  kRuleViolation,  // well-formed but forbidden by a domain rule
  kUnauthenticated,
  kForbidden,
  kTooManyRequests,
  kStorage,      // the database could not complete the operation (disk full, read-only, ...)
  kUnavailable,  // a device or dependency is missing or not ready
  kInternal,
};

// Stable machine name of a code ("invalid_argument", "not_found", ...), used in JSON and logs.
std::string_view ToString(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // human-readable, says what was wrong
  std::string field;    // the offending input field, or empty
  std::string reason;   // a stable, more specific machine code ("item_on_loan"), or empty

  // The one way to build an Error: a named constructor per code. `reason`, where a code takes
  // one, is the stable machine name a client may branch on; empty leaves the category's name.
  static Error InvalidArgument(std::string message, std::string field = {},
                               std::string reason = {}) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field), std::move(reason)};
  }
  static Error NotFound(std::string message, std::string field = {}) {
    return {ErrorCode::kNotFound, std::move(message), std::move(field), {}};
  }
  static Error Conflict(std::string reason, std::string message, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(message), std::move(field), std::move(reason)};
  }
  static Error RuleViolation(std::string reason, std::string message, std::string field = {}) {
    return {ErrorCode::kRuleViolation, std::move(message), std::move(field), std::move(reason)};
  }
  static Error Unauthenticated(std::string reason, std::string message, std::string field = {}) {
    return {ErrorCode::kUnauthenticated, std::move(message), std::move(field), std::move(reason)};
  }
  static Error Forbidden(std::string reason, std::string message, std::string field = {}) {
    return {ErrorCode::kForbidden, std::move(message), std::move(field), std::move(reason)};
  }
  static Error TooManyRequests(std::string reason, std::string message) {
    return {ErrorCode::kTooManyRequests, std::move(message), {}, std::move(reason)};
  }
  static Error Storage(std::string message, std::string reason = {}) {
    return {ErrorCode::kStorage, std::move(message), {}, std::move(reason)};
  }
  static Error Unavailable(std::string message, std::string reason = {}) {
    return {ErrorCode::kUnavailable, std::move(message), {}, std::move(reason)};
  }
  static Error Internal(std::string message) {
    return {ErrorCode::kInternal, std::move(message), {}, {}};
  }
};

}  // namespace prokat
