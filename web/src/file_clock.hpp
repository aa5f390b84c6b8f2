// FileClock: for tests of the whole program (`prokat serve --clock-file FILE`). FILE holds a
// time ("2026-12-01T10:00:00Z") that was "now" when FILE was written; from then on the clock
// runs on at the system clock's pace. Writing FILE again moves it. While FILE is absent or
// unreadable, the system clock answers. Thread-safe.
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "prokat/core/clock.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::web {

class FileClock final : public Clock {
 public:
  explicit FileClock(std::string path) : path_(std::move(path)) {}
  std::chrono::system_clock::time_point Now() const override {
    const auto now = std::chrono::system_clock::now();
    std::ifstream file(path_);
    std::string text;
    struct stat info {};
    if (file >> text && ::stat(path_.c_str(), &info) == 0) {
      if (auto t = inventory::ParseTimestamp(text)) {
        const auto written = std::chrono::system_clock::time_point(
            std::chrono::seconds(info.st_mtim.tv_sec) +
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::nanoseconds(info.st_mtim.tv_nsec)));
        return *t + std::max(now - written, std::chrono::system_clock::duration::zero());
      }
    }
    return now;
  }

 private:
  std::string path_;
};

}  // namespace prokat::web
