#include "prokat/inventory/health.hpp"

#include <exception>

#include "prokat/db/database.hpp"

namespace prokat::inventory {

Result<void> HealthCheck::Check() {
  try {
    db_.CheckReadable();
    return {};
  } catch (const std::exception& e) {
    return Error::Storage(e.what());
  }
}

std::optional<Result<void>> HealthCheck::TryCheck() {
  try {
    if (!db_.TryCheckReadable()) return std::nullopt;
    return Result<void>();
  } catch (const std::exception& e) {
    return Result<void>(Error::Storage(e.what()));
  }
}

}  // namespace prokat::inventory
