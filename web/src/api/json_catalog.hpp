// JSON mapping of the catalogue's inventory structs (item types, usage rules, items, kits, the
// movement journal, scan lookups) for every route file that shows them. Field names are
// snake_case, ids are numbers, enums their stable names, absent optionals null.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <vector>

#include "prokat/core/result.hpp"
#include "prokat/inventory/care.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::web {

// {"id", "document_id", "title", "version", "text", "published_at"}
boost::json::object ToJson(const inventory::RulesVersion& rules);
// {"id", "name", "category", "default_term_days", "rules_document_id"}
boost::json::object ToJson(const inventory::ItemType& type);
// {"name", "quantity"}
boost::json::object ToJson(const inventory::Component& component);
// {"id", "inventory_number", "label", "serial_number", "gtin", "name", "type_id", "point_id",
//  "condition", "status", "funding_source", "acquired_on", "cost_kopecks", "components",
//  "documents", "notes", "kit_id", "defects"} (the defects not yet made good)
boost::json::object ToJson(const inventory::Item& item);
// {"id", "kind" (missing|damage), "component", "note", "return_act_id", "agreement_id",
//  "agreement_number", "found_at", "restored_at", "restored_by", "accepted_at", "accepted_by",
//  "accepted_reason", "open"}
boost::json::object ToJson(const inventory::ItemDefect& defect);
// {"item_id", "defects": [defect...], "journal": [{"id", "kind", "at", "user_id", "user_name",
//  "note"}...], "acts": [{"id", "kind" (write_off|loss), "reason", "decided_at", "decided_by",
//  "decider"}...]}
boost::json::object ToJson(const inventory::ItemCare& care);
// {"id", "name", "kind", "point_id", "label", "item_ids", "loose_components", "notes"}
boost::json::object ToJson(const inventory::Kit& kit);
// One row of the movement journal:
// {"id", "at", "item_id", "inventory_number", "from", "to", "agreement_id", "user_id", "note"}
boost::json::object ToJson(const inventory::MovementEntry& entry);

// What a scanned code refers to, with "kind" one of item, kit, agreement, model, not_ours:
//   item       {"kind", "item_id", "inventory_number", "name", "status"}
//   kit        {"kind", "kit_id", "name"}
//   agreement  {"kind", "agreement_id", "number", "state"}
//   model      {"kind", "gtin", "items": [item...]}
//   not_ours   {"kind", "reason"}
// The shapes are whitelists: nothing about the family behind an agreement is ever shown, and
// for a driver an agreement is its id and number only.
boost::json::object ToJson(const inventory::ScanResult& result, inventory::Role viewer);

// {"items": [ToJson(v)...], "next_cursor": cursor} (the API's list shape).
template <typename T>
boost::json::object ListJson(const std::vector<T>& values, const std::string& next_cursor = {}) {
  boost::json::array items;
  items.reserve(values.size());
  for (const auto& v : values) items.push_back(ToJson(v));
  return {{"items", std::move(items)}, {"next_cursor", next_cursor}};
}

// Components from a JSON array of {"name", "quantity"} objects; kInvalidArgument naming
// `field` ("components[2].quantity") for a wrong element.
Result<std::vector<inventory::Component>> ComponentsFromJson(
    const std::vector<boost::json::value>& values, std::string_view field);

// The stable names of an inspection outcome: cleaned_and_inspected, needs_repair, write_off.
std::string_view InspectionOutcomeName(inventory::InspectionOutcome outcome);
std::optional<inventory::InspectionOutcome> ParseInspectionOutcome(std::string_view name);

}  // namespace prokat::web
