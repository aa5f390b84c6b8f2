// Transaction: BEGIN on construction, ROLLBACK on destruction unless Commit() was called, so a
// scope left by an exception (or an early return) leaves nothing behind. Not thread-safe.
#pragma once

#include "prokat/db/connection.hpp"

namespace prokat::db {

enum class TransactionMode {
  kDeferred,   // reads: the snapshot starts at the first read
  kImmediate,  // writes: takes the write lock at BEGIN, so it never fails half-way on a lock
  kSavepoint,  // nested inside an open transaction: commits into it, or undoes only itself
};

class Transaction {
 public:
  Transaction(Connection& connection, TransactionMode mode);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Throws SqliteError when COMMIT fails; the transaction is then rolled back.
  void Commit();
  void Rollback();

 private:
  Connection& connection_;
  TransactionMode mode_;
  bool open_ = true;
};

}  // namespace prokat::db
