// JSON of families, children, applications and the waiting list, shared by the route files
// that show them. Reading request bodies into inventory structs lives here too, so that the
// same field names and limits apply wherever a family or child is accepted.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <vector>

#include "api/fields.hpp"
#include "prokat/inventory/applications.hpp"
#include "prokat/inventory/families.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::web {

// {"id", "name", "birth_date", "category"}
boost::json::object ChildJson(const inventory::Child& child);
// The whole family: {"id", "point_id", "representative", "phone", "address", "district",
// "consent_on", "target_groups": [...], "children": [...], "notes"}.
boost::json::object FamilyJson(const inventory::Family& family);
// A row of the family list: the family without children's details ("children_count").
boost::json::object FamilySummaryJson(const inventory::Family& family);
// {"agreement_id", "number", "state", "start_date", "due_date", "items": ["ХД-001 ..."]}
boost::json::object FamilyHistoryJson(const inventory::FamilyHistoryEntry& entry);
// {"id", "family_id", "child_id", "type_id", "point_id", "applied_at", "status",
//  "reserved_item_id", "reserved_until", "agreement_id", "queue_position", "note"}
boost::json::object ApplicationJson(const inventory::Application& application);

boost::json::array TargetGroupsJson(const std::vector<inventory::TargetGroup>& groups);

// A child from {"name", "birth_date", "category"?}; errors are recorded in `in`.
inventory::NewChild ReadNewChild(FieldReader& in);

}  // namespace prokat::web
