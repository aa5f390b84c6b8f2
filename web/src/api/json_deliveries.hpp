// JSON of deliveries and pickups, in two views: the desk's (everything the delivery record
// holds) and the driver's (only what the trip needs: where to go and which items to bring or
// collect; never children, diagnoses, categories or target groups).
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/deliveries.hpp"

namespace prokat::web {

// {id, agreement_id, agreement_number, kind, planned_on, driver_id, vehicle, address, status,
//  failure_reason, confirmed_at (or null), received_by, signature_ref, note,
//  scans: [{code, scanned_at, item_id (or null)}]}
boost::json::object DeliveryJson(const inventory::Delivery& delivery);

// The driver's view: {id, agreement_number, kind, planned_on, status, vehicle, address,
//  failure_reason, confirmed_at, received_by, note, scans,
//  items: [{item_id, inventory_number, name, components: [{name, quantity}], documents: [...]}]}
// `items` are the handover-act lines of the items this trip moves (see TripLines).
boost::json::object DriverDeliveryJson(const inventory::Delivery& delivery,
                                       const std::vector<inventory::HandoverLine>& items);

// The handover-act lines of the items a trip moves: for a delivery, every item handed over
// on paper; for a pickup, the items still out (or, once collected, the ones scanned).
std::vector<inventory::HandoverLine> TripLines(const inventory::Delivery& delivery,
                                               const inventory::Agreement& agreement,
                                               const inventory::HandoverAct& act);

}  // namespace prokat::web
