#include "prokat/db/transaction.hpp"

namespace prokat::db {

Transaction::Transaction(Connection& connection, TransactionMode mode)
    : connection_(connection), mode_(mode) {
  switch (mode) {
    case TransactionMode::kDeferred:
      connection_.Prepare("BEGIN DEFERRED").Run();
      break;
    case TransactionMode::kImmediate:
      connection_.Prepare("BEGIN IMMEDIATE").Run();
      break;
    case TransactionMode::kSavepoint:
      connection_.Prepare("SAVEPOINT prokat_nested").Run();
      break;
  }
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    Rollback();
  } catch (...) {
    // A failed ROLLBACK leaves nothing to do: SQLite has already rolled back or will on close.
  }
}

void Transaction::Commit() {
  open_ = false;
  if (mode_ == TransactionMode::kSavepoint)
    return connection_.Prepare("RELEASE prokat_nested").Run();
  try {
    connection_.Prepare("COMMIT").Run();
  } catch (...) {
    if (connection_.InTransaction()) connection_.Exec("ROLLBACK");
    throw;
  }
}

void Transaction::Rollback() {
  open_ = false;
  if (mode_ == TransactionMode::kSavepoint) {
    if (connection_.InTransaction())
      connection_.Exec("ROLLBACK TO prokat_nested; RELEASE prokat_nested");
    return;
  }
  if (connection_.InTransaction()) connection_.Exec("ROLLBACK");
}

}  // namespace prokat::db
