#include "api/json_deliveries.hpp"
#include "api/json_common.hpp"

#include <algorithm>

namespace prokat::web {

namespace json = boost::json;

namespace {

json::array ScansJson(const std::vector<inventory::DeliveryScan>& scans) {
  json::array out;
  for (const auto& s : scans) {
    json::object scan{{"code", s.code}, {"scanned_at", inventory::FormatTimestamp(s.scanned_at)}};
    scan["item_id"] = s.item ? json::value(s.item->value) : json::value(nullptr);
    out.push_back(std::move(scan));
  }
  return out;
}

}  // namespace

json::object DeliveryJson(const inventory::Delivery& d) {
  return {{"id", d.id.value},
          {"agreement_id", d.agreement.value},
          {"agreement_number", d.agreement_number},
          {"kind", inventory::ToString(d.kind)},
          {"planned_on", inventory::FormatDate(d.planned_on)},
          {"driver_id", d.driver.value},
          {"vehicle", d.vehicle},
          {"address", d.address},
          {"recipient", d.recipient},
          {"phone", d.phone},
          {"status", inventory::ToString(d.status)},
          {"failure_reason", d.failure_reason},
          {"confirmed_at", OptionalTimeJson(d.confirmed_at)},
          {"received_by", d.received_by},
          {"signature_ref", d.signature_ref},
          {"note", d.note},
          {"scans", ScansJson(d.scans)}};
}

json::object DriverDeliveryJson(const inventory::Delivery& d,
                                const std::vector<inventory::HandoverLine>& lines) {
  json::array items;
  for (const auto& l : lines) {
    json::array components;
    for (const auto& c : l.components)
      components.push_back(json::object{{"name", c.name}, {"quantity", c.quantity}});
    json::array documents;
    for (const auto& doc : l.documents) documents.push_back(json::value(doc));
    items.push_back(json::object{{"item_id", l.item.value},
                                 {"inventory_number", l.inventory_number},
                                 {"name", l.name},
                                 {"components", std::move(components)},
                                 {"documents", std::move(documents)}});
  }
  return {{"id", d.id.value},
          {"agreement_number", d.agreement_number},
          {"kind", inventory::ToString(d.kind)},
          {"planned_on", inventory::FormatDate(d.planned_on)},
          {"status", inventory::ToString(d.status)},
          {"vehicle", d.vehicle},
          {"address", d.address},
          {"recipient", d.recipient},
          {"phone", d.phone},
          {"failure_reason", d.failure_reason},
          {"confirmed_at", OptionalTimeJson(d.confirmed_at)},
          {"received_by", d.received_by},
          {"note", d.note},
          {"scans", ScansJson(d.scans)},
          {"items", std::move(items)}};
}

std::vector<inventory::HandoverLine> TripLines(const inventory::Delivery& d,
                                               const inventory::Agreement& agreement,
                                               const inventory::HandoverAct& act) {
  if (d.kind == inventory::DeliveryKind::kDelivery) return act.lines;
  auto moves = [&](inventory::ItemId item) {
    if (d.status == inventory::DeliveryStatus::kDone) {
      return std::any_of(d.scans.begin(), d.scans.end(),
                         [&](const auto& s) { return s.item == item; });
    }
    return std::any_of(agreement.lines.begin(), agreement.lines.end(),
                       [&](const auto& l) { return l.item == item && l.open; });
  };
  std::vector<inventory::HandoverLine> out;
  for (const auto& l : act.lines)
    if (moves(l.item)) out.push_back(l);
  return out;
}

}  // namespace prokat::web
