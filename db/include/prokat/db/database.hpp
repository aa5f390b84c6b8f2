// Database: one writer connection whose use is serialised, and a pool of reader connections.
// Thread-safe: any thread may call Write() and Read() at any time.
#pragma once

#include <concepts>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "prokat/db/connection.hpp"
#include "prokat/db/migrations.hpp"
#include "prokat/db/transaction.hpp"

namespace prokat::db {

struct DatabaseOptions {
  std::string path;
  ConnectionOptions connection;
  std::size_t max_readers = 4;
  // The schema to bring the file to when it is opened; empty means "do not migrate".
  std::span<const Migration> migrations = EmbeddedMigrations();
};

namespace detail {
// A result that reports failure through ok() (prokat::Result) rolls the transaction back.
template <typename R>
bool ShouldCommit(const R& r) {
  if constexpr (requires { { r.ok() } -> std::convertible_to<bool>; }) {
    return r.ok();
  } else {
    return true;
  }
}
}  // namespace detail

class Database {
 public:
  // Opens the file (creating it if needed) and applies pending migrations.
  // Throws SqliteError, or SchemaError when the file's schema is newer than this binary's.
  explicit Database(DatabaseOptions options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs f(Connection&) inside BEGIN IMMEDIATE on the writer connection, one caller at a time.
  // Commits when f returns, unless f returns a Result that is not ok(); rolls back when f
  // throws (the exception propagates) or returns a failed Result.
  template <typename F>
  auto Write(F&& f) -> std::invoke_result_t<F, Connection&> {
    std::lock_guard lock(writer_mutex_);
    Transaction tx(*writer_, TransactionMode::kImmediate);
    if constexpr (std::is_void_v<std::invoke_result_t<F, Connection&>>) {
      f(*writer_);
      tx.Commit();
    } else {
      auto result = f(*writer_);
      if (detail::ShouldCommit(result)) tx.Commit();
      return result;
    }
  }

  // Runs f(Connection&) inside a read transaction on a pooled reader connection: f sees one
  // consistent snapshot of committed data. Blocks while all readers are busy.
  template <typename F>
  auto Read(F&& f) -> std::invoke_result_t<F, Connection&> {
    ReaderLease lease(*this);
    Transaction tx(lease.connection(), TransactionMode::kDeferred);
    if constexpr (std::is_void_v<std::invoke_result_t<F, Connection&>>) {
      f(lease.connection());
      tx.Commit();
    } else {
      auto result = f(lease.connection());
      tx.Commit();
      return result;
    }
  }

  // Copies the database, consistent as of one moment, into `destination` (replaced atomically:
  // written beside it, synced, then renamed). Writers are not blocked. Throws SqliteError.
  void BackupTo(const std::string& destination);

  // "ok", or the problems PRAGMA integrity_check reports, one per element.
  std::vector<std::string> IntegrityCheck();

  int SchemaVersion();

  // Throws SqliteError unless a reader can open a snapshot and read the schema (health checks).
  void CheckReadable();
  const std::string& path() const { return options_.path; }

 private:
  class ReaderLease {
   public:
    explicit ReaderLease(Database& db);
    ~ReaderLease();
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    Connection& connection() { return *connection_; }

   private:
    Database& db_;
    std::unique_ptr<Connection> connection_;
  };

  DatabaseOptions options_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;  // guarded by writer_mutex_

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mutex_
  std::size_t open_readers_ = 0;                          // guarded by readers_mutex_
};

}  // namespace prokat::db
