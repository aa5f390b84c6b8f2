// Deliveries and pickups: POST/GET /api/v1/deliveries, GET /api/v1/deliveries/{id},
// POST /api/v1/deliveries/{id}/depart|confirm|fail; GET /api/v1/drivers (the drivers a desk can
// assign a trip to).
//
// A driver works with his own trips only (DeliveryService keeps to that); drivers get the
// reduced JSON of api/json_deliveries.hpp.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_deliveries.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;
using inventory::Role;

bool IsDriver(const RouteContext& ctx) { return ctx.session->role == Role::kDriver; }

// The inventory's field names as these requests name them: a delivery is the path's "id".
constexpr std::pair<std::string_view, std::string_view> kFieldNames[] = {
    {"delivery", "id"}, {"agreement", "agreement_id"}, {"driver", "driver_id"}};

Response NoSuchDelivery() { return ErrorToResponse(Error::NotFound("no such delivery", "id")); }

// The delivery in the JSON of the signed-in user's role.
Result<json::object> ViewOf(inventory::AgreementService& agreements, const RouteContext& ctx,
                            const inventory::Delivery& d) {
  if (!IsDriver(ctx)) return DeliveryJson(d);
  auto agreement = agreements.Get(ctx.actor(), d.agreement);
  if (!agreement.ok()) return agreement.error();
  auto act = agreements.GetHandoverAct(ctx.actor(), d.agreement);
  if (!act.ok()) return act.error();
  return DriverDeliveryJson(d, TripLines(d, *agreement, *act));
}

Response Answer(inventory::AgreementService& agreements, const RouteContext& ctx,
                const Result<inventory::Delivery>& d, http::status status = http::status::ok) {
  if (!d.ok()) return ErrorToResponse(d.error(), kFieldNames);
  auto view = ViewOf(agreements, ctx, *d);
  if (!view.ok()) return ErrorToResponse(view.error());
  return JsonResponse(status, *view);
}

// One scanned code: {code, scanned_at}.
Result<inventory::DeliveryScan> ReadScan(const json::value& v, std::size_t i) {
  const std::string name = "scans[" + std::to_string(i) + "]";
  if (!v.is_object())
    return Error::InvalidArgument(name + " must be an object {code, scanned_at}", name);
  FieldReader scan(v.as_object(), name + ".");
  inventory::DeliveryScan out;
  out.code = scan.String("code", 1, 200);
  std::string at = scan.String("scanned_at", 1, 40);
  if (scan.error()) return *scan.error();
  auto when = inventory::ParseTimestamp(at);
  if (!when) {
    return Error::InvalidArgument(name + ".scanned_at must be a UTC time as YYYY-MM-DDTHH:MM:SSZ",
                                  name + ".scanned_at");
  }
  out.scanned_at = *when;
  return out;
}

// One condition line of a pickup: {item_id, condition, missing_components, damage_note}.
Result<inventory::ReturnLine> ReadPickupLine(const json::value& v, std::size_t i) {
  const std::string name = "pickup_lines[" + std::to_string(i) + "]";
  if (!v.is_object()) return Error::InvalidArgument(name + " must be an object", name);
  FieldReader line(v.as_object(), name + ".");
  inventory::ReturnLine out;
  out.item = line.Id<inventory::ItemId>("item_id");
  out.condition = line.Enum<inventory::ItemCondition>("condition");
  out.missing_components = line.Strings("missing_components", 100, 200);
  out.damage_note = line.OptionalString("damage_note", 1000).value_or("");
  if (line.error()) return *line.error();
  return out;
}

// The confirmation's body, or the first problem in it.
Result<inventory::DeliveryConfirmation> ReadConfirmation(const json::object& body) {
  FieldReader in(body);
  inventory::DeliveryConfirmation c;
  auto scans = in.Array("scans", 1, 500);
  auto lines = in.Array("pickup_lines", 0, 500);
  c.received_by = in.OptionalString("received_by", 200).value_or("");
  c.signature_ref = in.String("signature_ref", 1, 200);
  c.note = in.OptionalString("note", 1000).value_or("");
  if (in.error()) return *in.error();
  for (std::size_t i = 0; i < scans.size(); ++i) {
    auto scan = ReadScan(scans[i], i);
    if (!scan.ok()) return scan.error();
    c.scans.push_back(std::move(*scan));
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto line = ReadPickupLine(lines[i], i);
    if (!line.ok()) return line.error();
    c.pickup_lines.push_back(std::move(*line));
  }
  return c;
}

}  // namespace

