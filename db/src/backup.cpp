#include "prokat/db/backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

namespace prokat::db {

namespace fs = std::filesystem;

namespace {

void SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Copies the regular files of `from` into `to` (created); a file already there with the same
// size is kept (files of the directory are written once and never changed in place).
void CopyFiles(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return;
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(from)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".partial")) continue;
    fs::path target = fs::path(to) / name;
    if (fs::exists(target, ec) && fs::file_size(target, ec) == entry.file_size()) continue;
    fs::path temporary = target;
    temporary += ".partial";
    fs::copy_file(entry.path(), temporary, fs::copy_options::overwrite_existing);
    SyncPath(temporary.string());
    fs::rename(temporary, target);
  }
  SyncPath(to);
}

std::string UtcStamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

}  // namespace

std::string BackupFilesDirectory(const std::string& file) { return file + ".photos"; }

void BackupWithFiles(Database& db, const std::string& destination, const std::string& files_dir) {
  db.BackupTo(destination);
  if (!files_dir.empty()) CopyFiles(files_dir, BackupFilesDirectory(destination));
}

bool DatabaseInUse(const std::string& path) {
  const std::string shm = path + "-shm";
  int fd = ::open(shm.c_str(), O_RDWR);
  if (fd < 0) return false;
  // SQLite's unix VFS: every connection of a WAL database holds a shared lock on byte 128 of
  // the -shm file (the "DMS" byte) while it is open.
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 128;
  lock.l_len = 1;
  bool in_use = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return in_use;
}

std::string Restore(const RestoreOptions& options) {
  std::error_code ec;
  if (!fs::is_regular_file(options.from, ec))
    return "backup file '" + options.from + "' does not exist";
  if (fs::exists(options.to, ec) && !options.force)
    return "'" + options.to + "' exists; pass --force to replace it";
  if (DatabaseInUse(options.to))
    return "'" + options.to + "' is open in a running process; stop the server first";
  {
    Database backup(DatabaseOptions{.path = options.from, .migrations = {}});
    auto problems = backup.IntegrityCheck();
    if (problems != std::vector<std::string>{"ok"})
      return "backup '" + options.from + "' fails integrity_check: " + problems.front();
    if (fs::path parent = fs::path(options.to).parent_path(); !parent.empty())
      fs::create_directories(parent);
    // A WAL left beside the old file would be replayed over the restored one.
    fs::remove(options.to + "-wal");
    fs::remove(options.to + "-shm");
    backup.BackupTo(options.to);
  }
  const std::string files_dir =
      options.files_dir.empty() ? options.to + ".photos" : options.files_dir;
  CopyFiles(BackupFilesDirectory(options.from), files_dir);
  return {};
}

BackupScheduler::BackupScheduler(Database& db, BackupScheduleOptions options,
                                 ResultCallback on_result)
    : db_(db), options_(std::move(options)), on_result_(std::move(on_result)) {}

BackupScheduler::~BackupScheduler() { Stop(); }

void BackupScheduler::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void BackupScheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackupScheduler::Loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) {
    lock.unlock();
    std::string path, error;
    try {
      path = RunOnce();
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (on_result_) on_result_(path, error);
    lock.lock();
  }
}

std::vector<std::string> BackupScheduler::List() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(options_.directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with(options_.prefix) && name.ends_with(".db"))
      out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string BackupScheduler::RunOnce() {
  std::lock_guard run(run_mutex_);
  fs::create_directories(options_.directory);
  const std::string stamp = UtcStamp();
  std::string path = (fs::path(options_.directory) / (options_.prefix + stamp + ".db")).string();
  for (int n = 1; fs::exists(path); ++n)
    path =
        (fs::path(options_.directory) / (options_.prefix + stamp + "-" + std::to_string(n) + ".db"))
            .string();
  BackupWithFiles(db_, path, options_.files_dir);
  auto all = List();
  for (std::size_t i = 0;
       options_.keep > 0 && i + static_cast<std::size_t>(options_.keep) < all.size(); ++i) {
    std::error_code ec;
    fs::remove(all[i], ec);
    fs::remove_all(BackupFilesDirectory(all[i]), ec);
  }
  return path;
}

}  // namespace prokat::db
