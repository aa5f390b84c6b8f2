#include "prokat/inventory/board.hpp"

#include <algorithm>

#include "internal.hpp"

namespace prokat::inventory {

Result<BoardSummary> BoardQueries::Summary(const Actor& actor, std::optional<PointId> point) {
  BoardSummary out;
  out.today = LocalToday(clock_, settings_.Get());
  const unsigned weekday = std::chrono::weekday(out.today).iso_encoding();  // Monday 1
  out.this_week_to = out.today + std::chrono::days(7 - weekday);
  out.next_week_from = out.this_week_to + std::chrono::days(1);
  out.next_week_to = out.this_week_to + std::chrono::days(7);
  return internal::ReadTx<BoardSummary>(db_, [&](db::Connection& c) -> Result<BoardSummary> {
    auto points = internal::DeskPoints(c, actor, point);
    if (!points) return points.error();
    const std::optional<std::string>& p = *points;
    auto due = c.Prepare(
        "SELECT COUNT(*) FROM agreement WHERE state IN ('active', 'extended', 'partly_returned') "
        "AND due_date >= ?1 AND due_date <= ?2 AND (?3 IS NULL OR point_id IN (SELECT value FROM "
        "json_each(?3)))");
    auto count_due = [&](const std::string& from, const std::string& to) {
      due.Reset();
      due.BindAll(from, to, p);
      due.Step();
      return due.Get<int>(0);
    };
    out.overdue = count_due("", FormatDate(out.today - std::chrono::days(1)));
    out.due_this_week = count_due(FormatDate(out.today), FormatDate(out.this_week_to));
    out.due_next_week = count_due(FormatDate(out.next_week_from), FormatDate(out.next_week_to));
    auto trips = c.Prepare(
        "SELECT d.status, COUNT(*) FROM delivery d JOIN agreement a ON a.id = d.agreement_id "
        "WHERE d.status IN ('planned', 'out') AND (?1 IS NULL OR a.point_id IN (SELECT value FROM "
        "json_each(?1))) "
        "GROUP BY d.status");
    trips.BindAll(p);
    while (trips.Step())
      (trips.Get<std::string>(0) == "out" ? out.deliveries_out : out.deliveries_planned) =
          trips.Get<int>(1);
    auto items = c.Prepare(
        "SELECT status, COUNT(*) FROM item WHERE status IN ('inspection', 'in_repair') AND "
        "(?1 IS NULL OR point_id IN (SELECT value FROM json_each(?1))) GROUP BY status");
    items.BindAll(p);
    while (items.Step())
      (items.Get<std::string>(0) == "in_repair" ? out.items_in_repair : out.items_in_inspection) =
          items.Get<int>(1);
    return out;
  });
}

Result<std::vector<TypeUtilisation>> BoardQueries::Utilisation(const Actor& actor,
                                                               std::optional<PointId> point) {
  return internal::ReadTx<std::vector<TypeUtilisation>>(
      db_, [&](db::Connection& c) -> Result<std::vector<TypeUtilisation>> {
        auto points = internal::DeskPoints(c, actor, point);
        if (!points) return points.error();
        auto s = c.Prepare(
            "SELECT t.id, t.name, t.category, COUNT(*), "
            "SUM(i.status IN ('on_loan', 'out_for_delivery')) FROM item i JOIN item_type t ON "
            "t.id = i.type_id WHERE i.status <> 'written_off' AND i.status <> 'lost' AND "
            "(?1 IS NULL OR i.point_id IN (SELECT value FROM json_each(?1))) GROUP BY t.id ORDER "
            "BY t.name");
        s.BindAll(*points);
        std::vector<TypeUtilisation> out;
        while (s.Step()) {
          TypeUtilisation u;
          u.type = ItemTypeId(s.Get<std::int64_t>(0));
          u.name = s.Get<std::string>(1);
          u.category =
              Parse<ItemCategory>(s.Get<std::string>(2)).value_or(ItemCategory::kRehabilitation);
          u.items = s.Get<int>(3);
          u.lent = s.Get<int>(4);
          out.push_back(std::move(u));
        }
        return out;
      });
}

Result<std::vector<WaitingListMonth>> BoardQueries::WaitingListByMonth(
    const Actor& actor, int months, std::optional<PointId> point) {
  if (months < 1 || months > 60) return Error::InvalidArgument("months must be 1..60", "months");
  const InventorySettings settings = settings_.Get();
  const std::chrono::year_month_day today{LocalToday(clock_, settings)};
  const Date first_of_month = today.year() / today.month() / std::chrono::day(1);
  const auto offset = std::chrono::minutes(settings.utc_offset_minutes);
  // Month k (0 = the oldest) ends where month k+1 starts, as a UTC time text comparable with
  // the stored timestamps.
  std::vector<WaitingListMonth> out;
  std::vector<std::string> ends;
  for (int k = months - 1; k >= 0; --k) {
    const Date first = AddMonths(first_of_month, -k);
    out.push_back({FormatDate(first).substr(0, 7), 0});
    ends.push_back(FormatTimestamp(Timestamp(AddMonths(first, 1)) - offset));
  }
  const std::string window_start =
      FormatTimestamp(Timestamp(AddMonths(first_of_month, -(months - 1))) - offset);
  return internal::ReadTx<std::vector<WaitingListMonth>>(
      db_, [&](db::Connection& c) -> Result<std::vector<WaitingListMonth>> {
        auto points = internal::DeskPoints(c, actor, point);
        if (!points) return points.error();
        // Closures before the window are not looked up: a closed application whose closing is
        // not in the window was closed before it (its time is then '', before every month end).
        auto s = c.Prepare(
            "WITH closing AS (SELECT subject, MIN(at) AS at FROM audit WHERE at >= ?2 AND "
            "action IN ('application.cancel', 'application.lapse') GROUP BY subject) "
            "SELECT a.applied_at, CASE a.status WHEN 'waiting' THEN NULL WHEN 'reserved' THEN "
            "NULL WHEN 'fulfilled' THEN COALESCE(g.activated_at, g.created_at, '') ELSE "
            "COALESCE(k.at, '') END FROM application a LEFT JOIN agreement g ON g.id = "
            "a.agreement_id LEFT JOIN closing k ON k.subject = 'application/' || a.id "
            "WHERE (?1 IS NULL OR a.point_id IN (SELECT value FROM json_each(?1)))");
        s.BindAll(*points, window_start);
        while (s.Step()) {
          const auto applied = s.Get<std::string>(0);
          const auto closed = s.Get<std::optional<std::string>>(1);
          for (std::size_t k = 0; k < ends.size(); ++k) {
            if (applied < ends[k] && (!closed || *closed >= ends[k])) ++out[k].waiting;
          }
        }
        return out;
      });
}

}  // namespace prokat::inventory