void AddDeliveryRoutes(Router& router, inventory::DeliveryService& deliveries,
                       inventory::AgreementService& agreements, inventory::UserService& users) {
  router.Add(http::verb::get, "/api/v1/drivers", [&users](RouteContext&) {
    inventory::UserFilter filter;
    filter.role = Role::kDriver;
    auto drivers = users.ListUsers(filter, inventory::PageRequest{{}, 1000});
    if (!drivers.ok()) return ErrorToResponse(drivers.error());
    json::array items;
    for (const auto& u : drivers->items) {
      items.push_back(json::object{{"id", u.id.value}, {"display_name", u.display_name}});
    }
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  router.Add(http::verb::post, "/api/v1/deliveries", [&agreements, &deliveries](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::NewDelivery plan;
    plan.agreement = in.Id<inventory::AgreementId>("agreement_id");
    plan.kind = in.Enum<inventory::DeliveryKind>("kind");
    plan.planned_on = in.Date("planned_on");
    plan.driver = in.Id<inventory::UserId>("driver_id");
    plan.vehicle = in.OptionalString("vehicle", 100).value_or("");
    plan.address = in.OptionalString("address", 500).value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    auto planned = deliveries.Plan(ctx.actor(), plan);
    return Answer(agreements, ctx, planned, http::status::created);
  });

  router.Add(http::verb::get, "/api/v1/deliveries", [&agreements, &deliveries](RouteContext& ctx) {
    QueryReader q(ctx.url);
    inventory::DeliveryFilter filter;
    filter.agreement = q.Id<inventory::AgreementId>("agreement_id");
    filter.planned_on = q.Date("date");
    filter.driver = q.Id<inventory::UserId>("driver");
    filter.status = q.Enum<inventory::DeliveryStatus>("status");
    auto page = q.Page();
    if (q.error()) return ErrorToResponse(*q.error());
    auto list = deliveries.List(ctx.actor(), filter, page);
    if (!list.ok()) return ErrorToResponse(list.error(), kFieldNames);
    json::array items;
    for (const auto& d : list->items) {
      auto view = ViewOf(agreements, ctx, d);
      if (!view.ok()) return ErrorToResponse(view.error());
      items.push_back(std::move(*view));
    }
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)},
                                                       {"next_cursor", list->next_cursor}});
  });

  router.Add(
      http::verb::get, "/api/v1/deliveries/{id}", [&agreements, &deliveries](RouteContext& ctx) {
        auto id = ctx.IdParam();
        if (!id) return NoSuchDelivery();
        return Answer(agreements, ctx, deliveries.Get(ctx.actor(), inventory::DeliveryId(*id)));
      });

  router.Add(http::verb::post, "/api/v1/deliveries/{id}/depart",
             [&agreements, &deliveries](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NoSuchDelivery();
               return Answer(agreements, ctx,
                             deliveries.Depart(ctx.actor(), inventory::DeliveryId(*id)));
             });

  // The confirmation at the door: {scans: [{code, scanned_at}], received_by, signature_ref,
  // note, pickup_lines: [{item_id, condition, missing_components, damage_note}]}.
  router.Add(http::verb::post, "/api/v1/deliveries/{id}/confirm",
             [&agreements, &deliveries](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NoSuchDelivery();
               auto body = ParseJsonObject(ctx.request);
               if (!body.ok()) return ErrorToResponse(body.error());
               auto confirmation = ReadConfirmation(*body);
               if (!confirmation.ok()) return ErrorToResponse(confirmation.error());
               return Answer(
                   agreements, ctx,
                   deliveries.Confirm(ctx.actor(), inventory::DeliveryId(*id), *confirmation));
             });

  router.Add(http::verb::post, "/api/v1/deliveries/{id}/fail",
             [&agreements, &deliveries](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NoSuchDelivery();
               auto body = ParseJsonObject(ctx.request);
               if (!body.ok()) return ErrorToResponse(body.error());
               FieldReader in(*body);
               std::string reason = in.String("reason", 1, 1000);
               if (in.error()) return ErrorToResponse(*in.error());
               return Answer(agreements, ctx,
                             deliveries.Fail(ctx.actor(), inventory::DeliveryId(*id), reason));
             });
}

}  // namespace prokat::web
