#include "prokat/db/migrations.hpp"

#include <cstdint>
#include <string>

#include "prokat/db/connection.hpp"
#include "prokat/db/transaction.hpp"

namespace prokat::db {

int UserVersion(Connection& connection) {
  Statement s = connection.Prepare("PRAGMA user_version");
  s.Step();
  return static_cast<int>(s.ColumnInt64(0));
}

namespace {

std::int64_t SchemaVersion(Connection& connection) {
  Statement s = connection.Prepare("PRAGMA schema_version");
  s.Step();
  return s.ColumnInt64(0);
}

}  // namespace

int Migrate(Connection& connection, std::span<const Migration> migrations) {
  const int latest = static_cast<int>(migrations.size());
  int version = UserVersion(connection);
  if (version > latest) {
    throw SchemaError("database '" + connection.path() + "' has schema version " +
                      std::to_string(version) + ", newer than this prokat supports (" +
                      std::to_string(latest) + "); use a newer prokat or restore an older backup");
  }
  for (const Migration& m : migrations.subspan(static_cast<std::size_t>(version))) {
    Transaction tx(connection, TransactionMode::kImmediate);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    if (UserVersion(connection) >= m.version) continue;
    const std::int64_t schema = SchemaVersion(connection);
    try {
      connection.Exec(m.sql);
    } catch (const SqliteError& e) {
      throw SqliteError(e.extended_code(),
                        "migration " + std::string(m.name) + " failed: " + e.what());
    }
    // A migration that rewrote sqlite_schema itself (writable_schema) left the version alone:
    // other open connections would keep the schema they parsed.
    if (SchemaVersion(connection) == schema)
      connection.Exec("PRAGMA schema_version=" + std::to_string(schema + 1));
    // PRAGMA takes no parameters; the version is our own integer, not user data.
    connection.Exec("PRAGMA user_version=" + std::to_string(m.version));
    tx.Commit();
  }
  return UserVersion(connection);
}

}  // namespace prokat::db
