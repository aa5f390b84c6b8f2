#include "prokat/db/connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "prokat/db/transaction.hpp"
#include "temp_dir.hpp"

namespace prokat::db {
namespace {

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    c.Exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER, x REAL, b "
        "BLOB)");
  }
  testing::TempDir dir;
  Connection c{dir.File("test.db")};
};

TEST_F(ConnectionTest, OpensWithWalForeignKeysAndFullSync) {
  auto value = [&](const char* pragma) {
    Statement s = c.Prepare(pragma);
    EXPECT_TRUE(s.Step());
    return s.ColumnText(0);
  };
  EXPECT_EQ(value("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(value("PRAGMA foreign_keys"), "1");
  EXPECT_EQ(value("PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(value("PRAGMA busy_timeout"), "5000");
}

TEST_F(ConnectionTest, SynchronousIsConfigurable) {
  Connection normal(dir.File("test.db"), ConnectionOptions{.synchronous = Synchronous::kNormal});
  Statement s = normal.Prepare("PRAGMA synchronous");
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.ColumnInt64(0), 1);
}

TEST_F(ConnectionTest, TypedBindAndColumnRoundTrip) {
  Blob blob{std::byte{0}, std::byte{0xff}, std::byte{7}};
  std::optional<std::int64_t> missing;
  c.Prepare("INSERT INTO t (name, n, x, b) VALUES (?, ?, ?, ?)")
      .BindAll("Коляска", missing, 2.5, blob)
      .Run();
  c.Prepare("INSERT INTO t (name, n, x, b) VALUES (?, ?, ?, ?)")
      .BindAll(std::string("x'); DROP TABLE t; --"), 42, 0.0, Blob{})
      .Run();

  Statement s = c.Prepare("SELECT name, n, x, b FROM t ORDER BY id");
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Get<std::string>(0), "Коляска");
  EXPECT_EQ(s.Get<std::optional<std::int64_t>>(1), std::nullopt);
  EXPECT_DOUBLE_EQ(s.Get<double>(2), 2.5);
  EXPECT_EQ(s.Get<Blob>(3), blob);
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Get<std::string>(0), "x'); DROP TABLE t; --");
  EXPECT_EQ(s.Get<int>(1), 42);
  EXPECT_FALSE(s.IsNull(3));  // an empty blob stays a blob
  EXPECT_FALSE(s.Step());
}

TEST_F(ConnectionTest, StatementsAreCachedAndReusable) {
  sqlite3_stmt* first = nullptr;
  for (int i = 0; i < 3; ++i) {
    Statement s = c.Prepare("INSERT INTO t (name) VALUES (?)");
    s.BindAll("n" + std::to_string(i)).Run();
  }
  {
    Statement s = c.Prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(s.Step());
    EXPECT_EQ(s.ColumnInt64(0), 3);
    // The same SQL while the cached one is in use gets its own statement.
    Statement nested = c.Prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(nested.Step());
    EXPECT_EQ(nested.ColumnInt64(0), 3);
  }
  first = sqlite3_next_stmt(c.handle(), nullptr);
  int cached = 0;
  for (sqlite3_stmt* s = first; s; s = sqlite3_next_stmt(c.handle(), s)) ++cached;
  EXPECT_EQ(cached, 3);  // journal_mode from opening + insert + select; the nested one is gone
}

TEST_F(ConnectionTest, ConstraintViolationIsTypedErrorWithExtendedCode) {
  c.Prepare("INSERT INTO t (name) VALUES (?)").BindAll("a").Run();
  try {
    c.Prepare("INSERT INTO t (name) VALUES (?)").BindAll("a").Run();
    FAIL() << "expected a constraint violation";
  } catch (const SqliteError& e) {
    EXPECT_TRUE(e.IsConstraintViolation());
    EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_UNIQUE);
    EXPECT_NE(std::string(e.what()).find("UNIQUE"), std::string::npos);
  }
  // The statement is usable again after the failure.
  c.Prepare("INSERT INTO t (name) VALUES (?)").BindAll("b").Run();
}

