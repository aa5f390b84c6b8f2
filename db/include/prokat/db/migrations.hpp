// Versioned schema migrations. The SQL files of db/migrations/ (NNNN_name.sql, numbered from
// 0001 without gaps) are embedded into the binary at build time. The file's schema version is
// PRAGMA user_version.
#pragma once

#include <span>
#include <string_view>

namespace prokat::db {

class Connection;

struct Migration {
  int version;            // 1, 2, ... in order
  std::string_view name;  // the file name, for messages
  std::string_view sql;
};

// The migrations embedded from db/migrations/, in order.
std::span<const Migration> EmbeddedMigrations();

// Applies, in order, every migration whose version is above the file's user_version, each in
// its own IMMEDIATE transaction that also sets user_version, so a failing migration leaves the
// file at the previous version. Returns the resulting version.
// REQUIRES: migrations[i].version == i + 1; no transaction open on `connection`.
// Throws SchemaError when the file is newer than the last migration given, SqliteError (naming
// the migration) when one fails.
int Migrate(Connection& connection, std::span<const Migration> migrations);

int UserVersion(Connection& connection);

}  // namespace prokat::db
