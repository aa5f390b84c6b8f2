// QueryService::Counts, the period report: one pass over each table it needs, each pass a scan
// of a covering index (or, when the period touches few rows, lookups by key), with the
// counting done here rather than by one SQL sub-select per figure.
#include <algorithm>
#include <unordered_map>
#include <vector>

#include "internal.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::inventory {
namespace {

// A lookup by key costs about as much as scanning this many index entries: a table is scanned
// whole when the rows wanted from it are more than 1 in kLookupCost of it.
constexpr std::int64_t kLookupCost = 8;

// How many times each row id was counted: a vector indexed by the id (INTEGER PRIMARY KEYs are
// small and dense), a hash map for ids past kDenseLimit.
class IdCounts {
 public:
  void Add(std::int64_t id, int n = 1) {
    if (id < 0 || id > kDenseLimit) {
      if ((sparse_[id] += n) == n) ++distinct_;
      return;
    }
    auto i = static_cast<std::size_t>(id);
    if (i >= dense_.size()) dense_.resize(std::max(i + 1, dense_.size() * 2));
    if (dense_[i] == 0) ++distinct_;
    dense_[i] += n;
  }
  int Get(std::int64_t id) const {
    if (id < 0 || id > kDenseLimit) {
      auto it = sparse_.find(id);
      return it == sparse_.end() ? 0 : it->second;
    }
    auto i = static_cast<std::size_t>(id);
    return i < dense_.size() ? dense_[i] : 0;
  }
  std::int64_t distinct() const { return distinct_; }
  // f(id, count) for every id counted.
  template <typename F>
  void ForEach(F f) const {
    for (std::size_t i = 0; i < dense_.size(); ++i)
      if (dense_[i]) f(static_cast<std::int64_t>(i), dense_[i]);
    for (const auto& [id, n] : sparse_) f(id, n);
  }

 private:
  static constexpr std::int64_t kDenseLimit = 1 << 24;
  std::vector<int> dense_;
  std::unordered_map<std::int64_t, int> sparse_;
  std::int64_t distinct_ = 0;
};

std::int64_t MaxId(db::Connection& c, const char* sql) {
  auto s = c.Prepare(sql);
  s.Step();
  return s.IsNull(0) ? 0 : s.Get<std::int64_t>(0);
}

// The items on the lines of `agreements`, with the number of lines of each. Agreements are
// numbered as they are made, so the ids of a period's agreements mostly lie close together:
// then one range scan of the line index (agreement_id, item_id) reads their lines. Scattered
// ids are looked up one by one.
IdCounts ItemsOnLines(db::Connection& c, const std::vector<std::int64_t>& agreements) {
  IdCounts items;
  const auto [lo, hi] = std::minmax_element(agreements.begin(), agreements.end());
  const std::int64_t span = *hi - *lo + 1;
  if (span <= kLookupCost * static_cast<std::int64_t>(agreements.size())) {
    std::vector<bool> wanted(static_cast<std::size_t>(span));
    for (auto a : agreements) wanted[static_cast<std::size_t>(a - *lo)] = true;
    auto s = c.Prepare(
        "SELECT agreement_id, item_id FROM agreement_item WHERE agreement_id BETWEEN ?1 AND ?2");
    s.BindAll(*lo, *hi);
    while (s.Step()) {
      if (wanted[static_cast<std::size_t>(s.Get<std::int64_t>(0) - *lo)])
        items.Add(s.Get<std::int64_t>(1));
    }
    return items;
  }
  auto s = c.Prepare("SELECT item_id FROM agreement_item WHERE agreement_id = ?");
  for (auto a : agreements) {
    s.BindAll(a);
    while (s.Step()) items.Add(s.Get<std::int64_t>(0));
    s.Reset();
  }
  return items;
}

// Lines per item category; only categories with lines appear.
std::map<ItemCategory, int> LinesPerCategory(db::Connection& c, const IdCounts& items) {
  std::map<std::int64_t, int> per_type;
  if (items.distinct() * kLookupCost >= MaxId(c, "SELECT max(id) FROM item")) {
    auto s = c.Prepare("SELECT id, type_id FROM item");  // the index item_by_type covers it
    while (s.Step()) {
      if (int n = items.Get(s.Get<std::int64_t>(0))) per_type[s.Get<std::int64_t>(1)] += n;
    }
  } else {
    auto s = c.Prepare("SELECT type_id FROM item WHERE id = ?");
    items.ForEach([&](std::int64_t item, int n) {
      s.BindAll(item);
      if (s.Step()) per_type[s.Get<std::int64_t>(0)] += n;
      s.Reset();
    });
  }
  std::map<ItemCategory, int> out;
  auto types = c.Prepare("SELECT id, category FROM item_type");
  while (types.Step()) {
    auto it = per_type.find(types.Get<std::int64_t>(0));
    if (it == per_type.end()) continue;
    if (auto category = Parse<ItemCategory>(types.Get<std::string>(1)))
      out[*category] += it->second;
  }
  return out;
}

// Distinct families per target group; only groups with families appear.
std::map<TargetGroup, int> FamiliesPerGroup(db::Connection& c, const IdCounts& families) {
  std::map<std::string, int> per_group;
  if (families.distinct() * kLookupCost >= MaxId(c, "SELECT max(id) FROM family")) {
    auto s = c.Prepare("SELECT family_id, target_group FROM family_target_group");
    while (s.Step()) {
      if (families.Get(s.Get<std::int64_t>(0))) ++per_group[s.Get<std::string>(1)];
    }
  } else {
    auto s = c.Prepare("SELECT target_group FROM family_target_group WHERE family_id = ?");
    families.ForEach([&](std::int64_t family, int) {
      s.BindAll(family);
      while (s.Step()) ++per_group[s.Get<std::string>(0)];
      s.Reset();
    });
  }
  std::map<TargetGroup, int> out;
  for (const auto& [name, n] : per_group) {
    if (auto group = Parse<TargetGroup>(name)) out[*group] = n;
  }
  return out;
}

}  // namespace

Result<ReportCounts> QueryService::Counts(Date from, Date to, std::optional<PointId> point) {
  if (to < from) return Error::InvalidArgument("the period ends before it starts", "to");
  return internal::ReadTx<ReportCounts>(db_, [&](db::Connection& c) -> Result<ReportCounts> {
    // The index agreement_period covers this: no agreement row is read.
    auto s = c.Prepare(
        "SELECT id, family_id, child_id FROM agreement WHERE start_date BETWEEN ?1 AND ?2 AND "
        "state <> 'draft' AND state <> 'cancelled' AND (?3 IS NULL OR point_id = ?3)");
    std::optional<std::int64_t> point_id;
    if (point) point_id = point->value;
    s.BindAll(FormatDate(from), FormatDate(to), point_id);
    std::vector<std::int64_t> agreements;
    IdCounts families, children;
    while (s.Step()) {
      agreements.push_back(s.Get<std::int64_t>(0));
      families.Add(s.Get<std::int64_t>(1));
      if (!s.IsNull(2)) children.Add(s.Get<std::int64_t>(2));
    }
    s.Reset();
    ReportCounts out;
    out.agreements = static_cast<int>(agreements.size());
    out.families = static_cast<int>(families.distinct());
    out.children = static_cast<int>(children.distinct());
    if (agreements.empty()) return out;
    IdCounts items = ItemsOnLines(c, agreements);
    items.ForEach([&](std::int64_t, int n) { out.items_issued += n; });
    out.by_category = LinesPerCategory(c, items);
    out.by_target_group = FamiliesPerGroup(c, families);
    return out;
  });
}

}  // namespace prokat::inventory
