// Connection and Statement: RAII over sqlite3* and sqlite3_stmt*.
//
// A Connection is used by one thread at a time (not thread-safe); Database hands connections
// out so that this holds. Statements are prepared once per connection and cached by their SQL
// text; values are always bound, never spliced into the SQL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "prokat/db/error.hpp"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_value;

namespace prokat::db {

enum class Synchronous { kOff, kNormal, kFull };

// Process-wide SQLite settings, applied before the first connection opens (Connection calls
// it; call it first where SQLite is used directly, so that it runs with the same settings).
void ConfigureSqlite();

struct ConnectionOptions {
  // FULL makes a committed transaction survive a power cut. Lower it for benchmarks only.
  Synchronous synchronous = Synchronous::kFull;
  int busy_timeout_ms = 5000;
  bool query_only = false;  // readers: refuse any write
};

using Blob = std::vector<std::byte>;

// One row handed to a RowSink: the arguments of row_sink() after the sink, 0-based.
class SinkRow {
 public:
  SinkRow(sqlite3_value** values, int count) : values_(values), count_(count) {}
  int size() const { return count_; }
  bool IsNull(int i) const;
  std::int64_t Int64(int i) const;
  std::string_view Text(int i) const;  // valid during the call

 private:
  sqlite3_value** values_;
  int count_;
};

// C++ that takes a pass's rows inside SQLite instead of stepping out for each one: the query
// `SELECT row_sink(?N, a, b, ...) FROM ...`, with ?N bound by Statement::BindRowSink, calls the
// sink with a, b, ... once per row and returns one row, the number of rows. A row costs about a
// fifth fewer instructions than one stepped out and read column by column. A sink that throws
// fails the statement (Step throws SqliteError with its message).
using RowSink = std::function<void(const SinkRow&)>;

class Connection;

// A prepared statement borrowed from a Connection's cache (or owned, when the same SQL is
// already in use further up the stack). Bindings are 1-based, columns 0-based.
// Destroying it resets the statement and returns it to the cache.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& BindNull(int index);
  Statement& BindInt64(int index, std::int64_t value);
  Statement& BindDouble(int index, double value);
  Statement& BindText(int index, std::string_view value);
  Statement& BindBlob(int index, std::span<const std::byte> value);
  // `sink` must outlive the statement's steps.
  Statement& BindRowSink(int index, const RowSink& sink);

  template <typename T>
  Statement& Bind(int index, const T& value);

  // Binds the arguments to parameters 1..N in order.
  template <typename... Args>
  Statement& BindAll(const Args&... args) {
    int index = 1;
    (Bind(index++, args), ...);
    return *this;
  }

  // Advances to the next row: true when a row is available, false when done.
  // Throws SqliteError on failure (constraint violations surface here).
  bool Step();
  // Runs the statement to completion and resets it (for INSERT/UPDATE/DELETE).
  void Run();
  void Reset();

  int ColumnCount() const;
  bool IsNull(int column) const;
  std::int64_t ColumnInt64(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  // The text without a copy: valid until the statement steps, resets or is destroyed.
  std::string_view ColumnTextView(int column) const;
  Blob ColumnBlob(int column) const;

  // Typed column access: std::int64_t, int, bool, double, std::string, Blob, or
  // std::optional of those (NULL becomes std::nullopt).
  template <typename T>
  T Get(int column) const;

 private:
  friend class Connection;
  Statement(Connection* connection, sqlite3_stmt* stmt, bool cached);
  void Check(int rc) const;

  Connection* connection_;
  sqlite3_stmt* stmt_;
  bool cached_;
};

// Creates `path` as an empty file that only its owner may read and write (0600, whatever the
// umask) unless something is there already; false when it could not be created. An empty file
// is a valid new SQLite database, and SQLite gives the -wal, -shm and -journal files the mode of
// their database file, so this keeps all of them private.
bool CreatePrivateFile(const std::string& path);

class Connection {
 public:
  // Opens (creating if needed) the database file at `path` in WAL mode with foreign keys on.
  // Throws SqliteError when the file cannot be opened or configured.
  Connection(const std::string& path, const ConnectionOptions& options = {});
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Executes one or more statements that take no parameters (DDL, PRAGMA, BEGIN...).
  void Exec(std::string_view sql);
  // Returns the cached prepared statement for `sql`.
  Statement Prepare(std::string_view sql);

  std::int64_t LastInsertRowId() const;
  int Changes() const;
  bool InTransaction() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  // Throws SqliteError built from this connection's last error when rc is not OK/ROW/DONE.
  void Check(int rc, std::string_view context = {}) const;

 private:
  friend class Statement;
  void Release(sqlite3_stmt* stmt);

  sqlite3* db_ = nullptr;
  std::string path_;
  // Cached statements by SQL text; the bool says whether one is currently lent out.
  struct CacheEntry {
    sqlite3_stmt* stmt;
    bool in_use;
  };
  std::unordered_map<std::string, CacheEntry> cache_;
};

namespace detail {
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename>
inline constexpr bool kAlwaysFalse = false;
}  // namespace detail

template <typename T>
Statement& Statement::Bind(int index, const T& value) {
  if constexpr (std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::nullopt_t>) {
    return BindNull(index);
  } else if constexpr (std::is_same_v<T, bool>) {
    return BindInt64(index, value ? 1 : 0);
  } else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    return BindInt64(index, static_cast<std::int64_t>(value));
  } else if constexpr (std::is_floating_point_v<T>) {
    return BindDouble(index, value);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return BindText(index, std::string_view(value));
  } else if constexpr (std::is_same_v<T, Blob>) {
    return BindBlob(index, value);
  } else if constexpr (detail::IsOptional<T>::value) {
    return value ? Bind(index, *value) : BindNull(index);
  } else {
    static_assert(detail::kAlwaysFalse<T>, "no SQLite binding for this type");
  }
}

template <typename T>
T Statement::Get(int column) const {
  if constexpr (detail::IsOptional<T>::value) {
    if (IsNull(column)) return std::nullopt;
    return Get<typename T::value_type>(column);
  } else if constexpr (std::is_same_v<T, bool>) {
    return ColumnInt64(column) != 0;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(ColumnInt64(column));
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(ColumnDouble(column));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return ColumnText(column);
  } else if constexpr (std::is_same_v<T, Blob>) {
    return ColumnBlob(column);
  } else {
    static_assert(detail::kAlwaysFalse<T>, "no SQLite column conversion for this type");
  }
}

}  // namespace prokat::db
