// Generates the regional benchmark database of BENCHMARKS.md: one point, N items, N families,
// ten years of agreements in chronological order (the last ones open, due around today) and
// a movement journal of the requested size. Fast bulk inserts: synchronous=OFF, one big
// transaction per table. Sign-in users are added afterwards with `prokat user add`.
//
//   bench_data --db PATH [--items 50000] [--agreements 1000000] [--journal 10000000]
//              [--families N (default = items)] [--open N (default = min(20000, items/2))]
//              [--today YYYY-MM-DD (default: today, UTC)]
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "prokat/db/database.hpp"
#include "prokat/inventory/types.hpp"

namespace {

using prokat::inventory::Date;
using prokat::inventory::FormatDate;
using prokat::inventory::ParseDate;

sqlite3* g_db = nullptr;

void Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(g_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "bench_data: %s: %s\n", sql, err ? err : "?");
    std::exit(1);
  }
}

struct Stmt {
  explicit Stmt(const char* sql) {
    if (sqlite3_prepare_v2(g_db, sql, -1, &s, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "bench_data: %s: %s\n", sql, sqlite3_errmsg(g_db));
      std::exit(1);
    }
  }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt& Int(int i, std::int64_t v) {
    sqlite3_bind_int64(s, i, v);
    return *this;
  }
  Stmt& Text(int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Null(int i) {
    sqlite3_bind_null(s, i);
    return *this;
  }
  void Run() {
    if (sqlite3_step(s) != SQLITE_DONE) {
      std::fprintf(stderr, "bench_data: %s\n", sqlite3_errmsg(g_db));
      std::exit(1);
    }
    sqlite3_reset(s);
  }
  sqlite3_stmt* s = nullptr;
};

std::uint64_t g_x = 88172645463325252ull;
int Rnd(int n) {
  g_x ^= g_x << 13;
  g_x ^= g_x >> 7;
  g_x ^= g_x << 17;
  return static_cast<int>(g_x % static_cast<std::uint64_t>(n));
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  long items = 50'000, agreements = 1'000'000, journal = 10'000'000, families = -1, open = -1;
  std::string today_text =
      FormatDate(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--db")
      path = v;
    else if (k == "--items")
      items = std::atol(v);
    else if (k == "--agreements")
      agreements = std::atol(v);
    else if (k == "--journal")
      journal = std::atol(v);
    else if (k == "--families")
      families = std::atol(v);
    else if (k == "--open")
      open = std::atol(v);
    else if (k == "--today")
      today_text = v;
    else {
      std::fprintf(stderr, "bench_data: unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (path.empty() || items < 2 || agreements < 1) {
    std::fprintf(stderr,
                 "usage: bench_data --db PATH [--items N] [--agreements N] [--journal N]\n");
    return 2;
  }
  if (families < 1) families = items;
  if (open < 0) open = std::min<long>(20'000, items / 2);
  open = std::min(open, agreements);
  const auto t0 = std::chrono::steady_clock::now();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  { prokat::db::Database migrate(prokat::db::DatabaseOptions{.path = path}); }

  sqlite3_open(path.c_str(), &g_db);
  Exec("PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA foreign_keys=OFF");
  Exec("BEGIN");
  Exec(
      "INSERT INTO point(name, code) VALUES('Региональный пункт', 'REG');"
      "INSERT INTO user(login, display_name, role, point_id, created_at) "
      "VALUES('generator', 'Генератор', 'admin', 1, '2016-01-01T00:00:00Z');"
      "INSERT INTO rules_document(title) VALUES('Правила');"
      "INSERT INTO rules_version(document_id, version, text, published_at) "
      "VALUES(1, 1, 'Текст', '2016-01-01T00:00:00Z');"
      "INSERT INTO item_type(name, category, default_term_days, rules_document_id) VALUES"
      "('Ходунки', 'rehabilitation', 90, 1), ('Коляска', 'baby', 180, 1),"
      "('Самокат', 'leisure_sport', 30, 1), ('Мультибокс', 'multibox', 90, 1)");
  {
    Stmt item(
        "INSERT INTO item(inventory_number, name, type_id, point_id, condition, status, "
        "created_at) "
        "VALUES(?, ?, ?, 1, 'good', ?, '2016-01-01T00:00:00Z')");
    const char* names[] = {"Ходунки", "Коляска", "Самокат", "Мультибокс"};
    for (long i = 1; i <= items; ++i) {
      const int type = static_cast<int>(i % 4);
      item.Text(1, "РГ-" + std::to_string(i))
          .Text(2, names[type])
          .Int(3, type + 1)
          .Text(4, i <= open ? "on_loan" : "available")
          .Run();
    }
    Stmt fam(
        "INSERT INTO family(point_id, representative, phone, address, consent_on, created_at) "
        "VALUES(1, ?, ?, 'Барнаул, ул. Ленина, 1', '2016-01-01', '2016-01-01T00:00:00Z')");
    Stmt group("INSERT INTO family_target_group(family_id, target_group) VALUES(?, ?)");
    const char* groups[] = {"disabled_child",      "special_needs_child", "serviceman_family",
                            "difficult_situation", "newborn_kept",        "disabled_adult"};
    for (long f = 1; f <= families; ++f) {
      fam.Text(1, "Семья " + std::to_string(f))
          .Text(2, "+7 900 " + std::to_string(1000000 + f))
          .Run();
      group.Int(1, f).Text(2, groups[f % 6]).Run();
    }
  }
  Exec("COMMIT");

  // Agreements in chronological order over ten years; the last `open` ones are open (one item
  // each, items 1..open), due from 40 days ago to 160 days ahead.
  const Date today = *ParseDate(today_text);
  const Date first = today - std::chrono::days(3650);
  Exec("BEGIN");
  {
    Stmt ag(
        "INSERT INTO agreement(id, point_id, year, seq, family_id, state, start_date, due_date, "
        "delivery_mode, created_at, activated_at, closed_at, created_by) "
        "VALUES(?, 1, ?, ?, ?, ?, ?, ?, 'at_point', ?, ?, ?, 1)");
    Stmt line(
        "INSERT INTO agreement_item(agreement_id, item_id, open, returned_on) VALUES(?, ?, ?, ?)");
    const long closed = agreements - open;
    int year = 0, seq = 0;
    for (long a = 1; a <= agreements; ++a) {
      const bool is_open = a > closed;
      Date start = is_open ? today - std::chrono::days(Rnd(180))
                           : first + std::chrono::days((a * (3650 - 200)) / std::max(1L, closed));
      const Date due = is_open ? today + std::chrono::days(Rnd(200) - 40)
                               : start + std::chrono::days(30 + Rnd(150));
      const int y = static_cast<int>(std::chrono::year_month_day(start).year());
      if (y != year) year = y, seq = 0;
      const std::string ts = FormatDate(start) + "T09:00:00Z";
      ag.Int(1, a)
          .Int(2, y)
          .Int(3, ++seq)
          .Int(4, 1 + Rnd(static_cast<int>(families)))
          .Text(5, is_open ? "active" : "closed")
          .Text(6, FormatDate(start))
          .Text(7, FormatDate(due))
          .Text(8, ts)
          .Text(9, ts);
      if (is_open)
        ag.Null(10);
      else
        ag.Text(10, FormatDate(due) + "T12:00:00Z");
      ag.Run();
      const long item_id = is_open ? a - closed : 1 + Rnd(static_cast<int>(items));
      line.Int(1, a).Int(2, item_id).Int(3, is_open ? 1 : 0);
      if (is_open)
        line.Null(4);
      else
        line.Text(4, FormatDate(due));
      line.Run();
    }
  }
  Exec("COMMIT");

  // The movement journal: rows in time order over the ten years, random items, statuses
  // cycling through the loan and inspection steps; every fifth row names an agreement.
  {
    Stmt mv(
        "INSERT INTO movement(at, item_id, from_status, to_status, agreement_id, user_id, note) "
        "VALUES(?, ?, ?, ?, ?, 1, '')");
    const char* cycle[] = {"available", "on_loan", "inspection", "available"};
    const double span_s = 3650.0 * 86400.0;
    const auto base = std::chrono::sys_days(first);
    for (long r = 0; r < journal; ++r) {
      if (r % 1'000'000 == 0) Exec(r ? "COMMIT; BEGIN" : "BEGIN");
      const prokat::inventory::Timestamp at =
          base + std::chrono::seconds(static_cast<long>(span_s * r / journal));
      const std::string ts = prokat::inventory::FormatTimestamp(at);
      const int step = static_cast<int>(r % 3);
      mv.Text(1, ts)
          .Int(2, 1 + Rnd(static_cast<int>(items)))
          .Text(3, cycle[step])
          .Text(4, cycle[step + 1]);
      if (r % 5 == 0)
        mv.Int(5, 1 + Rnd(static_cast<int>(agreements)));
      else
        mv.Null(5);
      mv.Run();
    }
    if (journal > 0) Exec("COMMIT");
  }
  Exec("ANALYZE");
  Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close(g_db);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "bench_data: %s: %ld items, %ld families, %ld agreements (%ld open), %ld journal rows in "
      "%.1f s\n",
      path.c_str(), items, families, agreements, open, journal, s);
  return 0;
}
