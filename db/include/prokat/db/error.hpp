// Errors of the SQLite boundary. db/ reports failures by throwing SqliteError (the SQLite
// extended result code and message) or SchemaError; the modules above convert them into
// prokat::Error where they cross into their own callers.
#pragma once

#include <stdexcept>
#include <string>

namespace prokat::db {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int extended_code, const std::string& message);

  int primary_code() const noexcept { return extended_code_ & 0xff; }  // SQLITE_CONSTRAINT, ...
  int extended_code() const noexcept { return extended_code_; }  // SQLITE_CONSTRAINT_UNIQUE, ...
  bool IsConstraintViolation() const noexcept;
  bool IsBusy() const noexcept;  // SQLITE_BUSY or SQLITE_LOCKED
  bool IsDiskFull() const noexcept;
  bool IsReadOnly() const noexcept;

 private:
  int extended_code_;
};

// The database file cannot be used by this binary (for example its schema is newer).
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace prokat::db
