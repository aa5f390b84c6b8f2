#include "prokat/db/connection.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>

namespace prokat::db {

SqliteError::SqliteError(int extended_code, const std::string& message, int system_errno)
    : std::runtime_error(message), extended_code_(extended_code), system_errno_(system_errno) {}

bool SqliteError::IsConstraintViolation() const noexcept {
  return primary_code() == SQLITE_CONSTRAINT;
}
bool SqliteError::IsBusy() const noexcept {
  return primary_code() == SQLITE_BUSY || primary_code() == SQLITE_LOCKED;
}
bool SqliteError::IsDiskFull() const noexcept {
  return primary_code() == SQLITE_FULL || system_errno_ == ENOSPC || system_errno_ == EDQUOT ||
         system_errno_ == EFBIG;
}
bool SqliteError::IsReadOnly() const noexcept {
  return primary_code() == SQLITE_READONLY || system_errno_ == EROFS || system_errno_ == EPERM ||
         system_errno_ == EACCES;
}
std::string_view SqliteError::StorageReason() const noexcept {
  if (IsReadOnly()) return "database_read_only";
  if (IsDiskFull()) return "disk_full";
  return {};
}

namespace {

const char* SynchronousPragma(Synchronous s) {
  switch (s) {
    case Synchronous::kOff:
      return "PRAGMA synchronous=OFF";
    case Synchronous::kNormal:
      return "PRAGMA synchronous=NORMAL";
    case Synchronous::kFull:
      return "PRAGMA synchronous=FULL";
  }
  return "PRAGMA synchronous=FULL";
}

// Why the database's files cannot be written now, as an errno, or 0. SQLite does not keep the
// errno of a failed COMMIT (the usual place a WAL write fails), so an I/O error is explained by
// examining the files: a read-only file system (EROFS) or an immutable file (EPERM) refuse
// writing even to root; a full disk; a file-size limit reached.
int WriteProblem(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? "." : parent.string();
  for (const std::string& p : {path, dir}) {
    if (::access(p.c_str(), W_OK) != 0 && errno != ENOENT) return errno;
  }
  // An ext4 file system turned read-only after an error (errors=remount-ro) still passes
  // access(); a write of nothing is refused. Only the WAL is opened: closing a descriptor of
  // the database file would drop SQLite's POSIX locks on it.
  const std::string wal = path + "-wal";
  if (int fd = ::open(wal.c_str(), O_WRONLY | O_CLOEXEC); fd >= 0) {
    const int written = static_cast<int>(::pwrite(fd, "", 0, 0));
    const int error = errno;
    ::close(fd);
    if (written < 0) return error;
  } else if (errno != ENOENT) {
    return errno;
  }
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) == 0 && fs.f_bavail == 0) return ENOSPC;
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    for (const std::string& p : {path, path + "-wal"}) {
      struct stat st {};
      if (::stat(p.c_str(), &st) == 0 &&
          static_cast<rlim_t>(st.st_size) + (1 << 20) > limit.rlim_cur)
        return EFBIG;
    }
  }
  return 0;
}

// The connection's last error. An I/O error names what is wrong with the files ("disk I/O
// error" alone does not say that the file became read-only or the disk is full).
SqliteError LastError(sqlite3* db, const std::string& path, std::string message) {
  const int code = sqlite3_extended_errcode(db);
  const int primary = code & 0xff;
  int problem = 0;
  if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) problem = WriteProblem(path);
  if (problem != 0) {
    message += std::string(" (") + std::strerror(problem);
    if (problem == EROFS || problem == EPERM || problem == EACCES) {
      message += ": the database file or its file system is read-only";
    }
    message += ")";
  }
  return SqliteError(code, message, problem);
}

constexpr const char* kRowSinkType = "prokat::db::RowSink";

// The aggregate's state: the sink is looked up once, on the first row.
struct RowSinkState {
  const RowSink* sink;
  sqlite3_int64 rows;
};

void RowSinkStep(sqlite3_context* context, int argc, sqlite3_value** argv) {
  auto* state =
      static_cast<RowSinkState*>(sqlite3_aggregate_context(context, sizeof(RowSinkState)));
  if (!state) {
    sqlite3_result_error_nomem(context);
    return;
  }
  if (!state->sink && argc > 0)
    state->sink = static_cast<const RowSink*>(sqlite3_value_pointer(argv[0], kRowSinkType));
  if (!state->sink || !*state->sink) {
    sqlite3_result_error(
        context, "row_sink(): its first argument must be bound with Statement::BindRowSink", -1);
    return;
  }
  try {
    (*state->sink)(SinkRow(argv + 1, argc - 1));
    ++state->rows;
  } catch (const std::exception& e) {
    sqlite3_result_error(context, e.what(), -1);
  } catch (...) {
    sqlite3_result_error(context, "row_sink(): the sink failed", -1);
  }
}

void RowSinkFinal(sqlite3_context* context) {
  auto* state = static_cast<RowSinkState*>(sqlite3_aggregate_context(context, 0));
  sqlite3_result_int64(context, state ? state->rows : 0);
}

}  // namespace

bool SinkRow::IsNull(int i) const { return sqlite3_value_type(values_[i]) == SQLITE_NULL; }
std::int64_t SinkRow::Int64(int i) const { return sqlite3_value_int64(values_[i]); }
std::string_view SinkRow::Text(int i) const {
  const unsigned char* text = sqlite3_value_text(values_[i]);
  if (!text) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_value_bytes(values_[i]))};
}

