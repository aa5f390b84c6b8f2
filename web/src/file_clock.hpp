// FileClock: for tests of the whole program (`prokat serve --clock-file FILE`). The time is
// read from FILE ("2026-12-01T10:00:00Z") at each Now(); while FILE is absent or unreadable,
// the system clock answers. Thread-safe.
#pragma once

#include <fstream>
#include <string>

#include "prokat/core/clock.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::web {

class FileClock final : public Clock {
 public:
  explicit FileClock(std::string path) : path_(std::move(path)) {}
  std::chrono::system_clock::time_point Now() const override {
    std::ifstream file(path_);
    std::string text;
    if (file >> text) {
      if (auto t = inventory::ParseTimestamp(text)) return *t;
    }
    return std::chrono::system_clock::now();
  }

 private:
  std::string path_;
};

}  // namespace prokat::web
