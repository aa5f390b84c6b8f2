// The board's figures (the tiles' counts, utilisation per item type, the waiting list month by
// month), a family's
// applications, trips of one agreement, and the demo drivers' trips on the point's today.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "fixture.hpp"
#include "prokat/inventory/applications.hpp"
#include "prokat/inventory/board.hpp"
#include "prokat/inventory/deliveries.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::inventory::testing {
namespace {

class Board : public InventoryTest {
 protected:
  Board()
      : applications_(*db_, clock_, settings_),
        deliveries_(*db_, clock_, settings_),
        board_(*db_, clock_, settings_) {}

  ApplicationService applications_;
  DeliveryService deliveries_;
  BoardQueries board_;
};

TEST_F(Board, UtilisationCountsTheItemsWithFamiliesPerType) {
  ItemId lent = AddItem("ХД-001", walker_type_);
  AddItem("ХД-002", walker_type_);
  AddItem("ОД-001", blanket_type_);
  ASSERT_OK(agreements_.Activate(staff_, Draft({lent})));
  auto types = Must(board_.Utilisation(staff_, point_));
  ASSERT_EQ(types.size(), 2u);
  EXPECT_EQ(types[0].name, "Утяжеленное одеяло");
  EXPECT_EQ(types[0].items, 1);
  EXPECT_EQ(types[0].lent, 0);
  EXPECT_EQ(types[1].type, walker_type_);
  EXPECT_EQ(types[1].items, 2);
  EXPECT_EQ(types[1].lent, 1);
  EXPECT_TRUE(Must(board_.Utilisation(admin_, PointId(999))).empty());
  EXPECT_EQ(board_.Utilisation(staff_, PointId(999)).error().reason, "point_not_allowed");
}

TEST_F(Board, AnApplicationWaitsFromFilingUntilFulfilledOrCancelled) {
  FamilyId second = Must(families_.CreateFamily(staff_, NewFamilyFor("Вторая семья"))).id;
  auto first = Must(applications_.Apply(staff_, {family_, std::nullopt, walker_type_, ""}));
  clock_.Set(T("2026-04-10T07:00:00Z"));
  auto later = Must(applications_.Apply(staff_, {second, std::nullopt, walker_type_, ""}));
  clock_.Set(T("2026-05-05T07:00:00Z"));
  ASSERT_OK(applications_.Cancel(staff_, first.id, "купили сами"));
  clock_.Set(T("2026-06-15T07:00:00Z"));
  auto months = Must(board_.WaitingListByMonth(staff_, 4, point_));
  ASSERT_EQ(months.size(), 4u);
  EXPECT_EQ(months[0].month, "2026-03");
  EXPECT_EQ(months[3].month, "2026-06");
  std::vector<int> waiting;
  for (const auto& m : months) waiting.push_back(m.waiting);
  EXPECT_EQ(waiting, (std::vector<int>{1, 2, 1, 1}));

  // A walker comes in: reserved for the second family (still waiting for the hand-over), then
  // handed over (no longer waiting).
  ItemId walker = AddItem("ХД-001", walker_type_);
  EXPECT_EQ(Must(board_.WaitingListByMonth(staff_, 1, point_)).at(0).waiting, 1);
  NewAgreement loan;
  loan.family = second;
  loan.items = {walker};
  loan.due_date = D("2026-08-15");
  AgreementId id = Must(agreements_.CreateDraft(staff_, loan)).id;
  for (const auto& r : Must(agreements_.RulesToAcknowledge(staff_, id)))
    ASSERT_OK(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
  ASSERT_OK(agreements_.Activate(staff_, id));
  EXPECT_EQ(Must(applications_.Get(staff_, later.id)).status, ApplicationStatus::kFulfilled);
  months = Must(board_.WaitingListByMonth(staff_, 4, point_));
  EXPECT_EQ(months[1].waiting, 2);
  EXPECT_EQ(months[3].waiting, 0);
  EXPECT_EQ(board_.WaitingListByMonth(staff_, 0, point_).error().field, "months");

  auto mine = Must(applications_.OfFamily(staff_, family_));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].status, ApplicationStatus::kCancelled);
  EXPECT_EQ(applications_.OfFamily(staff_, FamilyId(999)).error().code, ErrorCode::kNotFound);
}

