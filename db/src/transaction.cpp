#include "prokat/db/transaction.hpp"

namespace prokat::db {

Transaction::Transaction(Connection& connection, TransactionMode mode) : connection_(connection) {
  connection_.Exec(mode == TransactionMode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
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
  try {
    connection_.Exec("COMMIT");
  } catch (...) {
    if (connection_.InTransaction()) connection_.Exec("ROLLBACK");
    throw;
  }
}

void Transaction::Rollback() {
  open_ = false;
  if (connection_.InTransaction()) connection_.Exec("ROLLBACK");
}

}  // namespace prokat::db
