// QueryService::Counts, the period report: one pass over the period's agreements in a covering
// index, their lines already counted per day and item type, and one pass over the target groups
// (or, when the period has few families, lookups by key); the counting done here rather than by
// one SQL sub-select per figure.
#include <algorithm>
#include <unordered_set>
#include <vector>

#include "internal.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::inventory {
namespace {

// A lookup by key costs about as much as scanning this many index entries: a table is scanned
// whole when the rows wanted from it are more than 1 in kLookupCost of it.
constexpr std::int64_t kLookupCost = 8;

// A set of row ids: a bitmap indexed by the id (INTEGER PRIMARY KEYs are small and dense), a
// hash set for ids past kDenseLimit.
class IdSet {
 public:
  void Add(std::int64_t id) {
    if (id < 0 || id > kDenseLimit) {
      if (sparse_.insert(id).second) ++size_;
      return;
    }
    auto i = static_cast<std::size_t>(id);
    if (i >= dense_.size()) dense_.resize(std::max(i + 1, dense_.size() * 2));
    if (!dense_[i]) ++size_;
    dense_[i] = true;
  }
  bool Contains(std::int64_t id) const {
    if (id < 0 || id > kDenseLimit) return sparse_.contains(id);
    auto i = static_cast<std::size_t>(id);
    return i < dense_.size() && dense_[i];
  }
  std::int64_t size() const { return size_; }
  template <typename F>
  void ForEach(F f) const {
    for (std::size_t i = 0; i < dense_.size(); ++i)
      if (dense_[i]) f(static_cast<std::int64_t>(i));
    for (auto id : sparse_) f(id);
  }

 private:
  static constexpr std::int64_t kDenseLimit = 1 << 24;
  std::vector<bool> dense_;
  std::unordered_set<std::int64_t> sparse_;
  std::int64_t size_ = 0;
};

std::int64_t MaxId(db::Connection& c, const char* sql) {
  auto s = c.Prepare(sql);
  s.Step();
  return s.IsNull(0) ? 0 : s.Get<std::int64_t>(0);
}

// Lines per item category; only categories with lines appear. The lines come counted per day
// and item type (report_lines, kept by triggers: db/migrations/0008_report_lines.sql).
std::map<ItemCategory, int> LinesPerCategory(db::Connection& c, const std::string& from,
                                             const std::string& to,
                                             const std::optional<std::string>& points) {
  std::map<std::int64_t, int> per_type;
  auto s = c.Prepare(
      "SELECT type_id, lines FROM report_lines WHERE start_date BETWEEN ?1 AND ?2 AND "
      "(?3 IS NULL OR point_id IN (SELECT value FROM json_each(?3)))");
  s.BindAll(from, to, points);
  while (s.Step()) per_type[s.Get<std::int64_t>(0)] += s.Get<int>(1);
  std::map<ItemCategory, int> out;
  auto types = c.Prepare("SELECT id, category FROM item_type");
  while (types.Step()) {
    auto it = per_type.find(types.Get<std::int64_t>(0));
    if (it == per_type.end() || it->second == 0) continue;
    if (auto category = Parse<ItemCategory>(types.Get<std::string>(1)))
      out[*category] += it->second;
  }
  return out;
}

// Distinct families per target group; only groups with families appear.
std::map<TargetGroup, int> FamiliesPerGroup(db::Connection& c, const IdSet& families) {
  std::map<TargetGroup, int> out;
  auto count = [&](std::string_view name) {
    if (auto group = Parse<TargetGroup>(name)) ++out[*group];
  };
  if (families.size() * kLookupCost >= MaxId(c, "SELECT max(id) FROM family")) {
    db::RowSink sink = [&](const db::SinkRow& row) {
      if (families.Contains(row.Int64(0))) count(row.Text(1));
    };
    auto s = c.Prepare("SELECT row_sink(?, family_id, target_group) FROM family_target_group");
    s.BindRowSink(1, sink);
    s.Step();
  } else {
    auto s = c.Prepare("SELECT target_group FROM family_target_group WHERE family_id = ?");
    families.ForEach([&](std::int64_t family) {
      s.BindAll(family);
      while (s.Step()) count(s.ColumnTextView(0));
      s.Reset();
    });
  }
  return out;
}

}  // namespace

Result<ReportCounts> QueryService::Counts(const Actor& actor, Date from, Date to,
                                          std::optional<PointId> point) {
  if (to < from) return Error::InvalidArgument("the period ends before it starts", "to");
  return internal::ReadTx<ReportCounts>(db_, [&](db::Connection& c) -> Result<ReportCounts> {
    auto points = internal::DeskPoints(c, actor, point);
    if (!points) return points.error();
    const std::string first = FormatDate(from), last = FormatDate(to);
    // The index agreement_counted holds exactly the agreements counted, with all this needs.
    IdSet families, children;
    db::RowSink sink = [&](const db::SinkRow& row) {
      families.Add(row.Int64(0));
      if (!row.IsNull(1)) children.Add(row.Int64(1));
    };
    auto s = c.Prepare(
        "SELECT row_sink(?4, family_id, child_id) FROM agreement WHERE start_date BETWEEN ?1 AND "
        "?2 AND state <> 'draft' AND state <> 'cancelled' AND "
        "(?3 IS NULL OR point_id IN (SELECT value FROM json_each(?3)))");
    s.BindAll(first, last, *points).BindRowSink(4, sink);
    s.Step();
    ReportCounts out;
    out.agreements = s.Get<int>(0);
    out.families = static_cast<int>(families.size());
    out.children = static_cast<int>(children.size());
    if (out.agreements == 0) return out;
    out.by_category = LinesPerCategory(c, first, last, *points);
    for (const auto& [category, n] : out.by_category) out.items_issued += n;
    out.by_target_group = FamiliesPerGroup(c, families);
    return out;
  });
}

}  // namespace prokat::inventory