TEST_F(Board, TripsAreListedByAgreement) {
  AgreementId one = Draft({AddItem("ХД-001", walker_type_)}, DeliveryMode::kDelivery);
  AgreementId two = Draft({AddItem("ХД-002", walker_type_)}, DeliveryMode::kDelivery);
  for (AgreementId id : {one, two}) {
    ASSERT_OK(agreements_.Activate(staff_, id));
    ASSERT_OK(deliveries_.Plan(
        staff_, {id, DeliveryKind::kDelivery, D("2026-03-03"), driver_.user, "", ""}));
  }
  DeliveryFilter filter;
  filter.agreement = two;
  auto page = Must(deliveries_.List(staff_, filter, PageRequest{{}, 50}));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].agreement, two);
}

template <typename T, typename F>
int CountAllPages(F page_at) {
  int n = 0;
  std::string after;
  do {
    Page<T> page = Must(page_at(PageRequest{after, 1000}));
    n += static_cast<int>(page.items.size());
    after = page.next_cursor;
  } while (!after.empty());
  return n;
}

// The tiles' counts equal the lengths of the lists the board draws, on a Monday, a Wednesday
// and a Sunday (the week's edges), and for one point and for all.
TEST(BoardSummary, CountsEqualTheListsTheyStandFor) {
  prokat::testing::TempDir dir;
  ManualClock clock(T("2026-11-25T07:00:00Z"));
  DemoDataOptions options;
  options.families = 80;
  options.days_of_history = 120;
  db::Database db(db::DatabaseOptions{dir.File("demo.db")});
  ASSERT_OK(GenerateDemoData(db, clock, options));
  const InventorySettings settings = Must(LoadSettings(db));
  const auto [staff, point] = db.Read([](db::Connection& c) {
    auto s = c.Prepare("SELECT id, point_id FROM user WHERE role = 'staff' ORDER BY id LIMIT 1");
    s.Step();
    return std::pair{Actor{UserId(s.Get<std::int64_t>(0)), Role::kStaff},
                     PointId(s.Get<std::int64_t>(1))};
  });
  BoardQueries board(db, clock, settings);
  QueryService queries(db, clock, settings);
  DeliveryService deliveries(db, clock, settings);
  int overdue_seen = 0;
  for (const char* now : {"2026-11-30T07:00:00Z", "2026-12-02T07:00:00Z", "2026-12-06T07:00:00Z",
                          "2027-01-20T07:00:00Z"}) {
    clock.Set(T(now));
    for (std::optional<PointId> at : {std::optional<PointId>(point), std::optional<PointId>()}) {
      SCOPED_TRACE(std::string(now) + (at ? " at the point" : " at all points"));
      BoardSummary s = Must(board.Summary(staff, at));
      const Date today = LocalToday(clock, settings);
      EXPECT_EQ(s.today, today);
      EXPECT_EQ(std::chrono::weekday(s.this_week_to), std::chrono::Sunday);
      EXPECT_LE(s.this_week_to - today, std::chrono::days(6));
      EXPECT_GE(s.this_week_to, today);
      EXPECT_EQ(s.next_week_from, s.this_week_to + std::chrono::days(1));
      EXPECT_EQ(s.next_week_to, s.this_week_to + std::chrono::days(7));
      EXPECT_EQ(s.overdue, CountAllPages<DueEntry>([&](const PageRequest& p) {
                  return queries.Overdue(staff, at, p);
                }));
      EXPECT_EQ(s.due_this_week, CountAllPages<DueEntry>([&](const PageRequest& p) {
                  return queries.DueInWindow(staff, today, s.this_week_to, at, p);
                }));
      EXPECT_EQ(s.due_next_week, CountAllPages<DueEntry>([&](const PageRequest& p) {
                  return queries.DueInWindow(staff, s.next_week_from, s.next_week_to, at, p);
                }));
      for (auto [status, n] : {std::pair{DeliveryStatus::kPlanned, s.deliveries_planned},
                               std::pair{DeliveryStatus::kOut, s.deliveries_out}}) {
        DeliveryFilter f;
        f.status = status;
        EXPECT_EQ(n, CountAllPages<Delivery>(
                         [&](const PageRequest& p) { return deliveries.List(staff, f, p); }));
      }
      auto by_status = Must(queries.ItemsByStatus(staff, at));
      EXPECT_EQ(s.items_in_inspection, by_status[ItemStatus::kInspection]);
      EXPECT_EQ(s.items_in_repair, by_status[ItemStatus::kInRepair]);
      overdue_seen += s.overdue;
    }
  }
  EXPECT_GT(overdue_seen, 0);  // the demo has overdue agreements to count
}

