// Errors of the SQLite boundary. db/ reports failures by throwing SqliteError (the SQLite
// extended result code and message) or SchemaError; the modules above convert them into
// prokat::Error where they cross into their own callers.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace prokat::db {

class SqliteError : public std::runtime_error {
 public:
  // `system_errno`: what makes the files unwritable behind an I/O error (EROFS, ENOSPC, ...), or 0.
  SqliteError(int extended_code, const std::string& message, int system_errno = 0);

  int primary_code() const noexcept { return extended_code_ & 0xff; }  // SQLITE_CONSTRAINT, ...
  int extended_code() const noexcept { return extended_code_; }  // SQLITE_CONSTRAINT_UNIQUE, ...
  bool IsConstraintViolation() const noexcept;
  bool IsBusy() const noexcept;      // SQLITE_BUSY or SQLITE_LOCKED
  bool IsDiskFull() const noexcept;  // SQLITE_FULL, or a write refused with ENOSPC/EDQUOT/EFBIG
  // SQLITE_READONLY, or a write refused with EROFS/EPERM/EACCES (a read-only mount, an
  // immutable or read-only file).
  bool IsReadOnly() const noexcept;
  // "database_read_only" or "disk_full" when one of the above, else empty: the reason a
  // storage error carries to the client.
  std::string_view StorageReason() const noexcept;

 private:
  int extended_code_;
  int system_errno_;
};

// The database file cannot be used by this binary (for example its schema is newer).
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace prokat::db
