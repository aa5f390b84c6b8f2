#include "prokat/inventory/board.hpp"

#include <algorithm>

#include "internal.hpp"

namespace prokat::inventory {

Result<std::vector<TypeUtilisation>> BoardQueries::Utilisation(std::optional<PointId> point) {
  return internal::ReadTx<std::vector<TypeUtilisation>>(
      db_, [&](db::Connection& c) -> Result<std::vector<TypeUtilisation>> {
        auto s = c.Prepare(
            "SELECT t.id, t.name, t.category, COUNT(*), "
            "SUM(i.status IN ('on_loan', 'out_for_delivery')) FROM item i JOIN item_type t ON "
            "t.id = i.type_id WHERE i.status <> 'written_off' AND i.status <> 'lost' AND "
            "(?1 IS NULL OR i.point_id = ?1) GROUP BY t.id ORDER BY t.name");
        std::optional<std::int64_t> p;
        if (point) p = point->value;
        s.BindAll(p);
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
    int months, std::optional<PointId> point) {
  if (months < 1 || months > 60) return Error::InvalidArgument("months must be 1..60", "months");
  const std::chrono::year_month_day today{LocalToday(clock_, settings_)};
  const Date first_of_month = today.year() / today.month() / std::chrono::day(1);
  const auto offset = std::chrono::minutes(settings_.utc_offset_minutes);
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
        // Closures before the window are not looked up: a closed application whose closing is
        // not in the window was closed before it (its time is then '', before every month end).
        auto s = c.Prepare(
            "WITH closing AS (SELECT subject, MIN(at) AS at FROM audit WHERE at >= ?2 AND "
            "action IN ('application.cancel', 'application.lapse') GROUP BY subject) "
            "SELECT a.applied_at, CASE a.status WHEN 'waiting' THEN NULL WHEN 'reserved' THEN "
            "NULL WHEN 'fulfilled' THEN COALESCE(g.activated_at, g.created_at, '') ELSE "
            "COALESCE(k.at, '') END FROM application a LEFT JOIN agreement g ON g.id = "
            "a.agreement_id LEFT JOIN closing k ON k.subject = 'application/' || a.id "
            "WHERE (?1 IS NULL OR a.point_id = ?1)");
        std::optional<std::int64_t> p;
        if (point) p = point->value;
        s.BindAll(p, window_start);
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
