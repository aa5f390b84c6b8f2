// Report counts and the agreement register against a generated dataset whose true numbers the
// test computes itself; and the demo-data generator's invariants.
#include <gtest/gtest.h>

#include <iostream>

#include <map>
#include <random>
#include <set>

#include "fixture.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::inventory::testing {
namespace {

class Reports : public InventoryTest {
 protected:
  Reports() : queries_(*db_, clock_, settings_) {}
  // Family `n`: each target group with chance 1/3, zero to two children.
  NewFamily RandomFamily(int n, std::mt19937& rng) {
    auto below = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    NewFamily nf = NewFamilyFor("Семья " + std::to_string(n));
    nf.target_groups.clear();
    for (auto g : kAllTargetGroups)
      if (below(3) == 0) nf.target_groups.push_back(g);
    nf.children.clear();
    for (int k = below(3); k > 0; --k)
      nf.children.push_back({"Ребёнок", D("2020-01-01"), ChildCategory::kNone});
    return nf;
  }
  QueryService queries_;
};

struct Expected {
  int agreements = 0;
  std::set<std::int64_t> families, children;
  int items = 0;
  std::map<ItemCategory, int> by_category;
  std::map<TargetGroup, std::set<std::int64_t>> by_group;
};

TEST_F(Reports, CountsMatchTheTruthOfAGeneratedDataset) {
  std::mt19937 rng(7);
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto leisure_rules = Must(catalog_.PublishRules(staff_, "Досуг", "Правила досуга"));
  ItemTypeId ski = Must(catalog_.CreateItemType(staff_, "Лыжи", ItemCategory::kLeisureSport, 30,
                                                leisure_rules.document))
                       .id;
  ItemTypeId cot = Must(catalog_.CreateItemType(staff_, "Кровать детская", ItemCategory::kBaby, 90,
                                                leisure_rules.document))
                       .id;
  std::vector<std::pair<ItemTypeId, ItemCategory>> types = {
      {walker_type_, ItemCategory::kRehabilitation},
      {blanket_type_, ItemCategory::kRehabilitation},
      {ski, ItemCategory::kLeisureSport},
      {cot, ItemCategory::kBaby}};
  std::vector<std::pair<ItemId, ItemCategory>> items;
  for (int i = 0; i < 60; ++i) {
    auto [type, cat] = types[static_cast<std::size_t>(i % 4)];
    items.emplace_back(AddItem("ИН-" + std::to_string(i), type), cat);
  }
  struct Fam {
    FamilyId id;
    std::vector<TargetGroup> groups;
    std::vector<ChildId> children;
  };
  std::vector<Fam> fams;
  for (int f = 0; f < 25; ++f) {
    NewFamily nf = RandomFamily(f, rng);
    auto fam = Must(families_.CreateFamily(staff_, nf));
    Fam x{fam.id, nf.target_groups, {}};
    for (const auto& ch : fam.children) x.children.push_back(ch.id);
    fams.push_back(x);
  }
  // Agreements over four months; the report period is April.
  const Date period_from = D("2026-04-01"), period_to = D("2026-04-30");
  Expected want;
  std::set<std::int64_t> on_loan;
  for (int day = 0; day < 120; day += 2) {
    clock_.Set(T("2026-03-02T07:00:00Z") + std::chrono::days(day));
    Date today = LocalToday(clock_, settings_);
    const Fam& fam = fams[static_cast<std::size_t>(below(static_cast<int>(fams.size())))];
    std::vector<ItemId> chosen;
    std::vector<ItemCategory> cats;
    for (int n = 1 + below(3); n > 0; --n) {
      auto& [item, cat] = items[static_cast<std::size_t>(below(static_cast<int>(items.size())))];
      if (on_loan.count(item.value) ||
          std::find(chosen.begin(), chosen.end(), item) != chosen.end())
        continue;
      chosen.push_back(item);
      cats.push_back(cat);
    }
    if (chosen.empty()) continue;
    NewAgreement a;
    a.family = fam.id;
    if (!fam.children.empty())
      a.child =
          fam.children[static_cast<std::size_t>(below(static_cast<int>(fam.children.size())))];
    a.items = chosen;
    a.due_date = AddMonths(today, 1);
    AgreementId id = Must(agreements_.CreateDraft(staff_, a)).id;
    for (const auto& r : Must(agreements_.RulesToAcknowledge(staff_, id)))
      Must(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
    bool cancel = below(5) == 0;  // drafts that never became agreements do not count
    if (cancel) {
      Must(agreements_.CancelDraft(staff_, id));
      continue;
    }
    Must(agreements_.Activate(staff_, id));
    for (auto item : chosen) on_loan.insert(item.value);
    if (today >= period_from && today <= period_to) {
      ++want.agreements;
      want.families.insert(fam.id.value);
      if (a.child) want.children.insert(a.child->value);
      want.items += static_cast<int>(chosen.size());
      for (auto cat : cats) ++want.by_category[cat];
      for (auto g : fam.groups) want.by_group[g].insert(fam.id.value);
    }
    // Half of them come back a week later and are inspected at once.
    if (below(2) == 0) {
      clock_.Advance(std::chrono::days(1));
      ReturnRequest back;
      for (auto item : chosen) back.items.push_back({item, ItemCondition::kGood, {}, ""});
      Must(agreements_.Return(staff_, id, back));
      for (auto item : chosen) {
        Must(catalog_.CompleteInspection(staff_, item, InspectionOutcome::kCleanedAndInspected,
                                         std::nullopt, ""));
        on_loan.erase(item.value);
      }
    }
  }
  ASSERT_GT(want.agreements, 5);
  auto got = Must(queries_.Counts(staff_, period_from, period_to, point_));
  EXPECT_EQ(got.agreements, want.agreements);
  EXPECT_EQ(got.families, static_cast<int>(want.families.size()));
  EXPECT_EQ(got.children, static_cast<int>(want.children.size()));
  EXPECT_EQ(got.items_issued, want.items);
  EXPECT_EQ(got.by_category, want.by_category);
  std::map<TargetGroup, int> groups;
  for (const auto& [g, f] : want.by_group) groups[g] = static_cast<int>(f.size());
  EXPECT_EQ(got.by_target_group, groups);
  // The register lists the same agreements, page by page.
  int listed = 0;
  PageRequest page{"", 4};
  do {
    auto p = Must(queries_.AgreementRegister(staff_, period_from, period_to, point_, page));
    listed += static_cast<int>(p.items.size());
    page.after = p.next_cursor;
  } while (!page.after.empty());
  EXPECT_EQ(listed, want.agreements);
}

// The report computed straight from its definition, one SQL sub-select per figure (the
// reference the one-pass QueryService::Counts must always equal).
ReportCounts ReferenceCounts(db::Database& db, Date from, Date to, std::optional<PointId> point) {
  return db.Read([&](db::Connection& c) {
    const std::string p =
        "WITH p AS (SELECT id, family_id, child_id FROM agreement WHERE state NOT IN "
        "('draft', 'cancelled') AND start_date BETWEEN ?1 AND ?2 AND "
        "(?3 IS NULL OR point_id = ?3)) ";
    std::optional<std::int64_t> point_id;
    if (point) point_id = point->value;
    ReportCounts out;
    auto totals = c.Prepare(p +
                            "SELECT (SELECT COUNT(*) FROM p), (SELECT COUNT(DISTINCT family_id) "
                            "FROM p), (SELECT COUNT(DISTINCT child_id) FROM p), (SELECT COUNT(*) "
                            "FROM agreement_item ai JOIN p ON p.id = ai.agreement_id)");
    totals.BindAll(FormatDate(from), FormatDate(to), point_id);
    totals.Step();
    out.agreements = totals.Get<int>(0);
    out.families = totals.Get<int>(1);
    out.children = totals.Get<int>(2);
    out.items_issued = totals.Get<int>(3);
    totals.Reset();
    auto cats = c.Prepare(p +
                          "SELECT t.category, COUNT(*) FROM agreement_item ai JOIN p ON "
                          "p.id = ai.agreement_id JOIN item i ON i.id = ai.item_id JOIN "
                          "item_type t ON t.id = i.type_id GROUP BY t.category");
    cats.BindAll(FormatDate(from), FormatDate(to), point_id);
    while (cats.Step())
      out.by_category[*Parse<ItemCategory>(cats.Get<std::string>(0))] = cats.Get<int>(1);
    cats.Reset();
    auto groups = c.Prepare(p +
                            "SELECT g.target_group, COUNT(DISTINCT g.family_id) FROM "
                            "family_target_group g WHERE g.family_id IN (SELECT family_id FROM p) "
                            "GROUP BY g.target_group");
    groups.BindAll(FormatDate(from), FormatDate(to), point_id);
    while (groups.Step())
      out.by_target_group[*Parse<TargetGroup>(groups.Get<std::string>(0))] = groups.Get<int>(1);
    return out;
  });
}

// Agreements written straight into the tables: two points, every state, one to three lines,
// with and without a child; the first half numbered in the order of their start dates (a
// period's ids lie together), the second half with start dates at random (scattered ids).
TEST_F(Reports, CountsEqualTheStraightforwardComputationOnRandomPeriods) {
  std::mt19937 rng(11);
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  PointId other = Must(users_.CreatePoint("Второй пункт", "ул. Мира, 2", "BRN2")).id;
  auto leisure_rules = Must(catalog_.PublishRules(staff_, "Досуг", "Правила досуга"));
  ItemTypeId ski = Must(catalog_.CreateItemType(staff_, "Лыжи", ItemCategory::kLeisureSport, 30,
                                                leisure_rules.document))
                       .id;
  std::vector<ItemId> items;
  for (int i = 0; i < 40; ++i)
    items.push_back(AddItem("РН-" + std::to_string(i), i % 3 == 0 ? ski : walker_type_));
  std::vector<std::pair<FamilyId, std::vector<ChildId>>> fams;
  for (int f = 0; f < 30; ++f) {
    NewFamily nf = RandomFamily(f, rng);
    auto fam = Must(families_.CreateFamily(staff_, nf));
    std::vector<ChildId> children;
    for (const auto& ch : fam.children) children.push_back(ch.id);
    fams.emplace_back(fam.id, children);
  }
  const char* states[] = {"draft",  "active",     "extended", "partly_returned",
                          "closed", "terminated", "cancelled"};
  const Date first = D("2024-01-01");
  constexpr int kAgreements = 600;
  db_->Write([&](db::Connection& c) {
    auto ag = c.Prepare(
        "INSERT INTO agreement(id, point_id, year, seq, family_id, child_id, state, start_date, "
        "due_date, delivery_mode, created_at) VALUES(?, ?, 2024, ?, ?, ?, ?, ?, ?, 'at_point', "
        "'2024-01-01T00:00:00Z')");
    auto line = c.Prepare("INSERT INTO agreement_item(agreement_id, item_id) VALUES(?, ?)");
    for (int a = 1; a <= kAgreements; ++a) {
      const Date start = a <= kAgreements / 2 ? first + std::chrono::days(a * 2)
                                              : first + std::chrono::days(below(2 * kAgreements));
      const auto& [family, children] = fams[static_cast<std::size_t>(below(30))];
      std::optional<std::int64_t> child;
      if (!children.empty() && below(3) != 0)
        child = children[static_cast<std::size_t>(below(static_cast<int>(children.size())))].value;
      ag.BindAll(100000 + a, below(4) == 0 ? other.value : point_.value, a, family.value, child,
                 states[below(7)], FormatDate(start), FormatDate(start + std::chrono::days(30)))
          .Run();
      std::set<std::int64_t> chosen;
      for (int n = 1 + below(3); n > 0; --n)
        chosen.insert(items[static_cast<std::size_t>(below(40))].value);
      for (auto item : chosen) line.BindAll(100000 + a, item).Run();
    }
  });
  std::vector<std::pair<Date, Date>> periods = {
      {first, first + std::chrono::days(4000)}, {first, first}, {D("2020-01-01"), D("2020-12-31")}};
  for (int k = 0; k < 60; ++k) {
    const Date from = first + std::chrono::days(below(1300));
    periods.emplace_back(from, from + std::chrono::days(below(k % 3 == 0 ? 400 : 40)));
  }
  auto check_all = [&](const std::string& when) {
    int nonempty = 0;
    for (const auto& [from, to] : periods) {
      for (std::optional<PointId> point :
           {std::optional<PointId>(), std::optional(point_), std::optional(other)}) {
        const std::string what = when + ", " + FormatDate(from) + ".." + FormatDate(to) +
                                 (point ? " at point " + std::to_string(point->value) : "");
        auto want = ReferenceCounts(*db_, from, to, point);
        auto got = Must(queries_.Counts(admin_, from, to, point));
        EXPECT_EQ(got.agreements, want.agreements) << what;
        EXPECT_EQ(got.families, want.families) << what;
        EXPECT_EQ(got.children, want.children) << what;
        EXPECT_EQ(got.items_issued, want.items_issued) << what;
        EXPECT_EQ(got.by_category, want.by_category) << what;
        EXPECT_EQ(got.by_target_group, want.by_target_group) << what;
        if (want.agreements > 0) ++nonempty;
      }
    }
    EXPECT_GT(nonempty, 100) << when;
  };
  check_all("as inserted");

  // Every change the report_lines triggers follow, made at random, a round at a time, each
  // round one transaction: agreements concluded, cancelled, moved to another day or point;
  // lines added or removed; items given another type. Moving a line is refused.
  for (int round = 1; round <= 4; ++round) {
    db_->Write([&](db::Connection& c) {
      auto agreement = [&] { return 100001 + below(kAgreements); };
      auto item = [&] { return items[static_cast<std::size_t>(below(40))].value; };
      for (int k = 0; k < 60; ++k) {
        switch (below(7)) {
          case 0:
            c.Prepare("UPDATE agreement SET state = ? WHERE id = ?")
                .BindAll(states[below(7)], agreement())
                .Run();
            break;
          case 1:
            c.Prepare("UPDATE agreement SET start_date = ? WHERE id = ?")
                .BindAll(FormatDate(first + std::chrono::days(below(1300))), agreement())
                .Run();
            break;
          case 2:
            c.Prepare("UPDATE agreement SET point_id = ? WHERE id = ?")
                .BindAll(below(2) ? other.value : point_.value, agreement())
                .Run();
            break;
          case 3:
            c.Prepare("INSERT OR IGNORE INTO agreement_item(agreement_id, item_id) VALUES(?, ?)")
                .BindAll(agreement(), item())
                .Run();
            break;
          case 4:
            c.Prepare(
                 "DELETE FROM agreement_item WHERE rowid = (SELECT rowid FROM agreement_item "
                 "WHERE agreement_id = ? LIMIT 1)")
                .BindAll(agreement())
                .Run();
            break;
          case 5:
            EXPECT_THROW(c.Prepare("UPDATE agreement_item SET item_id = ? WHERE rowid = "
                                   "(SELECT rowid FROM agreement_item WHERE agreement_id = ? "
                                   "LIMIT 1)")
                             .BindAll(item(), agreement())
                             .Run(),
                         db::SqliteError);
            break;
          case 6:
            c.Prepare("UPDATE item SET type_id = ? WHERE id = ?")
                .BindAll(below(2) ? ski.value : walker_type_.value, item())
                .Run();
            break;
        }
      }
    });
    check_all("after round " + std::to_string(round) + " of changes");
  }
}

TEST_F(Reports, AnEmptyPeriodCountsNothingAndAReversedOneIsRefused) {
  auto got = Must(queries_.Counts(staff_, D("2020-01-01"), D("2020-12-31"), std::nullopt));
  EXPECT_EQ(got.agreements, 0);
  EXPECT_TRUE(got.by_category.empty());
  auto bad = queries_.Counts(staff_, D("2020-12-31"), D("2020-01-01"), std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "to");
}

TEST(DemoData, FillsANewDatabaseConsistentlyAndDeterministically) {
  prokat::testing::TempDir dir;
  ManualClock clock(T("2026-03-02T07:00:00Z"));
  DemoDataOptions options;
  options.families = 40;
  options.multiboxes = 3;
  options.days_of_history = 200;
  std::vector<int> first_counts;
  for (int run = 0; run < 2; ++run) {
    db::Database db(db::DatabaseOptions{dir.File("demo" + std::to_string(run) + ".db")});
    auto summary = Must(GenerateDemoData(db, clock, options));
    std::cout << "demo: items " << summary.items << ", families " << summary.families
              << ", agreements " << summary.agreements << ", open " << summary.open_agreements
              << ", overdue " << summary.overdue << ", out for delivery "
              << summary.out_for_delivery << ", waiting " << summary.applications_waiting << "\n";
    EXPECT_EQ(summary.families, 40);
    EXPECT_EQ(summary.kits, 3);
    EXPECT_GT(summary.items, 250);
    EXPECT_GT(summary.agreements, 50);
    EXPECT_GT(summary.open_agreements, 0);
    auto count = [&](const char* sql) {
      return db.Read([&](db::Connection& c) {
        auto s = c.Prepare(sql);
        s.Step();
        return s.Get<int>(0);
      });
    };
    // Invariants: an item out is in exactly one open agreement line and vice versa.
    EXPECT_EQ(count("SELECT COUNT(*) FROM item WHERE status IN ('on_loan','out_for_delivery') AND "
                    "id NOT IN (SELECT item_id FROM agreement_item WHERE open = 1)"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM agreement_item ai JOIN item i ON i.id = ai.item_id WHERE "
                    "ai.open = 1 AND i.status NOT IN ('on_loan','out_for_delivery')"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM agreement WHERE state = 'closed' AND id IN "
                    "(SELECT agreement_id FROM agreement_item WHERE open = 1)"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM user WHERE password_hash <> ''"), 0);
    EXPECT_EQ(count("SELECT COUNT(DISTINCT role) FROM user"), 4);
    std::vector<int> counts = {summary.items,
                               summary.agreements,
                               summary.open_agreements,
                               summary.overdue,
                               count("SELECT COUNT(*) FROM movement"),
                               count("SELECT COUNT(*) FROM extension")};
    if (run == 0) {
      first_counts = counts;
      EXPECT_FALSE(GenerateDemoData(db, clock, options).ok());  // not into a filled database
    } else {
      EXPECT_EQ(counts, first_counts);
    }
  }
}

TEST_F(Reports, TheDueWindowIsTodayAndTheNextFourteenDaysUnlessGiven) {
  // Today is 2026-03-02: due on the 16th is inside the default window, on the 17th outside.
  auto due_on = [&](const char* date, const std::string& number) {
    NewAgreement a;
    a.family = family_;
    a.items = {AddItem(number, walker_type_)};
    a.start_date = D("2026-02-16");
    a.due_date = D(date);
    AgreementId id = Must(agreements_.CreateDraft(staff_, a)).id;
    for (const auto& r : Must(agreements_.RulesToAcknowledge(staff_, id)))
      Must(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
    Must(agreements_.Activate(staff_, id));
    return id;
  };
  AgreementId inside = due_on("2026-03-16", "ХД-001");
  AgreementId outside = due_on("2026-03-17", "ХД-002");
  auto window = Must(queries_.DueInWindow(staff_, std::nullopt, std::nullopt, std::nullopt, {}));
  ASSERT_EQ(window.items.size(), 1u);
  EXPECT_EQ(window.items[0].agreement, inside);
  auto later = Must(queries_.DueInWindow(staff_, D("2026-03-17"), std::nullopt, std::nullopt, {}));
  ASSERT_EQ(later.items.size(), 1u);
  EXPECT_EQ(later.items[0].agreement, outside);
  auto reversed =
      queries_.DueInWindow(staff_, std::nullopt, std::optional(D("2026-03-01")), std::nullopt, {});
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().field, "to");
}

}  // namespace
}  // namespace prokat::inventory::testing
