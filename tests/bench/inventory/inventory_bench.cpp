// Inventory benchmarks on a file database (WAL, synchronous=FULL), beside the raw SQLite
// single-row insert transaction rate with the same settings on the same disk as the ceiling.
//
//   PROKAT_BENCH_DIR=<dir on the disk to measure> (default ./bench-data)
//   build/inventory-rel/tests/bench/inventory/inventory_bench
//
// The 1,000,000-agreement database is generated once into the bench dir and reused.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "prokat/db/database.hpp"
#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/families.hpp"
#include "prokat/inventory/queries.hpp"
#include "prokat/inventory/users.hpp"

namespace prokat::inventory {
namespace {

namespace fs = std::filesystem;

fs::path BenchDir() {
  const char* env = std::getenv("PROKAT_BENCH_DIR");
  fs::path dir = env && *env ? fs::path(env) : fs::path("bench-data");
  fs::create_directories(dir);
  return dir;
}

void Fresh(const fs::path& p) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
}

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

// The ceiling: one INSERT per BEGIN IMMEDIATE/COMMIT, WAL, synchronous=FULL, and the
// process-wide settings Prokat's connections use.
void BM_RawSqliteInsertTransaction(benchmark::State& state) {
  fs::path path = BenchDir() / "raw.db";
  Fresh(path);
  db::ConfigureSqlite();
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
               "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* commit = nullptr;
  sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES('row')", -1, &insert, nullptr);
  sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
  for (auto _ : state) {
    for (sqlite3_stmt* s : {begin, insert, commit}) {
      if (sqlite3_step(s) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
      sqlite3_reset(s);
    }
  }
  state.counters["tx_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  for (sqlite3_stmt* s : {begin, insert, commit}) sqlite3_finalize(s);
  sqlite3_close(db);
}
BENCHMARK(BM_RawSqliteInsertTransaction)
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// A point with `items` walkers and one family, in one setup transaction.
struct LendWorld {
  explicit LendWorld(const std::string& name, int items)
      : path(BenchDir() / name), clock(*ParseTimestamp("2026-03-02T07:00:00Z")) {
    Fresh(path);
    db = std::make_unique<db::Database>(db::DatabaseOptions{path.string()});
    UserService users(*db, clock);
    CatalogService catalog(*db, clock, settings);
    FamilyService families(*db, clock, settings);
    db->Write([&](db::Connection&) {
      point = Must(users.CreatePoint("Пункт", "", "BNCH")).id;
      staff = {Must(users.CreateUser(std::nullopt,
                                     {"admin", "Админ", Role::kAdmin, {point, {}, true}, ""}))
                   .id,
               Role::kAdmin};
      auto published = Must(catalog.PublishRules(staff, "Правила", "Текст"));
      rules = published.id;
      auto type = Must(catalog.CreateItemType(staff, "Ходунки", ItemCategory::kRehabilitation, 90,
                                              published.document));
      for (int i = 0; i < items; ++i) {
        NewItem in;
        in.inventory_number = "ХД-" + std::to_string(i);
        in.name = "Ходунки";
        in.type = type.id;
        in.point = point;
        in.components = {{"Колёса", 2}};
        item_ids.push_back(Must(catalog.CreateItem(staff, in)).id);
      }
      NewFamily f;
      f.point = point;
      f.representative = "Семья";
      f.phone = "+7 900 000-00-00";
      f.address = "Барнаул";
      f.consent_on = *ParseDate("2026-03-01");
      family = Must(families.CreateFamily(staff, f)).id;
    });
  }

  // Drafts of two items each, rules acknowledged, in one transaction.
  std::vector<AgreementId> Drafts(AgreementService& agreements, int n) {
    std::vector<AgreementId> out;
    db->Write([&](db::Connection&) {
      for (int i = 0; i < n; ++i) {
        NewAgreement a;
        a.family = family;
        a.items = {item_ids[next_item], item_ids[next_item + 1]};
        next_item += 2;
        a.due_date = *ParseDate("2026-06-02");
        auto id = Must(agreements.CreateDraft(staff, a)).id;
        Must(agreements.AcknowledgeRules(staff, id, rules));
        out.push_back(id);
      }
    });
    return out;
  }

  fs::path path;
  ManualClock clock;
  InventorySettings settings;
  std::unique_ptr<db::Database> db;
  PointId point;
  Actor staff;
  RulesVersionId rules;
  FamilyId family;
  std::vector<ItemId> item_ids;
  std::size_t next_item = 0;
};

constexpr int kLendIterations = 2000;

// Lend: Activate() of a prepared 2-item draft (handover act, 2 journal rows, audit): one
// transaction per iteration.
void BM_Lend(benchmark::State& state) {
  LendWorld world("lend.db", kLendIterations * 2);
  AgreementService agreements(*world.db, world.clock, world.settings);
  auto drafts = world.Drafts(agreements, kLendIterations);
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = agreements.Activate(world.staff, drafts[i++]);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.counters["tx_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Lend)->Iterations(kLendIterations)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Return: both items of an active 2-item agreement in one return act (closes it).
void BM_Return(benchmark::State& state) {
  LendWorld world("return.db", kLendIterations * 2);
  AgreementService agreements(*world.db, world.clock, world.settings);
  auto drafts = world.Drafts(agreements, kLendIterations);
  world.db->Write([&](db::Connection&) {
    for (auto id : drafts) Must(agreements.Activate(world.staff, id));
  });
  std::size_t i = 0;
  for (auto _ : state) {
    ReturnRequest back;
    back.items = {{world.item_ids[2 * i], ItemCondition::kGood, {}, ""},
                  {world.item_ids[2 * i + 1], ItemCondition::kGood, {}, ""}};
    auto r = agreements.Return(world.staff, drafts[i++], back);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.counters["tx_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Return)->Iterations(kLendIterations)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The default demo data set (what `prokat demo-data` loads), into a fresh file.
void BM_DemoData(benchmark::State& state) {
  ManualClock clock(*ParseTimestamp("2026-03-02T07:00:00Z"));
  DemoDataSummary summary;
  for (auto _ : state) {
    fs::path path = BenchDir() / "demo.db";
    Fresh(path);
    db::Database db(db::DatabaseOptions{path.string()});
    summary = Must(GenerateDemoData(db, clock, {}));
  }
  state.counters["items"] = summary.items;
  state.counters["families"] = summary.families;
  state.counters["agreements"] = summary.agreements;
  state.counters["open"] = summary.open_agreements;
  state.counters["overdue"] = summary.overdue;
  state.counters["out_for_delivery"] = summary.out_for_delivery;
  state.counters["waiting"] = summary.applications_waiting;
}
BENCHMARK(BM_DemoData)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// ---- 1,000,000 agreements ----------------------------------------------------------------

constexpr int kAgreements = 1'000'000;
constexpr int kItems = 50'000;
constexpr int kFamilies = 50'000;
constexpr int kOpen = 20'000;  // open agreements (one item each), due dates around "today"

struct BigWorld {
  BigWorld() : clock(*ParseTimestamp("2026-03-02T07:00:00Z")) {
    fs::path path = BenchDir() / "million.db";
    bool ready = fs::exists(path);
    db = std::make_unique<db::Database>(db::DatabaseOptions{path.string()});
    if (ready && db->Read([](db::Connection& c) {
          auto s = c.Prepare("SELECT COUNT(*) FROM agreement");
          s.Step();
          return s.Get<int>(0);
        }) == kAgreements)
      return;
    db.reset();
    Fresh(path);
    db = std::make_unique<db::Database>(db::DatabaseOptions{path.string()});
    Generate();
  }

  // Direct SQL: ten years of closed agreements plus kOpen open ones, one transaction.
  void Generate() {
    db->Write([&](db::Connection& c) {
      c.Exec(
          "INSERT INTO point(name, code) VALUES('Пункт', 'BIG');"
          "INSERT INTO user(login, display_name, role, point_id, created_at) "
          "VALUES('admin', 'Админ', 'admin', 1, '2016-01-01T00:00:00Z');"
          "INSERT INTO rules_document(title) VALUES('Правила');"
          "INSERT INTO item_type(name, category, default_term_days, rules_document_id) "
          "VALUES('Ходунки', 'rehabilitation', 90, 1);");
      auto item = c.Prepare(
          "INSERT INTO item(inventory_number, name, type_id, point_id, condition, status, "
          "created_at) VALUES(?, 'Ходунки', 1, 1, 'good', ?, '2016-01-01T00:00:00Z')");
      for (int i = 1; i <= kItems; ++i)
        item.BindAll("ИН-" + std::to_string(i), i <= kOpen ? "on_loan" : "available").Run();
      auto fam = c.Prepare(
          "INSERT INTO family(point_id, representative, phone, address, consent_on, created_at) "
          "VALUES(1, ?, '+7 900 000-00-00', 'Барнаул', '2016-01-01', '2016-01-01T00:00:00Z')");
      for (int f = 1; f <= kFamilies; ++f) fam.BindAll("Семья " + std::to_string(f)).Run();
      auto ag = c.Prepare(
          "INSERT INTO agreement(id, point_id, year, seq, family_id, state, start_date, due_date, "
          "delivery_mode, created_at, activated_at, closed_at) VALUES(?, 1, ?, ?, ?, ?, ?, ?, "
          "'at_point', ?, ?, ?)");
      auto line = c.Prepare(
          "INSERT INTO agreement_item(agreement_id, item_id, open, returned_on) VALUES(?, ?, ?, "
          "?)");
      const Date today = *ParseDate("2026-03-02");
      const Date first = today - std::chrono::days(3650);
      std::uint64_t x = 12345;
      auto rnd = [&](int n) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return static_cast<int>(x % static_cast<std::uint64_t>(n));
      };
      for (int a = 1; a <= kAgreements; ++a) {
        bool open = a > kAgreements - kOpen;
        Date start =
            open ? today - std::chrono::days(rnd(180)) : first + std::chrono::days(rnd(3650 - 200));
        Date due = open ? today + std::chrono::days(rnd(200) - 40)
                        : start + std::chrono::days(30 + rnd(150));
        int year = static_cast<int>(std::chrono::year_month_day(start).year());
        std::string ts = FormatDate(start) + "T09:00:00Z";
        std::optional<std::string> closed;
        if (!open) closed = FormatDate(due) + "T12:00:00Z";
        ag.BindAll(a, year, a, 1 + rnd(kFamilies), open ? "active" : "closed", FormatDate(start),
                   FormatDate(due), ts, ts, closed)
            .Run();
        int item_id = open ? a - (kAgreements - kOpen) : 1 + rnd(kItems);
        std::optional<std::string> returned;
        if (!open) returned = FormatDate(due);
        line.BindAll(a, item_id, open ? 1 : 0, returned).Run();
      }
    });
    db->Write([](db::Connection& c) { c.Exec("ANALYZE"); });
  }

  ManualClock clock;
  InventorySettings settings;
  std::unique_ptr<db::Database> db;
};

BigWorld& Big() {
  static BigWorld world;
  return world;
}

void BM_DueNextWeek_FirstPage(benchmark::State& state) {
  auto& w = Big();
  QueryService q(*w.db, w.clock, w.settings);
  Actor admin{UserId(1), Role::kAdmin};
  const Date today = *ParseDate("2026-03-02");
  std::size_t rows = 0;
  for (auto _ : state) {
    auto page =
        Must(q.DueInWindow(admin, today, today + std::chrono::days(7), std::nullopt, {"", 50}));
    rows = page.items.size();
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_DueNextWeek_FirstPage)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same read from 8 threads at once, as a server's workers make it: each read's audit row
// goes through the writer's group commit, so one fsync serves the reads waiting together.
void BM_DueNextWeek_8Threads(benchmark::State& state) {
  auto& w = Big();
  QueryService q(*w.db, w.clock, w.settings);
  Actor admin{UserId(1), Role::kAdmin};
  const Date today = *ParseDate("2026-03-02");
  db::GroupCommitStats before;
  if (state.thread_index() == 0) before = w.db->group_commit_stats();
  for (auto _ : state) {
    Must(q.DueInWindow(admin, today, today + std::chrono::days(7), std::nullopt, {"", 50}));
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    auto after = w.db->group_commit_stats();
    state.counters["reads_per_commit"] =
        static_cast<double>(after.calls - before.calls) /
        static_cast<double>(std::max<std::uint64_t>(1, after.transactions - before.transactions));
  }
}
BENCHMARK(BM_DueNextWeek_8Threads)->Threads(8)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_Overdue_FirstPage(benchmark::State& state) {
  auto& w = Big();
  QueryService q(*w.db, w.clock, w.settings);
  Actor admin{UserId(1), Role::kAdmin};
  std::size_t rows = 0;
  for (auto _ : state) {
    auto page = Must(q.Overdue(admin, std::nullopt, {"", 50}));
    rows = page.items.size();
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_Overdue_FirstPage)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Every overdue agreement, page by page (1000 per page).
void BM_Overdue_AllPages(benchmark::State& state) {
  auto& w = Big();
  QueryService q(*w.db, w.clock, w.settings);
  Actor admin{UserId(1), Role::kAdmin};
  std::size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    PageRequest page{"", 1000};
    do {
      auto p = Must(q.Overdue(admin, std::nullopt, page));
      rows += p.items.size();
      page.after = p.next_cursor;
    } while (!page.after.empty());
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_Overdue_AllPages)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReportCounts_OneYear(benchmark::State& state) {
  auto& w = Big();
  QueryService q(*w.db, w.clock, w.settings);
  Actor admin{UserId(1), Role::kAdmin};
  int agreements = 0;
  for (auto _ : state) {
    agreements =
        Must(q.Counts(admin, *ParseDate("2025-01-01"), *ParseDate("2025-12-31"), std::nullopt))
            .agreements;
  }
  state.counters["agreements"] = agreements;
}
BENCHMARK(BM_ReportCounts_OneYear)->Unit(benchmark::kMillisecond)->UseRealTime();

// The period report on the regional database of the web section (`bench_data`), in-process:
// PROKAT_BENCH_REGIONAL_DB=<file>; skipped without it. The file is opened as it is (migrated
// if older), not changed otherwise.
void BM_ReportCounts_Regional(benchmark::State& state, const char* from, const char* to) {
  const char* path = std::getenv("PROKAT_BENCH_REGIONAL_DB");
  if (!path) {
    state.SkipWithError("PROKAT_BENCH_REGIONAL_DB is not set");
    return;
  }
  static db::Database regional(db::DatabaseOptions{path});
  SystemClock clock;
  InventorySettings settings;
  QueryService q(regional, clock, settings);
  Actor admin{UserId(1), Role::kAdmin};
  int agreements = 0;
  for (auto _ : state)
    agreements = Must(q.Counts(admin, *ParseDate(from), *ParseDate(to), std::nullopt)).agreements;
  state.counters["agreements"] = agreements;
}
BENCHMARK_CAPTURE(BM_ReportCounts_Regional, Year, "2025-01-01", "2025-12-31")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ReportCounts_Regional, Month, "2026-11-01", "2026-11-30")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace prokat::inventory

BENCHMARK_MAIN();