TEST_F(ConnectionTest, ForeignKeysAreEnforced) {
  c.Exec("CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER NOT NULL REFERENCES t(id))");
  try {
    c.Prepare("INSERT INTO child (t_id) VALUES (?)").BindAll(999).Run();
    FAIL() << "expected a foreign key violation";
  } catch (const SqliteError& e) {
    EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_FOREIGNKEY);
  }
}

TEST_F(ConnectionTest, TransactionRollsBackWhenScopeExitsByException) {
  EXPECT_THROW(
      {
        Transaction tx(c, TransactionMode::kImmediate);
        c.Prepare("INSERT INTO t (name) VALUES (?)").BindAll("lost").Run();
        throw std::runtime_error("boom");
      },
      std::runtime_error);
  EXPECT_FALSE(c.InTransaction());
  Statement s = c.Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.ColumnInt64(0), 0);
}

TEST_F(ConnectionTest, CommittedTransactionIsVisibleToAnotherConnection) {
  {
    Transaction tx(c, TransactionMode::kImmediate);
    c.Prepare("INSERT INTO t (name) VALUES (?)").BindAll("kept").Run();
    tx.Commit();
  }
  Connection other(dir.File("test.db"));
  Statement s = other.Prepare("SELECT name FROM t");
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.ColumnText(0), "kept");
}

TEST_F(ConnectionTest, RowSinkReceivesEveryRowInsideSqlite) {
  auto insert = c.Prepare("INSERT INTO t(name, n) VALUES(?, ?)");
  insert.BindAll("один", 1).Run();
  insert.BindAll("два", std::optional<int>()).Run();
  insert.BindAll("три", 3).Run();
  std::vector<std::string> seen;
  RowSink sink = [&](const SinkRow& row) {
    ASSERT_EQ(row.size(), 2);
    seen.push_back(std::string(row.Text(0)) + "=" +
                   (row.IsNull(1) ? "NULL" : std::to_string(row.Int64(1))));
  };
  auto s = c.Prepare("SELECT row_sink(?1, name, n) FROM t WHERE id >= ?2 ORDER BY id");
  s.BindRowSink(1, sink).BindInt64(2, 1);
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.ColumnInt64(0), 3);  // the number of rows
  EXPECT_FALSE(s.Step());
  EXPECT_EQ(seen, (std::vector<std::string>{"один=1", "два=NULL", "три=3"}));

  s.Reset();
  s.BindInt64(2, 100);  // no row: the sink is not called, the count is 0
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.ColumnInt64(0), 0);
  EXPECT_EQ(seen.size(), 3U);
}

TEST_F(ConnectionTest, RowSinkWithoutABoundSinkOrThatThrowsFailsTheStatement) {
  c.Exec("INSERT INTO t(name) VALUES('a')");
  try {
    c.Prepare("SELECT row_sink(?, name) FROM t").BindInt64(1, 42).Step();
    FAIL() << "a row_sink() without a sink ran";
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("Statement::BindRowSink"), std::string::npos) << e.what();
  }
  RowSink throwing = [](const SinkRow&) { throw std::runtime_error("no room for this row"); };
  try {
    c.Prepare("SELECT row_sink(?, name) FROM t").BindRowSink(1, throwing).Step();
    FAIL() << "a sink's exception was lost";
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("no room for this row"), std::string::npos) << e.what();
  }
  // Not usable from the schema (triggers, views): only where a statement binds a sink.
  c.Exec("CREATE VIEW v AS SELECT row_sink(NULL, name) FROM t");
  try {
    c.Prepare("SELECT * FROM v").Step();
    FAIL() << "row_sink() ran from a view";
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("unsafe use of row_sink()"), std::string::npos)
        << e.what();
  }
}

TEST(Connection, UnopenablePathIsTypedError) {
  EXPECT_THROW(Connection("/nonexistent-dir/sub/x.db"), SqliteError);
}

}  // namespace
}  // namespace prokat::db
