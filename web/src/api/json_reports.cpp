#include "api/json_reports.hpp"

#include "api/json_common.hpp"

namespace prokat::web {

namespace json = boost::json;

json::object DueEntryJson(const inventory::DueEntry& e) {
  return {{"agreement_id", e.agreement.value},
          {"number", e.number},
          {"family_id", e.family.value},
          {"representative", e.representative},
          {"phone", e.phone},
          {"due_date", inventory::FormatDate(e.due_date)},
          {"open_items", e.open_items},
          {"days_overdue", e.days_overdue}};
}

json::object RegisterEntryJson(const inventory::RegisterEntry& e) {
  json::object out{{"agreement_id", e.agreement.value},
                   {"number", e.number},
                   {"start_date", inventory::FormatDate(e.start_date)},
                   {"due_date", inventory::FormatDate(e.due_date)},
                   {"family_id", e.family.value},
                   {"representative", e.representative},
                   {"child", e.child},
                   {"items", e.items},
                   {"state", inventory::ToString(e.state)}};
  out["closed_at"] = OptionalTimeJson(e.closed_at);
  return out;
}

json::object CountsJson(const inventory::ReportCounts& c) {
  json::object by_category;
  for (auto category : inventory::kAllCategories) {
    auto it = c.by_category.find(category);
    by_category[inventory::ToString(category)] = it == c.by_category.end() ? 0 : it->second;
  }
  json::object by_group;
  for (auto group : inventory::kAllTargetGroups) {
    auto it = c.by_target_group.find(group);
    by_group[inventory::ToString(group)] = it == c.by_target_group.end() ? 0 : it->second;
  }
  return {{"agreements", c.agreements},
          {"families", c.families},
          {"children", c.children},
          {"items_issued", c.items_issued},
          {"by_category", std::move(by_category)},
          {"by_target_group", std::move(by_group)}};
}

}  // namespace prokat::web