void ConfigureSqlite() {
  static std::once_flag once;
  // Without memory statistics every allocation skips a global mutex (Debian's SQLite is built
  // without lookaside, so statements allocate often). Refused, harmlessly, if SQLite is
  // already initialised.
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

bool CreatePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return errno == EEXIST;
  // The umask could only narrow the mode given to open(); fchmod sets it exactly.
  bool ok = ::fchmod(fd, 0600) == 0;
  return ::close(fd) == 0 && ok;
}

Connection::Connection(const std::string& path, const ConnectionOptions& options) : path_(path) {
  ConfigureSqlite();
  // Left to SQLite, a new file would be 0644 under the usual umask: readable by every local
  // user, with the families' personal data in it. A failure here is SQLite's to report below.
  CreatePrivateFile(path);
  int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message =
        "cannot open database '" + path + "': " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    int code = db_ ? sqlite3_extended_errcode(db_) : rc;
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw SqliteError(code, message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  try {
    Check(sqlite3_create_function_v2(db_, "row_sink", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr,
                                     nullptr, &RowSinkStep, &RowSinkFinal, nullptr),
          "registering row_sink()");
    Exec("PRAGMA foreign_keys=ON");
    {
      Statement wal = Prepare("PRAGMA journal_mode=WAL");
      if (!wal.Step() || wal.ColumnText(0) != "wal") {
        throw SqliteError(SQLITE_ERROR, "cannot switch '" + path + "' to WAL journal mode");
      }
    }
    Exec(SynchronousPragma(options.synchronous));
    if (options.query_only) Exec("PRAGMA query_only=1");
  } catch (const SqliteError& e) {
    for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.stmt);
    sqlite3_close_v2(db_);
    // Name the file: "unable to open database file" alone does not say which, or why.
    throw SqliteError(e.extended_code(),
                      "cannot use database '" + path + "': " + e.what() +
                          " (is the file or its directory read-only or missing?)");
  }
}

Connection::~Connection() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.stmt);
  sqlite3_close_v2(db_);
}

void Connection::Check(int rc, std::string_view context) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  std::string message = sqlite3_errmsg(db_);
  if (!context.empty()) message = std::string(context) + ": " + message;
  throw LastError(db_, path_, message);
}

void Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw LastError(db_, path_, message);
  }
}

Statement Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(this, it->second.stmt, true);
  }
  sqlite3_stmt* stmt = nullptr;
  Check(sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                           it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr),
        "prepare");
  if (it != cache_.end()) return Statement(this, stmt, false);  // nested use of the same SQL
  cache_.emplace(std::string(sql), CacheEntry{stmt, true});
  return Statement(this, stmt, true);
}

void Connection::Release(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  const char* sql = sqlite3_sql(stmt);
  auto it = cache_.find(sql);
  if (it != cache_.end() && it->second.stmt == stmt) it->second.in_use = false;
}

std::int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Connection::Changes() const { return sqlite3_changes(db_); }
bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Statement::Statement(Connection* connection, sqlite3_stmt* stmt, bool cached)
    : connection_(connection), stmt_(stmt), cached_(cached) {}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_), stmt_(other.stmt_), cached_(other.cached_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (!stmt_) return;
  if (cached_) {
    connection_->Release(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::Check(int rc) const { connection_->Check(rc, sqlite3_sql(stmt_)); }

Statement& Statement::BindNull(int index) {
  Check(sqlite3_bind_null(stmt_, index));
  return *this;
}
Statement& Statement::BindInt64(int index, std::int64_t value) {
  Check(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}
Statement& Statement::BindDouble(int index, double value) {
  Check(sqlite3_bind_double(stmt_, index, value));
  return *this;
}
Statement& Statement::BindText(int index, std::string_view value) {
  // An empty string_view may have a null data(); SQLite would bind that as NULL, not ''.
  Check(sqlite3_bind_text64(stmt_, index, value.data() ? value.data() : "", value.size(),
                            SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}
Statement& Statement::BindBlob(int index, std::span<const std::byte> value) {
  // A zero-length blob must still be a blob, not NULL: give SQLite a non-null pointer.
  static const std::byte kEmpty{};
  Check(sqlite3_bind_blob64(stmt_, index, value.empty() ? &kEmpty : value.data(), value.size(),
                            SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::BindRowSink(int index, const RowSink& sink) {
  Check(sqlite3_bind_pointer(stmt_, index, const_cast<RowSink*>(&sink), kRowSinkType, nullptr));
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement's error is reported through the connection; reset so it can be reused.
  sqlite3* db = connection_->handle();
  SqliteError error = LastError(db, connection_->path(),
                                std::string(sqlite3_errmsg(db)) + " [" + sqlite3_sql(stmt_) + "]");
  sqlite3_reset(stmt_);
  throw error;
}

void Statement::Run() {
  while (Step()) {
  }
  sqlite3_reset(stmt_);
}

void Statement::Reset() { sqlite3_reset(stmt_); }

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::ColumnInt64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::ColumnText(int column) const { return std::string(ColumnTextView(column)); }
std::string_view Statement::ColumnTextView(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (!text) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}
Blob Statement::ColumnBlob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  Blob out(size);
  if (size) std::memcpy(out.data(), data, size);
  return out;
}

}  // namespace prokat::db
