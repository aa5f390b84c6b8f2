// The "who looked at personal data" audit of reads: due returns, overdue and a family's history
// each leave exactly one durable audit row per answered call, also when many threads read at
// once, and the rows of calls waiting at the same moment share one group commit.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "fixture.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::inventory::testing {
namespace {

class ReadAudit : public InventoryTest {
 protected:
  ReadAudit() : queries_(*db_, clock_, settings_) {
    AgreementId id = Draft({AddItem("ХД-1", walker_type_)});
    Must(agreements_.Activate(staff_, id));
  }

  int Rows(const std::string& action, const std::string& subject, const std::string& detail) {
    return db_->Read([&](db::Connection& c) {
      auto s = c.Prepare(
          "SELECT COUNT(*) FROM audit WHERE action = ? AND subject = ? AND detail = ? AND "
          "user_id IS NOT NULL");
      s.BindAll(action, subject, detail);
      s.Step();
      return s.Get<int>(0);
    });
  }
  int Rows(const std::string& action) {
    return CountRows("SELECT COUNT(*) FROM audit WHERE action = '" + action + "'");
  }

  QueryService queries_;
};

TEST_F(ReadAudit, EachReadOfPersonalDataLeavesOneRowWithTheReader) {
  auto due = Must(queries_.DueInWindow(staff_, D("2026-06-01"), D("2026-06-30"), std::nullopt, {}));
  ASSERT_EQ(due.items.size(), 1u);
  EXPECT_EQ(Rows("report.due", "agreement/*", "2026-06-01..2026-06-30"), 1);
  Must(queries_.Overdue(staff_, std::nullopt, {}));
  EXPECT_EQ(Rows("report.overdue", "agreement/*", ""), 1);
  auto history = Must(queries_.FamilyHistory(staff_, family_));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(Rows("family.history", "family/" + std::to_string(family_.value), ""), 1);
  EXPECT_EQ(
      CountRows("SELECT COUNT(*) FROM audit WHERE action IN ('report.due', "
                "'report.overdue', 'family.history') AND (user_id <> " +
                std::to_string(staff_.user.value) + " OR role <> 'staff' OR at <> '" +
                FormatTimestamp(std::chrono::floor<std::chrono::seconds>(clock_.Now())) + "')"),
      0);
}

TEST_F(ReadAudit, ARefusedReadLeavesNoRow) {
  EXPECT_FALSE(
      queries_.DueInWindow(driver_, D("2026-06-01"), D("2026-06-30"), std::nullopt, {}).ok());
  EXPECT_FALSE(
      queries_.DueInWindow(staff_, D("2026-06-30"), D("2026-06-01"), std::nullopt, {}).ok());
  EXPECT_FALSE(queries_.Overdue(driver_, std::nullopt, {}).ok());
  EXPECT_FALSE(queries_.FamilyHistory(staff_, FamilyId(9999)).ok());
  EXPECT_FALSE(queries_.FamilyHistory(driver_, family_).ok());
  EXPECT_EQ(Rows("report.due") + Rows("report.overdue") + Rows("family.history"), 0);
}

// Every answered read already has its row when the call returns, exactly one, under load.
TEST_F(ReadAudit, ConcurrentReadsEachHaveExactlyOneDurableRow) {
  constexpr int kThreads = 8, kEach = 20;
  const auto before = db_->group_commit_stats();
  std::atomic<int> missing{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kEach; ++k) {
        // A window of its own per call, so that its row can be told apart.
        const Date from = D("2026-03-01") + std::chrono::days(t * 100 + k);
        const Date to = from + std::chrono::days(90);
        auto due = queries_.DueInWindow(staff_, from, to, std::nullopt, {});
        ASSERT_TRUE(due.ok()) << due.error().message;
        if (Rows("report.due", "agreement/*", FormatDate(from) + ".." + FormatDate(to)) != 1)
          ++missing;
        ASSERT_TRUE(queries_.FamilyHistory(staff_, family_).ok());
        ASSERT_TRUE(queries_.Overdue(staff_, std::nullopt, {}).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(Rows("report.due"), kThreads * kEach);
  EXPECT_EQ(Rows("family.history"), kThreads * kEach);
  EXPECT_EQ(Rows("report.overdue"), kThreads * kEach);
  const auto after = db_->group_commit_stats();
  EXPECT_EQ(after.calls - before.calls, static_cast<std::uint64_t>(3 * kThreads * kEach));
  EXPECT_LE(after.transactions - before.transactions, after.calls - before.calls);
}

// While the writer is busy (a lend, say), the rows of the reads that arrive meanwhile are
// written together in one transaction once it is free.
TEST_F(ReadAudit, ReadsWaitingTogetherShareOneGroupCommit) {
  constexpr int kReaders = 6;
  std::atomic<bool> holding{false}, release{false};
  std::thread writer([&] {
    db_->Write([&](db::Connection&) {
      holding = true;
      while (!release) std::this_thread::yield();
    });
  });
  while (!holding) std::this_thread::yield();
  const auto before = db_->group_commit_stats();
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&, i] {
      const Date from = D("2026-05-01") + std::chrono::days(i);
      ASSERT_TRUE(queries_.DueInWindow(staff_, from, D("2026-12-31"), std::nullopt, {}).ok());
    });
  }
  while (db_->group_commit_stats().waiting < static_cast<std::size_t>(kReaders))
    std::this_thread::yield();
  EXPECT_EQ(Rows("report.due"), 0) << "no read has answered yet";
  release = true;
  writer.join();
  for (auto& th : readers) th.join();
  const auto after = db_->group_commit_stats();
  EXPECT_EQ(after.transactions - before.transactions, 1u);
  EXPECT_EQ(after.calls - before.calls, static_cast<std::uint64_t>(kReaders));
  EXPECT_EQ(Rows("report.due"), kReaders);
}

}  // namespace
}  // namespace prokat::inventory::testing
