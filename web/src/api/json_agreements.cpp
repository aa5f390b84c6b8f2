#include "api/json_agreements.hpp"
#include "api/json_common.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

namespace prokat::web {

namespace json = boost::json;

namespace {

json::array StringsJson(const std::vector<std::string>& strings) {
  json::array out;
  for (const auto& s : strings) out.emplace_back(s);
  return out;
}

}  // namespace

json::object AgreementJson(const inventory::Agreement& a) {
  json::array lines;
  for (const auto& l : a.lines) {
    lines.push_back(json::object{{"item_id", l.item.value},
                                 {"kit_id", OptionalIdJson(l.kit)},
                                 {"inventory_number", l.inventory_number},
                                 {"name", l.name},
                                 {"item_status", inventory::ToString(l.status)},
                                 {"open", l.open},
                                 {"returned_on", OptionalDateJson(l.returned_on)}});
  }
  json::array extensions;
  for (const auto& e : a.extensions) {
    extensions.push_back(json::object{{"old_due_date", inventory::FormatDate(e.old_due_date)},
                                      {"new_due_date", inventory::FormatDate(e.new_due_date)},
                                      {"reason", e.reason},
                                      {"at", TimeJson(e.at)},
                                      {"by_user_id", e.by.value}});
  }
  return {{"id", a.id.value},
          {"number", OptionalText(a.number)},
          {"point_id", a.point.value},
          {"family_id", a.family.value},
          {"child_id", OptionalIdJson(a.child)},
          {"state", inventory::ToString(a.state)},
          {"start_date", inventory::FormatDate(a.start_date)},
          {"due_date", inventory::FormatDate(a.due_date)},
          {"delivery_mode", inventory::ToString(a.delivery_mode)},
          {"created_at", TimeJson(a.created_at)},
          {"activated_at", OptionalTimeJson(a.activated_at)},
          {"closed_at", OptionalTimeJson(a.closed_at)},
          {"terminated_on", OptionalDateJson(a.terminated_on)},
          {"termination_reason", OptionalText(a.termination_reason)},
          {"overdue", a.days_overdue > 0},
          {"days_overdue", a.days_overdue},
          {"qr_code", a.qr_code},
          {"lines", std::move(lines)},
          {"extensions", std::move(extensions)}};
}

json::object RequiredRulesJson(const inventory::RequiredRules& r) {
  return {{"rules_version_id", r.rules.id.value},
          {"document_id", r.rules.document.value},
          {"title", r.rules.title},
          {"version", r.rules.version},
          {"text", r.rules.text},
          {"published_at", TimeJson(r.rules.published_at)},
          {"acknowledged", r.acknowledged}};
}

json::object AcknowledgmentJson(const inventory::RulesAcknowledgment& ack) {
  return {{"agreement_id", ack.agreement.value},
          {"rules_version_id", ack.rules.value},
          {"acknowledged_at", TimeJson(ack.acknowledged_at)},
          {"explained_by", ack.explained_by.value}};
}

json::object HandoverActJson(const inventory::HandoverAct& act) {
  json::array rules;
  for (auto r : act.rules_versions) rules.emplace_back(r.value);
  json::array lines;
  for (const auto& l : act.lines) {
    json::array components;
    for (const auto& c : l.components)
      components.push_back(json::object{{"name", c.name}, {"quantity", c.quantity}});
    lines.push_back(json::object{{"item_id", l.item.value},
                                 {"inventory_number", l.inventory_number},
                                 {"name", l.name},
                                 {"condition", inventory::ToString(l.condition)},
                                 {"components", std::move(components)},
                                 {"documents", StringsJson(l.documents)},
                                 {"kit_id", OptionalIdJson(l.kit)},
                                 {"missing_at_issue", StringsJson(l.missing_at_issue)}});
  }
  return {{"id", act.id.value},
          {"agreement_id", act.agreement.value},
          {"agreement_number", act.agreement_number},
          {"signed_at", TimeJson(act.signed_at)},
          {"delivery_mode", inventory::ToString(act.delivery_mode)},
          {"staff_id", act.staff.value},
          {"rules_version_ids", std::move(rules)},
          {"lines", std::move(lines)}};
}

json::object ReturnActJson(const inventory::ReturnAct& act) {
  json::array lines;
  for (const auto& l : act.lines) {
    lines.push_back(json::object{{"item_id", l.item.value},
                                 {"condition", inventory::ToString(l.condition)},
                                 {"missing_components", StringsJson(l.missing_components)},
                                 {"damage_note", l.damage_note},
                                 {"lost", l.lost}});
  }
  return {{"id", act.id.value},
          {"agreement_id", act.agreement.value},
          {"returned_on", inventory::FormatDate(act.returned_on)},
          {"signed_at", TimeJson(act.signed_at)},
          {"staff_id", act.staff.value},
          {"pickup_id", OptionalIdJson(act.pickup)},
          {"note", act.note},
          {"agreement_state", inventory::ToString(act.agreement_state)},
          {"lines", std::move(lines)}};
}

Result<inventory::ReturnLine> ReadReturnLine(const json::object& object,
                                             const std::string& prefix) {
  FieldReader in(object, prefix);
  inventory::ReturnLine line;
  line.item = in.Id<inventory::ItemId>("item_id");
  line.condition = in.OptionalEnum<inventory::ItemCondition>("condition")
                       .value_or(inventory::ItemCondition::kGood);
  line.damage_note = in.OptionalString("damage_note", 2000).value_or("");
  line.lost = in.Bool("lost");
  auto checklist = in.Array("components", 0, 200);
  auto missing = in.Strings("missing_components", 200, 200);
  if (in.error()) return *in.error();
  for (std::size_t i = 0; i < checklist.size(); ++i) {
    const std::string index = "components[" + std::to_string(i) + "]";
    if (!checklist[i].is_object())
      return Error::InvalidArgument(prefix + index + " must be an object", prefix + index);
    FieldReader component(checklist[i].as_object(), prefix + index + ".");
    auto name = component.String("name", 1, 200);
    if (!component.Has("present")) component.Fail("present", "is required");
    bool present = component.Bool("present");
    if (component.error()) return *component.error();
    if (!present) line.missing_components.push_back(std::move(name));
  }
  for (auto& name : missing) {
    if (std::find(line.missing_components.begin(), line.missing_components.end(), name) ==
        line.missing_components.end()) {
      line.missing_components.push_back(std::move(name));
    }
  }
  return line;
}

Result<std::vector<inventory::ReturnLine>> ReadReturnLines(FieldReader& in, std::string_view name,
                                                           std::size_t min_count) {
  auto values = in.Array(name, min_count, 500);
  if (in.error()) return *in.error();
  std::vector<inventory::ReturnLine> lines;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string field = in.FieldName(name) + "[" + std::to_string(i) + "]";
    if (!values[i].is_object()) return Error::InvalidArgument(field + " must be an object", field);
    auto line = ReadReturnLine(values[i].as_object(), field + ".");
    if (!line.ok()) return line.error();
    lines.push_back(std::move(*line));
  }
  return lines;
}

}  // namespace prokat::web
