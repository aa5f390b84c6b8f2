#include "prokat/db/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "prokat/core/result.hpp"
#include "temp_dir.hpp"

namespace prokat::db {
namespace {

const Migration kSchema[] = {
    {1, "0001_t.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE);"},
};

std::int64_t CountRows(Connection& c) {
  Statement s = c.Prepare("SELECT count(*) FROM t");
  s.Step();
  return s.ColumnInt64(0);
}

class DatabaseTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  Database db{DatabaseOptions{.path = dir.File("db.sqlite"), .migrations = kSchema}};
};

TEST_F(DatabaseTest, WriteCommitsAndReadSeesIt) {
  db.Write([](Connection& c) { c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("a").Run(); });
  EXPECT_EQ(db.Read(CountRows), 1);
}

TEST_F(DatabaseTest, WriteRollsBackOnException) {
  EXPECT_THROW(db.Write([](Connection& c) {
    c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("a").Run();
    throw std::runtime_error("validation failed late");
  }),
               std::runtime_error);
  EXPECT_EQ(db.Read(CountRows), 0);
}

TEST_F(DatabaseTest, WriteRollsBackWhenResultIsAnError) {
  Result<int> r = db.Write([](Connection& c) -> Result<int> {
    c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("a").Run();
    return Error::RuleViolation("nope", "refused after the insert");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(db.Read(CountRows), 0);

  Result<int> good = db.Write([](Connection& c) -> Result<int> {
    c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("b").Run();
    return 1;
  });
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(db.Read(CountRows), 1);
}

TEST_F(DatabaseTest, ConstraintViolationSurfacesAsTypedError) {
  db.Write([](Connection& c) { c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("a").Run(); });
  try {
    db.Write([](Connection& c) { c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("a").Run(); });
    FAIL();
  } catch (const SqliteError& e) {
    EXPECT_TRUE(e.IsConstraintViolation());
  }
  EXPECT_EQ(db.Read(CountRows), 1);
}

TEST_F(DatabaseTest, ReadersNeverSeeUncommittedData) {
  std::atomic<bool> inserted{false}, checked{false};
  std::thread writer([&] {
    db.Write([&](Connection& c) {
      c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("pending").Run();
      inserted = true;
      while (!checked) std::this_thread::yield();  // hold the transaction open
    });
  });
  while (!inserted) std::this_thread::yield();
  EXPECT_EQ(db.Read(CountRows), 0);
  checked = true;
  writer.join();
  EXPECT_EQ(db.Read(CountRows), 1);
}

TEST_F(DatabaseTest, ReadersCannotWrite) {
  EXPECT_THROW(db.Read([](Connection& c) { c.Prepare("INSERT INTO t (v) VALUES ('x')").Run(); }), SqliteError);
}

TEST_F(DatabaseTest, ConcurrentWritersAreSerialised) {
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        db.Write([&](Connection& c) {
          c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll(std::to_string(t) + "-" + std::to_string(i)).Run();
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(db.Read(CountRows), kThreads * kEach);
}

TEST_F(DatabaseTest, BackupUnderConcurrentWritesOpensAndPassesIntegrityCheck) {
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    while (!stop) {
      int n = written.load();
      db.Write([&](Connection& c) {
        c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("row-" + std::to_string(n)).Run();
      });
      written = n + 1;
    }
  });
  while (written < 20) std::this_thread::yield();
  const std::string backup = dir.File("backup.sqlite");
  db.BackupTo(backup);
  const int after_backup = written.load();
  while (written < after_backup + 20) std::this_thread::yield();
  stop = true;
  writer.join();

  Database copy(DatabaseOptions{.path = backup, .migrations = kSchema});
  EXPECT_EQ(copy.IntegrityCheck(), std::vector<std::string>{"ok"});
  const std::int64_t rows = copy.Read(CountRows);
  EXPECT_GE(rows, 20);
  EXPECT_LE(rows, after_backup);
  // Consistent: the copy holds exactly rows 0..rows-1, no gaps.
  std::int64_t max_row = copy.Read([](Connection& c) {
    Statement s = c.Prepare("SELECT max(CAST(substr(v, 5) AS INTEGER)) FROM t");
    s.Step();
    return s.ColumnInt64(0);
  });
  EXPECT_EQ(max_row, rows - 1);
  EXPECT_FALSE(std::filesystem::exists(backup + ".partial"));
}

TEST_F(DatabaseTest, BackupToUnwritablePlaceFails) {
  EXPECT_THROW(db.BackupTo("/nonexistent-dir/backup.sqlite"), SqliteError);
}

}  // namespace
}  // namespace prokat::db

namespace prokat::db {
namespace {

TEST_F(DatabaseTest, NestedWriteCommitsWithTheOuterTransaction) {
  db.Write([&](Connection& c) {
    c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("outer").Run();
    db.Write([](Connection& inner) { inner.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("inner").Run(); });
  });
  EXPECT_EQ(db.Read(CountRows), 2);
}

TEST_F(DatabaseTest, FailedNestedWriteUndoesOnlyItself) {
  db.Write([&](Connection& c) {
    c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("outer").Run();
    Result<int> r = db.Write([](Connection& inner) -> Result<int> {
      inner.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("inner").Run();
      return Error::Conflict("taken", "refused");
    });
    EXPECT_FALSE(r.ok());
    EXPECT_THROW(db.Write([](Connection& inner) {
      inner.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("thrown").Run();
      throw std::runtime_error("x");
    }),
                 std::runtime_error);
  });
  auto values = db.Read([](Connection& c) {
    std::vector<std::string> v;
    Statement s = c.Prepare("SELECT v FROM t ORDER BY id");
    while (s.Step()) v.push_back(s.ColumnText(0));
    return v;
  });
  EXPECT_EQ(values, std::vector<std::string>{"outer"});
}

TEST_F(DatabaseTest, OuterFailureUndoesCommittedNestedWrites) {
  EXPECT_THROW(db.Write([&](Connection&) {
    db.Write([](Connection& inner) { inner.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("inner").Run(); });
    throw std::runtime_error("outer fails after the inner one succeeded");
  }),
               std::runtime_error);
  EXPECT_EQ(db.Read(CountRows), 0);
}

}  // namespace
}  // namespace prokat::db
