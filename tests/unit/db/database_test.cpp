#include "prokat/db/database.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <atomic>
#include <iostream>
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
  EXPECT_THROW(db.Read([](Connection& c) { c.Prepare("INSERT INTO t (v) VALUES ('x')").Run(); }),
               SqliteError);
}

TEST_F(DatabaseTest, ConcurrentWritersAreSerialised) {
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        db.Write([&](Connection& c) {
          c.Prepare("INSERT INTO t (v) VALUES (?)")
              .BindAll(std::to_string(t) + "-" + std::to_string(i))
              .Run();
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

// The database holds the families' personal data: its files and its backups are the owner's
// alone, whatever the umask of the process that created them.
TEST(DatabaseFiles, DatabaseWalShmAndBackupAreReadableByTheOwnerOnly) {
  struct Umask {
    mode_t old = ::umask(022);
    ~Umask() { ::umask(old); }
  } usual_umask;
  testing::TempDir dir;
  const std::string path = dir.File("private.sqlite");
  const std::string backup = dir.File("private-backup.sqlite");
  {
    Database db{DatabaseOptions{.path = path, .migrations = kSchema}};
    db.Write([](Connection& c) { c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("a").Run(); });
    db.BackupTo(backup);
    for (const std::string& file : {path, path + "-wal", path + "-shm", backup}) {
      struct stat st {};
      ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << file;
    }
  }
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
    db.Write([](Connection& inner) {
      inner.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("inner").Run();
    });
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
    db.Write([](Connection& inner) {
      inner.Prepare("INSERT INTO t (v) VALUES (?)").BindAll("inner").Run();
    });
    throw std::runtime_error("outer fails after the inner one succeeded");
  }),
               std::runtime_error);
  EXPECT_EQ(db.Read(CountRows), 0);
}

}  // namespace
}  // namespace prokat::db

// WriteGrouped: the group commit of small appends (the audit rows of reads).
namespace prokat::db {
namespace {

void Insert(Connection& c, const std::string& v) {
  c.Prepare("INSERT INTO t (v) VALUES (?)").BindAll(v).Run();
}

bool Has(Database& db, const std::string& v) {
  return db.Read(
      [&](Connection& c) { return c.Prepare("SELECT 1 FROM t WHERE v = ?").BindAll(v).Step(); });
}

// Holds the writer in a Write() on its own thread until release() is called.
class BusyWriter {
 public:
  explicit BusyWriter(Database& db)
      : thread_([this, &db] {
          db.Write([this](Connection& c) {
            Insert(c, "busy");
            holding_ = true;
            while (!released_) std::this_thread::yield();
          });
        }) {
    while (!holding_) std::this_thread::yield();
  }
  ~BusyWriter() { release(); }
  void release() {
    released_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> holding_{false}, released_{false};
  std::thread thread_;
};

void WaitUntilQueued(Database& db, std::size_t n) {
  while (db.group_commit_stats().waiting < n) std::this_thread::yield();
}

TEST_F(DatabaseTest, GroupedWritesWaitingTogetherCommitInOneTransaction) {
  constexpr int kThreads = 8;
  BusyWriter busy(db);
  std::vector<std::thread> threads;
  std::atomic<int> durable{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const std::string v = "grouped-" + std::to_string(i);
      db.WriteGrouped([&](Connection& c) { Insert(c, v); });
      if (Has(db, v)) ++durable;  // committed before WriteGrouped returned
    });
  }
  WaitUntilQueued(db, kThreads);
  EXPECT_EQ(db.group_commit_stats().transactions, 0u);
  EXPECT_EQ(db.Read(CountRows), 0);
  busy.release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(durable, kThreads);
  EXPECT_EQ(db.Read(CountRows), kThreads + 1);
  auto stats = db.group_commit_stats();
  EXPECT_EQ(stats.transactions, 1u);
  EXPECT_EQ(stats.calls, static_cast<std::uint64_t>(kThreads));
  EXPECT_EQ(stats.waiting, 0u);
}

TEST_F(DatabaseTest, AFailingGroupedWriteUndoesOnlyItsOwnPart) {
  db.Write([](Connection& c) { Insert(c, "taken"); });
  BusyWriter busy(db);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      try {
        db.WriteGrouped([&](Connection& c) {
          Insert(c, "part-" + std::to_string(i));
          if (i == 2) Insert(c, "taken");  // UNIQUE violation after its first insert
        });
      } catch (const SqliteError& e) {
        EXPECT_TRUE(e.IsConstraintViolation());
        ++failures;
      }
    });
  }
  WaitUntilQueued(db, 4);
  busy.release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 1);
  EXPECT_TRUE(Has(db, "part-0"));
  EXPECT_TRUE(Has(db, "part-1"));
  EXPECT_FALSE(Has(db, "part-2"));
  EXPECT_TRUE(Has(db, "part-3"));
  EXPECT_EQ(db.group_commit_stats().transactions, 1u);
}

TEST_F(DatabaseTest, GroupedWriteInsideAWriteBelongsToThatTransaction) {
  EXPECT_THROW(db.Write([&](Connection&) {
    db.WriteGrouped([](Connection& c) { Insert(c, "inner"); });
    throw std::runtime_error("the outer transaction fails");
  }),
               std::runtime_error);
  EXPECT_FALSE(Has(db, "inner"));
  db.Write([&](Connection&) { db.WriteGrouped([](Connection& c) { Insert(c, "inner"); }); });
  EXPECT_TRUE(Has(db, "inner"));
  EXPECT_EQ(db.group_commit_stats().transactions, 0u);
}

TEST_F(DatabaseTest, ManyThreadsGroupedWritesAllLandOnceAndShareTransactions) {
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string v = std::to_string(t) + "-" + std::to_string(i);
        db.WriteGrouped([&](Connection& c) { Insert(c, v); });
        EXPECT_TRUE(Has(db, v)) << v;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(db.Read(CountRows), kThreads * kEach);
  auto stats = db.group_commit_stats();
  EXPECT_EQ(stats.calls, static_cast<std::uint64_t>(kThreads * kEach));
  EXPECT_LE(stats.transactions, stats.calls);
  EXPECT_GE(stats.transactions, static_cast<std::uint64_t>(kEach));
  std::cout << "grouped writes: " << stats.calls << " calls in " << stats.transactions
            << " transactions\n";
}

TEST_F(DatabaseTest, TryCheckReadableChecksOnlyOnAReaderIdleNow) {
  Database one{
      DatabaseOptions{.path = dir.File("one.sqlite"), .max_readers = 1, .migrations = kSchema}};
  EXPECT_FALSE(one.TryCheckReadable());  // no reader open yet
  one.CheckReadable();                   // opens the reader; it is idle afterwards
  EXPECT_TRUE(one.TryCheckReadable());
  std::atomic<bool> held{false};
  std::atomic<bool> release{false};
  std::thread holder([&] {
    one.Read([&](Connection&) {
      held = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  });
  while (!held) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_FALSE(one.TryCheckReadable());  // returns at once although the reader is busy
  release = true;
  holder.join();
  EXPECT_TRUE(one.TryCheckReadable());
}

}  // namespace
}  // namespace prokat::db
