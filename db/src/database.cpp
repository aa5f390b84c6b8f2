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

Database::ReaderLease::ReaderLease(Database& db, std::try_to_lock_t) : db_(db) {
  std::lock_guard lock(db_.readers_mutex_);
  if (db_.idle_readers_.empty()) return;
  connection_ = std::move(db_.idle_readers_.back());
  db_.idle_readers_.pop_back();
}

Database::ReaderLease::~ReaderLease() {
  if (!connection_) return;
  {
    std::lock_guard lock(db_.readers_mutex_);
    db_.idle_readers_.push_back(std::move(connection_));
  }
  db_.reader_returned_.notify_one();
}

void Database::WriteGrouped(const std::function<void(Connection&)>& f) {
  if (writer_thread_.load() == std::this_thread::get_id()) {
    return Write([&](Connection& c) { f(c); });
  }
  GroupedCall call{&f, nullptr, false};
  std::unique_lock lock(group_mutex_);
  group_queue_.push_back(&call);
  while (!call.done) {
    if (group_leader_) {
      group_done_.wait(lock);
      continue;
    }
    // No group is running, so this call is still queued: lead the next group.
    group_leader_ = true;
    lock.unlock();
    auto [group, failed] = RunGroup();
    lock.lock();
    for (GroupedCall* g : group) {
      if (failed) g->error = failed;
      g->done = true;
    }
    ++group_stats_.transactions;
    group_stats_.calls += group.size();
    group_leader_ = false;
    group_done_.notify_all();
  }
  lock.unlock();
  if (call.error) std::rethrow_exception(call.error);
}

std::pair<std::vector<Database::GroupedCall*>, std::exception_ptr> Database::RunGroup() {
  std::vector<GroupedCall*> group;
  std::exception_ptr failed;
  std::lock_guard writer(writer_mutex_);
  WriterOwnership owner(writer_thread_);
  {
    // Taken only now that the writer is ours: calls that queued while it was busy join in.
    std::lock_guard lock(group_mutex_);
    group.swap(group_queue_);
  }
  try {
    Transaction tx(*writer_, TransactionMode::kImmediate);
    for (GroupedCall* g : group) {
      Transaction part(*writer_, TransactionMode::kSavepoint);
      try {
        (*g->f)(*writer_);
        part.Commit();
      } catch (...) {
        g->error = std::current_exception();
        // Some errors (SQLITE_FULL, I/O) roll back the whole transaction: the group fails.
        if (!writer_->InTransaction()) throw;
      }
    }
    tx.Commit();
  } catch (...) {
    failed = std::current_exception();
  }
  return {std::move(group), failed};
}

GroupCommitStats Database::group_commit_stats() {
  std::lock_guard lock(group_mutex_);
  GroupCommitStats out = group_stats_;
  out.waiting = group_queue_.size();
  return out;
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
  CreatePrivateFile(temporary);
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

namespace {

void ReadSchema(Connection& c) {
  Statement s = c.Prepare("SELECT count(*) FROM sqlite_schema");
  s.Step();
}

}  // namespace

void Database::CheckReadable() { Read(ReadSchema); }

bool Database::TryCheckReadable() {
  ReaderLease lease(*this, std::try_to_lock);
  if (!lease.held()) return false;
  ReadSchema(lease.connection());  // one statement: its own read transaction
  return true;
}

int Database::SchemaVersion() {
  return Read([](Connection& c) { return UserVersion(c); });
}

}  // namespace prokat::db
