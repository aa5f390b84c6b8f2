// Whether the database answers, for the server's health check (GET /healthz). Thread-safe.
#pragma once

#include <optional>

#include "prokat/core/result.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

class HealthCheck {
 public:
  explicit HealthCheck(db::Database& db) : db_(db) {}

  // Ok when a reader can open a snapshot and read the schema; kStorage with the database's
  // message otherwise. May wait for a reader.
  Result<void> Check();
  // The same check on a reader that is idle now; std::nullopt, without checking, when none is.
  // Never blocks, for the I/O threads.
  std::optional<Result<void>> TryCheck();

 private:
  db::Database& db_;
};

}  // namespace prokat::inventory
