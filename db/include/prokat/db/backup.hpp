// Backups of a database together with a directory of files that belong to it (the photos),
// scheduled online backups with retention, and restoring a backup into place.
// Layout of one backup: FILE (a SQLite database) and, beside it, FILE.photos/ (a plain copy of
// the files directory). Knows no domain: the caller names the files directory.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "prokat/db/database.hpp"

namespace prokat::db {

// The files directory that travels with backup `file`: file + ".photos".
std::string BackupFilesDirectory(const std::string& file);

// Writes a consistent copy of `db` to `destination` (Database::BackupTo) and then copies the
// regular files of `files_dir` (when it exists) into BackupFilesDirectory(destination).
// The database is copied first: a file a committed row names was written before its commit,
// so it is present when the directory is copied; files newer than the copy are harmless.
// Throws SqliteError or std::filesystem::filesystem_error.
void BackupWithFiles(Database& db, const std::string& destination, const std::string& files_dir);

// True when some other process has the SQLite database `path` open (it holds the WAL-index
// "DMS" lock of path-shm). False when no -shm file exists or nobody holds it.
bool DatabaseInUse(const std::string& path);

struct RestoreOptions {
  std::string from;       // a backup file
  std::string to;         // the database path to restore into
  std::string files_dir;  // where the backup's files go; empty: to + ".photos"
  bool force = false;     // replace an existing database at `to`
};

// Restores a backup: checks `from` with PRAGMA integrity_check, refuses when `to` exists (unless
// force) or is open in another process, writes the copy beside `to` and renames it into place
// (removing a stale to-wal/to-shm first), then copies BackupFilesDirectory(from) into files_dir.
// Returns an empty string on success, else what was refused or failed (nothing replaced).
std::string Restore(const RestoreOptions& options);

struct BackupScheduleOptions {
  std::string directory;                        // where backups go (created)
  std::chrono::milliseconds interval{3600000};  // from the end of one run to the next; the first
                                                // run is one interval after Start
  int keep = 7;                    // backups kept; older ones (and their files) are removed
  std::string files_dir;           // copied beside each backup; empty: none
  std::string prefix = "prokat-";  // names: prefix + "YYYYMMDDTHHMMSSZ.db"
};

// Runs BackupWithFiles on its own thread every interval and prunes old backups. Requests are
// never blocked: the copy reads one snapshot while writers go on (WAL). Thread-safe.
class BackupScheduler {
 public:
  // on_result(path, error): after each run; error empty on success. May be empty.
  using ResultCallback = std::function<void(const std::string& path, const std::string& error)>;
  BackupScheduler(Database& db, BackupScheduleOptions options, ResultCallback on_result);
  ~BackupScheduler();  // Stop()
  BackupScheduler(const BackupScheduler&) = delete;
  BackupScheduler& operator=(const BackupScheduler&) = delete;

  void Start();
  // Wakes and joins the thread; a backup in progress finishes first.
  void Stop();
  // Runs one backup now on the calling thread and prunes; returns its path. Throws as
  // BackupWithFiles.
  std::string RunOnce();
  // The backups in the directory, oldest first.
  std::vector<std::string> List() const;

 private:
  void Loop();

  Database& db_;
  BackupScheduleOptions options_;
  ResultCallback on_result_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::mutex run_mutex_;   // one backup at a time
  std::thread thread_;
};

}  // namespace prokat::db
