// Database: one writer connection whose use is serialised, and a pool of reader connections.
// Thread-safe: any thread may call Write() and Read() at any time.
#pragma once

#include <atomic>
#include <concepts>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
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

// What WriteGrouped() has done so far (tests and benchmarks read it).
struct GroupCommitStats {
  std::uint64_t transactions = 0;  // group transactions run (committed or failed)
  std::uint64_t calls = 0;         // WriteGrouped() calls run in them
  std::size_t waiting = 0;         // calls queued now, not yet taken into a transaction
};

namespace detail {
// A result that reports failure through ok() (prokat::Result) rolls the transaction back.
template <typename R>
bool ShouldCommit(const R& r) {
  if constexpr (requires {
                  { r.ok() } -> std::convertible_to<bool>;
                }) {
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
  // Reentrant: a Write() called from inside f on the same thread runs in a SAVEPOINT of the
  // outer transaction, so a caller can wrap several operations (or an operation and its
  // idempotency record) into one atomic unit. A failed inner Write undoes only its own part.
  template <typename F>
  auto Write(F&& f) -> std::invoke_result_t<F, Connection&> {
    if (writer_thread_.load() == std::this_thread::get_id()) {
      return RunIn(*writer_, TransactionMode::kSavepoint, std::forward<F>(f));
    }
    std::lock_guard lock(writer_mutex_);
    WriterOwnership owner(writer_thread_);
    return RunIn(*writer_, TransactionMode::kImmediate, std::forward<F>(f));
  }

  // Runs f(Connection&) on the writer connection together with the WriteGrouped() calls of
  // other threads waiting at the same moment: one BEGIN IMMEDIATE ... COMMIT for the whole
  // group (one fsync), each call in its own SAVEPOINT. Returns once the group has committed, so
  // what f wrote is durable (synchronous=FULL) before the caller goes on. Throws what f threw
  // (only f's own part is undone), or SqliteError when the group's transaction fails (then
  // nothing of the group is stored). Meant for small appends many threads make at once, such
  // as the audit rows of reads; f runs on whichever thread leads the group and must not
  // block. Called from inside Write() on the same thread, f runs in a SAVEPOINT of that
  // transaction instead and is durable when it commits.
  void WriteGrouped(const std::function<void(Connection&)>& f);
  GroupCommitStats group_commit_stats();

  // Runs f(Connection&) inside a read transaction on a pooled reader connection: f sees one
  // consistent snapshot of committed data. Blocks while all readers are busy.
  template <typename F>
  auto Read(F&& f) -> std::invoke_result_t<F, Connection&> {
    ReaderLease lease(*this);
    return RunIn(lease.connection(), TransactionMode::kDeferred, std::forward<F>(f));
  }

  // Read() on a reader that is idle now, without waiting: std::nullopt, without running f, when
  // none is (all busy, or none opened yet). For callers that must not block, such as an I/O
  // thread.
  template <typename F>
  auto TryRead(F&& f) -> std::optional<std::invoke_result_t<F, Connection&>> {
    ReaderLease lease(*this, std::try_to_lock);
    if (!lease.held()) return std::nullopt;
    return RunIn(lease.connection(), TransactionMode::kDeferred, std::forward<F>(f));
  }

  // Copies the database, consistent as of one moment, into `destination` (replaced atomically:
  // written beside it, synced, then renamed). Writers are not blocked. Throws SqliteError.
  void BackupTo(const std::string& destination);

  // "ok", or the problems PRAGMA integrity_check reports, one per element.
  std::vector<std::string> IntegrityCheck();

  int SchemaVersion();

  // Throws SqliteError unless a reader can open a snapshot and read the schema (health checks).
  void CheckReadable();
  // The same check on a reader that is idle now, without waiting: false, without checking,
  // when none is (all busy, or none opened yet). For callers that must not block, such as an
  // I/O thread.
  bool TryCheckReadable();
  const std::string& path() const { return options_.path; }

 private:
  template <typename F>
  static auto RunIn(Connection& c, TransactionMode mode, F&& f)
      -> std::invoke_result_t<F, Connection&> {
    Transaction tx(c, mode);
    if constexpr (std::is_void_v<std::invoke_result_t<F, Connection&>>) {
      f(c);
      tx.Commit();
    } else {
      auto result = f(c);
      if (detail::ShouldCommit(result)) tx.Commit();
      return result;
    }
  }

  // Marks the writer connection as held by this thread for the scope.
  struct WriterOwnership {
    explicit WriterOwnership(std::atomic<std::thread::id>& t) : thread(t) {
      thread = std::this_thread::get_id();
    }
    ~WriterOwnership() { thread = std::thread::id(); }
    std::atomic<std::thread::id>& thread;
  };

  class ReaderLease {
   public:
    explicit ReaderLease(Database& db);
    // Takes an idle reader if there is one; held() tells.
    ReaderLease(Database& db, std::try_to_lock_t);
    ~ReaderLease();
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    Connection& connection() { return *connection_; }
    bool held() const { return connection_ != nullptr; }

   private:
    Database& db_;
    std::unique_ptr<Connection> connection_;
  };

  struct GroupedCall {
    const std::function<void(Connection&)>* f;
    std::exception_ptr error;
    bool done = false;
  };
  // Leads one group: waits for the writer, takes every queued call, runs them in one
  // transaction. Returns the calls it ran and the group's failure, if any.
  std::pair<std::vector<GroupedCall*>, std::exception_ptr> RunGroup();

  DatabaseOptions options_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;            // guarded by writer_mutex_
  std::atomic<std::thread::id> writer_thread_{};  // the thread holding writer_mutex_, if any

  std::mutex group_mutex_;
  std::condition_variable group_done_;
  std::vector<GroupedCall*> group_queue_;  // guarded by group_mutex_
  bool group_leader_ = false;              // guarded by group_mutex_: a thread runs a group
  GroupCommitStats group_stats_;           // guarded by group_mutex_

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mutex_
  std::size_t open_readers_ = 0;                           // guarded by readers_mutex_
};

}  // namespace prokat::db
