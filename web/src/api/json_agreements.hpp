// JSON of loan agreements and their papers: the agreement with its lines, the rules to
// acknowledge, the handover act and return acts; and the reading of return lines (the
// component checklist) from request bodies, shared by the agreement and pickup routes.
#pragma once

#include <boost/json/object.hpp>

#include "api/fields.hpp"
#include "prokat/inventory/agreements.hpp"

namespace prokat::web {

// {"id", "number" (null while a draft), "point_id", "family_id", "child_id", "state",
//  "start_date", "due_date", "delivery_mode", "created_at", "activated_at", "closed_at",
//  "terminated_on", "termination_reason", "overdue", "days_overdue", "qr_code",
//  "lines": [{"item_id", "kit_id", "inventory_number", "name", "item_status", "open",
//  "returned_on"}]}
boost::json::object AgreementJson(const inventory::Agreement& agreement);
// {"rules_version_id", "document_id", "title", "version", "text", "published_at", "acknowledged"}
boost::json::object RequiredRulesJson(const inventory::RequiredRules& rules);
// {"agreement_id", "rules_version_id", "acknowledged_at", "explained_by"}
boost::json::object AcknowledgmentJson(const inventory::RulesAcknowledgment& ack);
// {"id", "agreement_id", "agreement_number", "signed_at", "delivery_mode", "staff_id",
//  "rules_version_ids", "lines": [{"item_id", "inventory_number", "name", "condition",
//  "components": [{"name", "quantity"}], "documents", "kit_id", "missing_at_issue"}]}
boost::json::object HandoverActJson(const inventory::HandoverAct& act);
// {"id", "agreement_id", "returned_on", "signed_at", "staff_id", "pickup_id", "note",
//  "agreement_state", "lines": [{"item_id", "condition", "missing_components", "damage_note",
//  "lost"}]}
boost::json::object ReturnActJson(const inventory::ReturnAct& act);

// One returned item: {"item_id", "condition"?, "components"?: [{"name", "present"}],
// "missing_components"?: ["name"], "damage_note"?, "lost"?: the family reports it lost}. The
// checklist's absent components and `missing_components` together make the line's missing
// components. `prefix` names the object in errors ("items[0].").
Result<inventory::ReturnLine> ReadReturnLine(const boost::json::object& object,
                                             const std::string& prefix);
// The elements of array field `name` of `in` as return lines (the first error of `in` or of a
// line).
Result<std::vector<inventory::ReturnLine>> ReadReturnLines(FieldReader& in, std::string_view name,
                                                           std::size_t min_count);

}  // namespace prokat::web
