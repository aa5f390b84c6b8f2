#include "prokat/web/access_log.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <stdexcept>

namespace prokat::web {

namespace {

// Past this many buffered bytes the flusher writes without waiting for the interval.
constexpr std::size_t kFlushBytes = 64 * 1024;
// Past this many (the file does not take them: a full disk, a pipe nobody reads) the callers
// write themselves, and so wait for the file as they would without a buffer.
constexpr std::size_t kMaxBufferedBytes = 4 * 1024 * 1024;

// "2026-12-02T00:15:42.123Z". The part up to the seconds is formatted once a second per thread.
void AppendUtcNow(std::string& out) {
  auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  thread_local std::chrono::sys_seconds cached_second{};
  thread_local char cached[24];
  thread_local std::size_t cached_size = 0;
  if (seconds != cached_second || cached_size == 0) {
    std::time_t t = std::chrono::system_clock::to_time_t(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    cached_size = std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = seconds;
  }
  out.append(cached, cached_size);
  const int ms = static_cast<int>((now - seconds).count());
  const char fraction[] = {'.', static_cast<char>('0' + ms / 100),
                           static_cast<char>('0' + ms / 10 % 10), static_cast<char>('0' + ms % 10),
                           'Z'};
  out.append(fraction, sizeof fraction);
}

void AppendJsonString(std::string& out, std::string_view s) {
  out.append(boost::json::serialize(boost::json::string_view(s.data(), s.size())));
}

std::string_view PathOnly(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

AccessLog::AccessLog(const std::string& path, std::chrono::milliseconds flush_interval)
    : flush_interval_(flush_interval), file_(stderr), owned_(false) {
  if (!path.empty()) {
    file_ = std::fopen(path.c_str(), "a");
    if (!file_) throw std::runtime_error("cannot open access log '" + path + "' for appending");
    owned_ = true;
  }
  flusher_ = std::thread([this] { RunFlusher(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(buffer_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
  Flush();
  if (owned_) std::fclose(file_);
}

void AccessLog::Request(std::string_view method, std::string_view target, unsigned status,
                        double milliseconds, std::string_view user) {
  // Built by hand so that "ms" reads 1.25 rather than Boost.JSON's 1.25E0.
  thread_local std::string line;
  line.clear();
  line.append("{\"time\":\"");
  AppendUtcNow(line);
  line.append("\",\"method\":");
  AppendJsonString(line, method);
  line.append(",\"path\":");
  AppendJsonString(line, PathOnly(target));
  line.append(",\"status\":");
  char number[32];
  line.append(number, std::to_chars(number, number + sizeof number, status).ptr);
  line.append(",\"ms\":");
  line.append(
      number,
      std::to_chars(number, number + sizeof number, milliseconds, std::chars_format::fixed, 2).ptr);
  line.append(",\"user\":");
  AppendJsonString(line, user);
  line.append("}\n");
  bool wake = false;
  bool full = false;
  {
    std::lock_guard lock(buffer_mutex_);
    wake = buffer_.empty();
    buffer_.append(line);
    wake = wake || buffer_.size() >= kFlushBytes;
    full = buffer_.size() >= kMaxBufferedBytes;
  }
  if (full) return Flush();
  if (wake) wake_.notify_one();
}

void AccessLog::Event(std::string_view event, std::string_view detail) {
  std::string time;
  AppendUtcNow(time);
  boost::json::object line{{"time", time}, {"event", event}};
  if (!detail.empty()) line["detail"] = detail;
  {
    std::lock_guard lock(buffer_mutex_);
    buffer_.append(boost::json::serialize(line));
    buffer_.push_back('\n');
  }
  Flush();
}

void AccessLog::Flush() {
  std::lock_guard file_lock(file_mutex_);
  {
    std::lock_guard lock(buffer_mutex_);
    if (buffer_.empty()) return;
    writing_.swap(buffer_);
  }
  std::fwrite(writing_.data(), 1, writing_.size(), file_);
  std::fflush(file_);
  writing_.clear();
  if (writing_.capacity() > kMaxBufferedBytes / 4) writing_.shrink_to_fit();
}

void AccessLog::RunFlusher() {
  std::unique_lock lock(buffer_mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !buffer_.empty(); });
    if (stopping_) return;
    wake_.wait_for(lock, flush_interval_,
                   [this] { return stopping_ || buffer_.size() >= kFlushBytes; });
    lock.unlock();
    Flush();
    lock.lock();
  }
}

}  // namespace prokat::web
