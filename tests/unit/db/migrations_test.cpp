#include "prokat/db/migrations.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "prokat/db/connection.hpp"
#include "prokat/db/database.hpp"
#include "temp_dir.hpp"

namespace prokat::db {
namespace {

// The schema as text, for comparing two files.
std::string SchemaOf(Connection& c) {
  std::string out;
  Statement s = c.Prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");
  while (s.Step()) out += s.ColumnText(0) + " " + s.ColumnText(1) + ": " + s.ColumnText(2) + "\n";
  return out;
}

bool TableExists(Connection& c, const std::string& name) {
  Statement s = c.Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  return s.BindAll(name).Step();
}

TEST(Migrations, EmbeddedAreNumberedInOrder) {
  auto all = EmbeddedMigrations();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i + 1)) << all[i].name;
    EXPECT_FALSE(all[i].sql.empty()) << all[i].name;
  }
}

TEST(Migrations, FromEmptyFileReachLatestVersion) {
  testing::TempDir dir;
  Connection c(dir.File("a.db"));
  EXPECT_EQ(UserVersion(c), 0);
  EXPECT_EQ(Migrate(c, EmbeddedMigrations()), static_cast<int>(EmbeddedMigrations().size()));
  EXPECT_TRUE(TableExists(c, "setting"));
  // Running again is a no-op.
  std::string before = SchemaOf(c);
  EXPECT_EQ(Migrate(c, EmbeddedMigrations()), static_cast<int>(EmbeddedMigrations().size()));
  EXPECT_EQ(SchemaOf(c), before);
}

TEST(Migrations, FromEveryEarlierVersionGiveTheSameSchema) {
  testing::TempDir dir;
  auto all = EmbeddedMigrations();
  Connection fresh(dir.File("fresh.db"));
  Migrate(fresh, all);
  const std::string expected = SchemaOf(fresh);

  for (std::size_t start = 0; start < all.size(); ++start) {
    Connection c(dir.File("from" + std::to_string(start) + ".db"));
    ASSERT_EQ(Migrate(c, all.first(start)), static_cast<int>(start));
    ASSERT_EQ(Migrate(c, all), static_cast<int>(all.size()));
    EXPECT_EQ(SchemaOf(c), expected) << "migrating from version " << start;
  }
}

// True when compiling `sql` (EXPLAIN) needs a temporary b-tree.
bool NeedsTemporaryBtree(Connection& c, const std::string& sql) {
  Statement s = c.Prepare("EXPLAIN " + sql);
  while (s.Step())
    if (s.ColumnText(1) == "OpenEphemeral") return true;
  return false;
}

// Every CHECK (x IN (...)) of three values or more is rewritten as comparisons (migration
// 0007): each check no longer builds a temporary b-tree, still refuses what it refused, and a
// connection that was open during the migration picks the new schema up too.
TEST(Migrations, CheckListsAreComparisonsForEveryConnection) {
  testing::TempDir dir;
  auto all = EmbeddedMigrations();
  Connection c(dir.File("a.db"));
  Migrate(c, all.first(6));
  Connection other(dir.File("a.db"));
  ASSERT_TRUE(NeedsTemporaryBtree(other, "UPDATE user SET role = 'staff' WHERE id = 2"));
  Migrate(c, all);
  // A statement run on the other connection finds the schema version changed and reloads.
  other.Exec("SELECT COUNT(*) FROM user");

  for (Connection* conn : {&c, &other}) {
    EXPECT_FALSE(NeedsTemporaryBtree(*conn, "UPDATE user SET role = 'staff' WHERE id = 1"));
    EXPECT_FALSE(NeedsTemporaryBtree(*conn,
                                     "UPDATE item SET status = 'on_loan', condition = "
                                     "'good' WHERE id = 1"));
    EXPECT_FALSE(NeedsTemporaryBtree(*conn,
                                     "UPDATE agreement SET delivery_mode = 'at_point' "
                                     "WHERE id = 1"));
  }
  Statement tables = c.Prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'");
  while (tables.Step()) {
    const std::string sql = tables.ColumnText(1);
    for (auto at = sql.find(" IN ("); at != std::string::npos; at = sql.find(" IN (", at + 1)) {
      const std::string list = sql.substr(at, sql.find(')', at) - at);
      EXPECT_LE(std::count(list.begin(), list.end(), ','), 1) << tables.ColumnText(0) << list;
    }
  }
  Statement check = c.Prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.Step());
  EXPECT_EQ(check.ColumnText(0), "ok");
  check.Reset();

  c.Exec(
      "INSERT INTO user(login, display_name, role, created_at) VALUES('a', 'A', 'admin', "
      "'2026-12-01T10:00:00Z')");
  for (Connection* conn : {&c, &other}) {
    try {
      conn->Exec("UPDATE user SET role = 'boss' WHERE login = 'a'");
      ADD_FAILURE() << "a role outside the list was stored";
    } catch (const SqliteError& e) {
      EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_CHECK) << e.what();
    }
  }
  c.Exec("UPDATE user SET role = 'driver' WHERE login = 'a'");
}

TEST(Migrations, FailingMigrationLeavesPreviousVersion) {
  testing::TempDir dir;
  const Migration migrations[] = {
      {1, "0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);"},
      {2, "0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY); INSERT INTO missing VALUES (1);"},
  };
  Connection c(dir.File("a.db"));
  try {
    Migrate(c, migrations);
    FAIL() << "expected the second migration to fail";
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("0002_b.sql"), std::string::npos) << e.what();
  }
  EXPECT_EQ(UserVersion(c), 1);
  EXPECT_TRUE(TableExists(c, "a"));
  EXPECT_FALSE(TableExists(c, "b"));  // the half of migration 2 that ran was rolled back
  EXPECT_FALSE(c.InTransaction());
}

TEST(Migrations, NewerDatabaseIsRefusedWithClearMessage) {
  testing::TempDir dir;
  {
    Connection c(dir.File("a.db"));
    c.Exec("PRAGMA user_version=999");
  }
  try {
    Database db(DatabaseOptions{.path = dir.File("a.db")});
    FAIL() << "expected SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
  Connection c(dir.File("a.db"));
  EXPECT_EQ(UserVersion(c), 999);  // refused, not touched
}

}  // namespace
}  // namespace prokat::db
