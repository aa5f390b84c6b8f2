#include "prokat/db/database.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>

namespace prokat::db {

Database::Database(DatabaseOptions options) : options_(std::move(options)) {
  writer_ = std::make_unique<Connection>(options_.path, options_.connection);
  if (options_.migrations.empty()) return;
  try {
    Migrate(*writer_, options_.migrations);
  } catch (const SqliteError& e) {
    if (!e.IsReadOnly()) throw;
    throw SqliteError(e.extended_code(),
                      "database '" + options_.path +
                          "' is read-only here: it cannot be migrated or written (" + e.what() +
                          ")");
  }
}

Database::~Database() = default;

Database::ReaderLease::ReaderLease(Database& db) : db_(db) {
  std::unique_lock lock(db_.readers_mutex_);
  db_.reader_returned_.wait(lock, [&] {
    return !db_.idle_readers_.empty() || db_.open_readers_ < db_.options_.max_readers;
  });
  if (!db_.idle_readers_.empty()) {
    connection_ = std::move(db_.idle_readers_.back());
    db_.idle_readers_.pop_back();
    return;
  }
  ++db_.open_readers_;
  lock.unlock();
  ConnectionOptions reader_options = db_.options_.connection;
  reader_options.query_only = true;
  try {
    connection_ = std::make_unique<Connection>(db_.options_.path, reader_options);
  } catch (...) {
    std::lock_guard relock(db_.readers_mutex_);
    --db_.open_readers_;
    db_.reader_returned_.notify_one();
    throw;
  }
}

Database::ReaderLease::~ReaderLease() {
  {
    std::lock_guard lock(db_.readers_mutex_);
    db_.idle_readers_.push_back(std::move(connection_));
  }
  db_.reader_returned_.notify_one();
}

namespace {

void SyncFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

void Database::BackupTo(const std::string& destination) {
  const std::string temporary = destination + ".partial";
  std::filesystem::remove(temporary);
  {
    ReaderLease lease(*this);
    sqlite3* target = nullptr;
    int rc = sqlite3_open_v2(temporary.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string message =
          "cannot create backup file '" + temporary + "': " + sqlite3_errmsg(target);
      sqlite3_close_v2(target);
      throw SqliteError(rc, message);
    }
    sqlite3_backup* backup =
        sqlite3_backup_init(target, "main", lease.connection().handle(), "main");
    if (!backup) {
      std::string message = std::string("backup failed: ") + sqlite3_errmsg(target);
      int code = sqlite3_extended_errcode(target);
      sqlite3_close_v2(target);
      throw SqliteError(code, message);
    }
    // One step copies everything under a single read snapshot; in WAL mode writers go on.
    rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    int code = sqlite3_extended_errcode(target);
    std::string message = sqlite3_errmsg(target);
    sqlite3_close_v2(target);
    if (rc != SQLITE_DONE) {
      std::filesystem::remove(temporary);
      throw SqliteError(code, "backup to '" + destination + "' failed: " + message);
    }
  }
  SyncFile(temporary);
  std::filesystem::rename(temporary, destination);
  SyncFile(std::filesystem::path(destination).parent_path().empty()
               ? std::string(".")
               : std::filesystem::path(destination).parent_path().string());
}

std::vector<std::string> Database::IntegrityCheck() {
  return Read([](Connection& c) {
    std::vector<std::string> problems;
    Statement check = c.Prepare("PRAGMA integrity_check");
    while (check.Step()) problems.push_back(check.ColumnText(0));
    return problems;
  });
}

void Database::CheckReadable() {
  Read([](Connection& c) {
    Statement s = c.Prepare("SELECT count(*) FROM sqlite_schema");
    s.Step();
  });
}

int Database::SchemaVersion() {
  return Read([](Connection& c) { return UserVersion(c); });
}

}  // namespace prokat::db
