#include "prokat/web/access_log.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <stdexcept>

namespace prokat::web {

namespace {

std::string UtcNow() {
  auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  std::time_t t = std::chrono::system_clock::to_time_t(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>((now - seconds).count()));
  return std::string(buf) + fraction;
}

std::string_view PathOnly(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

AccessLog::AccessLog(const std::string& path) : file_(stderr), owned_(false) {
  if (!path.empty()) {
    file_ = std::fopen(path.c_str(), "a");
    if (!file_) throw std::runtime_error("cannot open access log '" + path + "' for appending");
    owned_ = true;
  }
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(file_);
}

void AccessLog::Request(std::string_view method, std::string_view target, unsigned status,
                        double milliseconds, std::string_view user) {
  // Built by hand so that "ms" reads 1.25 rather than Boost.JSON's 1.25E0.
  using boost::json::serialize;
  using boost::json::value;
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.2f", milliseconds);
  WriteLine("{\"time\":" + serialize(value(UtcNow())) + ",\"method\":" + serialize(value(method)) +
            ",\"path\":" + serialize(value(PathOnly(target))) + ",\"status\":" +
            std::to_string(status) + ",\"ms\":" + ms + ",\"user\":" + serialize(value(user)) + "}");
}

void AccessLog::Event(std::string_view event, std::string_view detail) {
  boost::json::object line{{"time", UtcNow()}, {"event", event}};
  if (!detail.empty()) line["detail"] = detail;
  WriteLine(boost::json::serialize(line));
}

void AccessLog::WriteLine(const std::string& line) {
  std::lock_guard lock(mutex_);
  std::fputs(line.c_str(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

}  // namespace prokat::web
