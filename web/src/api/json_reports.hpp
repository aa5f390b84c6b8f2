// JSON of the read-only queries: due returns and overdue, the agreement register, the
// movement journal and the report counts.
#pragma once

#include <boost/json/object.hpp>

#include "prokat/inventory/queries.hpp"

namespace prokat::web {

// {agreement_id, number, family_id, representative, phone, due_date, open_items, days_overdue}
boost::json::object DueEntryJson(const inventory::DueEntry& entry);
// {agreement_id, number, start_date, due_date, family_id, representative, child, items, state,
//  closed_at (or null)}
boost::json::object RegisterEntryJson(const inventory::RegisterEntry& entry);
// {agreements, families, children, items_issued, by_category: {<category>: n, ...},
//  by_target_group: {<group>: n, ...}}; every category and target group is present (0 too).
boost::json::object CountsJson(const inventory::ReportCounts& counts);

}  // namespace prokat::web
