#include "api/json_families.hpp"
#include "api/json_common.hpp"

#include <boost/json/value.hpp>

namespace prokat::web {

namespace json = boost::json;

namespace {}  // namespace

json::array TargetGroupsJson(const std::vector<inventory::TargetGroup>& groups) {
  json::array out;
  for (auto g : groups) out.emplace_back(inventory::ToString(g));
  return out;
}

json::object ChildJson(const inventory::Child& child) {
  return {{"id", child.id.value},
          {"family_id", child.family.value},
          {"name", child.name},
          {"birth_date", inventory::FormatDate(child.birth_date)},
          {"category", inventory::ToString(child.category)}};
}

json::object FamilySummaryJson(const inventory::Family& family) {
  return {{"id", family.id.value},
          {"point_id", family.point.value},
          {"representative", family.representative},
          {"phone", family.phone},
          {"address", family.address},
          {"district", family.district},
          {"consent_on", inventory::FormatDate(family.consent_on)},
          {"target_groups", TargetGroupsJson(family.target_groups)},
          {"children_count", family.children.size()}};
}

json::object FamilyJson(const inventory::Family& family) {
  json::object out = FamilySummaryJson(family);
  out.erase("children_count");
  json::array children;
  for (const auto& c : family.children) children.push_back(ChildJson(c));
  out["children"] = std::move(children);
  out["notes"] = family.notes;
  return out;
}

json::object FamilyHistoryJson(const inventory::FamilyHistoryEntry& entry) {
  json::array items;
  for (const auto& i : entry.items) items.emplace_back(i);
  return {{"agreement_id", entry.agreement.value},
          {"number", entry.number.empty() ? json::value(nullptr) : json::value(entry.number)},
          {"state", inventory::ToString(entry.state)},
          {"start_date", inventory::FormatDate(entry.start_date)},
          {"due_date", inventory::FormatDate(entry.due_date)},
          {"items", std::move(items)}};
}

json::object ApplicationJson(const inventory::Application& a) {
  return {{"id", a.id.value},
          {"family_id", a.family.value},
          {"child_id", OptionalIdJson(a.child)},
          {"type_id", a.type.value},
          {"point_id", a.point.value},
          {"applied_at", TimeJson(a.applied_at)},
          {"status", inventory::ToString(a.status)},
          {"reserved_item_id", OptionalIdJson(a.reserved_item)},
          {"reserved_until", OptionalDateJson(a.reserved_until)},
          {"agreement_id", OptionalIdJson(a.agreement)},
          {"queue_position", a.queue_position},
          {"note", a.note}};
}

inventory::NewChild ReadNewChild(FieldReader& in) {
  inventory::NewChild child;
  child.name = in.String("name", 1, 200);
  child.birth_date = in.Date("birth_date");
  child.category = in.OptionalEnum<inventory::ChildCategory>("category")
                       .value_or(inventory::ChildCategory::kNone);
  return child;
}

}  // namespace prokat::web