// Whatever the day the demo is made (a weekend, a weekday, late evening when the point's date
// is already tomorrow in UTC terms), each demo driver has trips planned on the point's today.
TEST(DemoData, EveryDriverHasTripsOnThePointsToday) {
  prokat::testing::TempDir dir;
  int run = 0;
  for (const char* now : {"2026-11-28T07:00:00Z", "2026-11-29T12:00:00Z", "2026-11-30T07:00:00Z",
                          "2026-12-01T22:30:00Z"}) {
    ManualClock clock(T(now));
    DemoDataOptions options;
    options.families = 30;
    options.multiboxes = 2;
    options.days_of_history = 60;
    db::Database db(db::DatabaseOptions{dir.File("demo" + std::to_string(run++) + ".db")});
    ASSERT_OK(GenerateDemoData(db, clock, options));
    const std::string today = FormatDate(LocalToday(clock, Must(LoadSettings(db))));
    auto trips = db.Read([&](db::Connection& c) {
      auto s = c.Prepare(
          "SELECT u.login, (SELECT COUNT(*) FROM delivery d WHERE d.driver_id = u.id AND "
          "d.planned_on = ? AND d.status IN ('planned', 'out')) FROM user u WHERE u.role = "
          "'driver' ORDER BY u.login");
      s.BindAll(today);
      std::map<std::string, int> out;
      while (s.Step()) out[s.Get<std::string>(0)] = s.Get<int>(1);
      return out;
    });
    ASSERT_EQ(trips.size(), 2u) << now;
    for (const auto& [login, n] : trips)
      EXPECT_GE(n, 1) << login << " on " << today << " (" << now << ")";
  }
}

// Demo data made just after the point's midnight, before its working day and late in it: no
// time stamp it stores (applications filed, loans made, journal rows, audit) is later than now,
// or anything done next in the new database would sort before the demo's own past.
TEST(DemoData, NothingIsStampedAfterNow) {
  prokat::testing::TempDir dir;
  int run = 0;
  for (const char* now : {"2026-12-01T21:05:00Z", "2026-12-02T04:00:00Z", "2026-12-02T15:00:00Z"}) {
    ManualClock clock(T(now));
    DemoDataOptions options;
    options.families = 30;
    options.days_of_history = 60;
    db::Database db(db::DatabaseOptions{dir.File("stamps" + std::to_string(run++) + ".db")});
    ASSERT_OK(GenerateDemoData(db, clock, options));
    auto latest = db.Read([&](db::Connection& c) {
      std::vector<std::pair<std::string, std::string>> columns;
      auto s = c.Prepare(
          "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE "
          "m.type = 'table' AND (p.name = 'at' OR p.name LIKE '%\\_at' ESCAPE '\\')");
      while (s.Step()) columns.emplace_back(s.Get<std::string>(0), s.Get<std::string>(1));
      std::map<std::string, std::string> out;
      for (const auto& [table, column] : columns) {
        auto max = c.Prepare("SELECT MAX(" + column + ") FROM " + table);
        if (max.Step() && !max.IsNull(0)) out[table + "." + column] = max.Get<std::string>(0);
      }
      return out;
    });
    ASSERT_GE(latest.size(), 10u);
    for (const auto& [column, stamp] : latest) EXPECT_LE(stamp, std::string(now)) << column;
  }
}

}  // namespace
}  // namespace prokat::inventory::testing
