#include "api/json_catalog.hpp"
#include "api/json_common.hpp"

#include "api/fields.hpp"

namespace prokat::web {

namespace json = boost::json;

namespace {

json::object ScannedItemJson(const inventory::ScannedItem& item) {
  return {{"item_id", item.item.value},
          {"inventory_number", item.inventory_number},
          {"name", item.name},
          {"status", inventory::ToString(item.status)}};
}

}  // namespace

json::object ToJson(const inventory::RulesVersion& rules) {
  return {{"id", rules.id.value}, {"document_id", rules.document.value},
          {"title", rules.title}, {"version", rules.version},
          {"text", rules.text},   {"published_at", TimeJson(rules.published_at)}};
}

json::object ToJson(const inventory::Component& component) {
  return {{"name", component.name}, {"quantity", component.quantity}};
}

json::object ToJson(const inventory::ItemType& type) {
  json::array components;
  for (const auto& c : type.components) components.push_back(ToJson(c));
  json::array documents;
  for (const auto& d : type.documents) documents.emplace_back(d);
  return {{"id", type.id.value},
          {"name", type.name},
          {"category", inventory::ToString(type.category)},
          {"default_term_days", type.default_term_days},
          {"max_term_days",
           type.max_term_days ? json::value(*type.max_term_days) : json::value(nullptr)},
          {"rules_document_id", type.rules.value},
          {"components", std::move(components)},
          {"documents", std::move(documents)}};
}

json::object ToJson(const inventory::Item& item) {
  json::array components;
  for (const auto& c : item.components) components.push_back(ToJson(c));
  json::array documents;
  for (const auto& d : item.documents) documents.emplace_back(d);
  json::object out{{"id", item.id.value},
                   {"inventory_number", item.inventory_number},
                   {"label", item.label},
                   {"serial_number", item.serial_number},
                   {"name", item.name},
                   {"type_id", item.type.value},
                   {"point_id", item.point.value},
                   {"condition", inventory::ToString(item.condition)},
                   {"status", inventory::ToString(item.status)},
                   {"funding_source", item.funding_source},
                   {"components", std::move(components)},
                   {"documents", std::move(documents)},
                   {"notes", item.notes},
                   {"storage_place", item.storage_place},
                   {"kit_id", OptionalIdJson(item.kit)}};
  out["gtin"] = item.gtin ? json::value(*item.gtin) : json::value(nullptr);
  out["acquired_on"] = item.acquired_on ? json::value(inventory::FormatDate(*item.acquired_on))
                                        : json::value(nullptr);
  out["cost_kopecks"] = item.cost_kopecks ? json::value(*item.cost_kopecks) : json::value(nullptr);
  json::array defects;
  for (const auto& d : item.defects) defects.push_back(ToJson(d));
  out["defects"] = std::move(defects);
  return out;
}

json::object ToJson(const inventory::ItemDefect& d) {
  return {{"id", d.id.value},
          {"kind", inventory::ToString(d.kind)},
          {"component", d.component},
          {"note", d.note},
          {"return_act_id", OptionalIdJson(d.return_act)},
          {"agreement_id", OptionalIdJson(d.agreement)},
          {"agreement_number", d.agreement_number},
          {"found_at", TimeJson(d.found_at)},
          {"restored_at", OptionalTimeJson(d.restored_at)},
          {"restored_by", OptionalIdJson(d.restored_by)},
          {"accepted_at", OptionalTimeJson(d.accepted_at)},
          {"accepted_by", OptionalIdJson(d.accepted_by)},
          {"accepted_reason", d.accepted_reason},
          {"open", d.open()}};
}

json::object ToJson(const inventory::ItemCare& care) {
  json::array defects;
  for (const auto& d : care.defects) defects.push_back(ToJson(d));
  json::array journal;
  for (const auto& s : care.journal)
    journal.push_back(json::object{{"id", s.id.value},
                                   {"kind", inventory::ToString(s.kind)},
                                   {"at", TimeJson(s.at)},
                                   {"user_id", s.by.value},
                                   {"user_name", s.by_name},
                                   {"note", s.note}});
  json::array acts;
  for (const auto& a : care.acts)
    acts.push_back(json::object{{"id", a.id.value},
                                {"kind", inventory::ToString(a.kind)},
                                {"reason", a.reason},
                                {"decided_at", TimeJson(a.decided_at)},
                                {"decided_by", a.decided_by.value},
                                {"decider", a.decider}});
  return {{"item_id", care.item.value},
          {"defects", std::move(defects)},
          {"journal", std::move(journal)},
          {"acts", std::move(acts)}};
}

json::object ToJson(const inventory::Kit& kit) {
  json::array items;
  for (auto id : kit.items) items.push_back(id.value);
  json::array loose;
  for (const auto& c : kit.loose_components) loose.push_back(ToJson(c));
  return {{"id", kit.id.value},
          {"name", kit.name},
          {"kind", inventory::ToString(kit.kind)},
          {"point_id", kit.point.value},
          {"label", kit.label},
          {"item_ids", std::move(items)},
          {"loose_components", std::move(loose)},
          {"notes", kit.notes},
          {"taken_apart_at", OptionalTimeJson(kit.taken_apart_at)}};
}

json::object ToJson(const inventory::MovementEntry& entry) {
  json::object out{{"id", entry.id.value},
                   {"at", TimeJson(entry.at)},
                   {"item_id", entry.item.value},
                   {"inventory_number", entry.inventory_number},
                   {"to", inventory::ToString(entry.to)},
                   {"agreement_id", OptionalIdJson(entry.agreement)},
                   {"user_id", OptionalIdJson(entry.user)},
                   {"note", entry.note}};
  out["from"] = entry.from ? json::value(inventory::ToString(*entry.from)) : json::value(nullptr);
  return out;
}

json::object ToJson(const inventory::ScanResult& result, inventory::Role viewer) {
  using namespace inventory;
  if (const auto* item = std::get_if<ScannedItem>(&result)) {
    json::object out = ScannedItemJson(*item);
    out["kind"] = "item";
    return out;
  }
  if (const auto* kit = std::get_if<ScannedKit>(&result)) {
    return {{"kind", "kit"}, {"kit_id", kit->kit.value}, {"name", kit->name}};
  }
  if (const auto* agreement = std::get_if<ScannedAgreement>(&result)) {
    json::object out{{"kind", "agreement"},
                     {"agreement_id", agreement->agreement.value},
                     {"number", agreement->number}};
    if (viewer != Role::kDriver) out["state"] = ToString(agreement->state);
    return out;
  }
  if (const auto* model = std::get_if<ScannedModel>(&result)) {
    json::array items;
    for (const auto& item : model->items) items.push_back(ScannedItemJson(item));
    return {{"kind", "model"}, {"gtin", model->gtin}, {"items", std::move(items)}};
  }
  return {{"kind", "not_ours"}, {"reason", std::get<NotOurs>(result).why}};
}

Result<std::vector<inventory::Component>> ComponentsFromJson(const std::vector<json::value>& values,
                                                             std::string_view field) {
  std::vector<inventory::Component> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
    if (!values[i].is_object()) {
      return Error::InvalidArgument(name + " must be an object {\"name\", \"quantity\"}", name);
    }
    FieldReader in(values[i].as_object(), name + ".");
    inventory::Component c;
    c.name = in.String("name", 1, 200);
    c.quantity = static_cast<int>(in.OptionalInt("quantity", 1, 10000).value_or(1));
    if (in.error()) return *in.error();
    out.push_back(std::move(c));
  }
  return out;
}

std::string_view InspectionOutcomeName(inventory::InspectionOutcome outcome) {
  switch (outcome) {
    case inventory::InspectionOutcome::kCleanedAndInspected:
      return "cleaned_and_inspected";
    case inventory::InspectionOutcome::kNeedsRepair:
      return "needs_repair";
    case inventory::InspectionOutcome::kWriteOff:
      return "write_off";
  }
  return "unknown";
}

std::optional<inventory::InspectionOutcome> ParseInspectionOutcome(std::string_view name) {
  for (auto o :
       {inventory::InspectionOutcome::kCleanedAndInspected,
        inventory::InspectionOutcome::kNeedsRepair, inventory::InspectionOutcome::kWriteOff}) {
    if (InspectionOutcomeName(o) == name) return o;
  }
  return std::nullopt;
}

}  // namespace prokat::web
