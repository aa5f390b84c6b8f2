// Items (Единый реестр предметов проката) and the steps after a return:
//   GET/POST /api/v1/items, GET /api/v1/items/status-counts, GET/PATCH /api/v1/items/{id},
//   GET /api/v1/items/{id}/history,
//   POST /api/v1/items/{id}/inspection | repair | write-off | lost | transfer.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_catalog.hpp"
#include "routes/catalog_input.hpp"
#include "routes/route_table.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

using catalog::UnknownField;

constexpr std::int64_t kMaxCostKopecks = 1'000'000'000'000;  // ten billion roubles
constexpr std::size_t kMaxNoteChars = 2000;

// Reads the body of a step on one item; the caller reads its fields from `in`.
struct StepInput {
  std::optional<std::int64_t> id;
  std::optional<Response> refusal;
  boost::json::object body;
};

StepInput ReadStep(RouteContext& ctx, std::initializer_list<std::string_view> allowed) {
  StepInput out;
  out.id = ctx.IdParam();
  if (!out.id) {
    out.refusal = ErrorToResponse(Error::NotFound("no such item"));
    return out;
  }
  auto body = ParseJsonObject(ctx.request);
  if (!body.ok()) {
    out.refusal = ErrorToResponse(body.error());
    return out;
  }
  if (auto e = UnknownField(*body, allowed)) {
    out.refusal = ErrorToResponse(*e);
    return out;
  }
  out.body = std::move(*body);
  return out;
}

Response ItemAnswer(const Result<inventory::Item>& item, http::status status = http::status::ok) {
  if (!item.ok()) return ErrorToResponse(item.error(), catalog::kFieldNames);
  return JsonResponse(status, ToJson(*item));
}

void AddItemRegisterRoutes(Router& router, inventory::CatalogService& catalog,
                           inventory::QueryService& queries) {
  router.Add(http::verb::get, "/api/v1/items", [&catalog](RouteContext& ctx) {
    QueryReader query(ctx.url);
    inventory::ItemFilter filter;
    filter.status = query.Enum<inventory::ItemStatus>("status");
    filter.type = query.Id<inventory::ItemTypeId>("type_id");
    filter.point = query.Id<inventory::PointId>("point_id");
    filter.category = query.Enum<inventory::ItemCategory>("category");
    filter.text = query.String("q", 100).value_or("");
    filter.storage_place = query.String("storage_place", 200).value_or("");
    auto page = query.Page();
    if (query.error()) return ErrorToResponse(*query.error());
    auto items = catalog.ListItems(ctx.actor(), filter, page);
    if (!items.ok()) return ErrorToResponse(items.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ListJson(items->items, items->next_cursor));
  });

  router.Add(http::verb::post, "/api/v1/items", [&catalog](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = UnknownField(
            *body, {"inventory_number", "serial_number", "gtin", "name", "type_id", "point_id",
                    "condition", "funding_source", "acquired_on", "cost_kopecks", "components",
                    "documents", "notes", "storage_place"})) {
      return ErrorToResponse(*e);
    }
    FieldReader in(*body);
    inventory::NewItem item;
    item.inventory_number = in.String("inventory_number", 1, 40);
    item.serial_number = in.OptionalString("serial_number", 100).value_or("");
    item.gtin = in.OptionalString("gtin", 14).value_or("");
    item.name = in.String("name", 1, 300);
    item.type = in.Id<inventory::ItemTypeId>("type_id");
    auto point = in.OptionalId<inventory::PointId>("point_id");
    item.condition = in.OptionalEnum<inventory::ItemCondition>("condition")
                         .value_or(inventory::ItemCondition::kGood);
    item.funding_source = in.OptionalString("funding_source", 300).value_or("");
    item.acquired_on = in.OptionalDate("acquired_on");
    item.cost_kopecks = in.OptionalInt("cost_kopecks", 0, kMaxCostKopecks);
    auto components = in.Array("components", 0, 200);
    item.documents = in.Strings("documents", 50, 200);
    item.notes = in.OptionalString("notes", kMaxNoteChars).value_or("");
    item.storage_place = in.OptionalString("storage_place", 200).value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    auto parsed = ComponentsFromJson(components, "components");
    if (!parsed.ok()) return ErrorToResponse(parsed.error());
    item.components = std::move(*parsed);
    if (!point) point = ctx.session->point;
    if (!point)
      return ErrorToResponse(
          Error::InvalidArgument("point_id is required (the user has no point)", "point_id"));
    item.point = *point;
    return ItemAnswer(catalog.CreateItem(ctx.actor(), item), http::status::created);
  });

  // {counts: {<status>: n, ...}, total}: every status, for the board's chart. Registered
  // before /items/{id}, which would otherwise take "status-counts" for an id.
  router.Add(
      http::verb::get, "/api/v1/items/status-counts", [&catalog, &queries](RouteContext& ctx) {
        QueryReader query(ctx.url);
        auto point = query.Id<inventory::PointId>("point_id");
        if (query.error()) return ErrorToResponse(*query.error());
        auto counts = queries.ItemsByStatus(ctx.actor(), point);
        if (!counts.ok()) return ErrorToResponse(counts.error(), catalog::kFieldNames);
        boost::json::object by_status;
        std::int64_t total = 0;
        for (const auto& [status, n] : *counts) {
          by_status[inventory::ToString(status)] = n;
          total += n;
        }
        return JsonResponse(http::status::ok, boost::json::object{{"counts", std::move(by_status)},
                                                                  {"total", total}});
      });

  router.Add(http::verb::get, "/api/v1/items/{id}", [&catalog](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item"));
    return ItemAnswer(catalog.GetItem(ctx.actor(), inventory::ItemId(*id)));
  });

  router.Add(http::verb::patch, "/api/v1/items/{id}", [&catalog](RouteContext& ctx) {
    auto step = ReadStep(
        ctx, {"name", "serial_number", "type_id", "condition", "funding_source", "components",
              "documents", "notes", "storage_place", "acquired_on", "cost_kopecks"});
    if (step.refusal) return std::move(*step.refusal);
    if (step.body.empty())
      return ErrorToResponse(Error::InvalidArgument("nothing to change", {}, "empty_patch"));
    FieldReader in(step.body);
    inventory::ItemUpdate update;
    update.name = in.OptionalString("name", 300);
    if (update.name && update.name->empty()) in.Fail("name", "must not be empty");
    update.serial_number = in.OptionalString("serial_number", 100);
    update.type = in.OptionalId<inventory::ItemTypeId>("type_id");
    update.condition = in.OptionalEnum<inventory::ItemCondition>("condition");
    update.funding_source = in.OptionalString("funding_source", 300);
    const bool has_components = in.Has("components") && !step.body.at("components").is_null();
    auto components = in.Array("components", 0, 200);
    if (in.Has("documents") && !step.body.at("documents").is_null())
      update.documents = in.Strings("documents", 50, 200);
    update.notes = in.OptionalString("notes", kMaxNoteChars);
    update.storage_place = in.OptionalString("storage_place", 200);
    // null clears the date or the cost; absent leaves them.
    if (in.Has("acquired_on")) update.acquired_on = in.OptionalDate("acquired_on");
    if (in.Has("cost_kopecks"))
      update.cost_kopecks = in.OptionalInt("cost_kopecks", 0, kMaxCostKopecks);
    if (in.error()) return ErrorToResponse(*in.error());
    if (has_components) {
      auto parsed = ComponentsFromJson(components, "components");
      if (!parsed.ok()) return ErrorToResponse(parsed.error());
      update.components = std::move(*parsed);
    }
    return ItemAnswer(catalog.UpdateItem(ctx.actor(), inventory::ItemId(*step.id), update));
  });

  router.Add(http::verb::get, "/api/v1/items/{id}/history",
             [&catalog, &queries](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return ErrorToResponse(Error::NotFound("no such item"));
               auto history = queries.ItemHistory(ctx.actor(), inventory::ItemId(*id));
               if (!history.ok()) return ErrorToResponse(history.error(), catalog::kFieldNames);
               return JsonResponse(http::status::ok, ListJson(*history));
             });
}

void AddItemStepRoutes(Router& router, inventory::CatalogService& catalog) {
  router.Add(http::verb::post, "/api/v1/items/{id}/inspection", [&catalog](RouteContext& ctx) {
    auto step = ReadStep(ctx, {"outcome", "condition", "note"});
    if (step.refusal) return std::move(*step.refusal);
    FieldReader in(step.body);
    auto outcome_name = in.String("outcome", 1, 64);
    auto condition = in.OptionalEnum<inventory::ItemCondition>("condition");
    auto note = in.OptionalString("note", kMaxNoteChars).value_or("");
    auto outcome = ParseInspectionOutcome(outcome_name);
    if (!in.error() && !outcome) {
      in.Fail("outcome", "must be cleaned_and_inspected, needs_repair or write_off, got '" +
                             outcome_name + "'");
    }
    if (in.error()) return ErrorToResponse(*in.error());
    return ItemAnswer(catalog.CompleteInspection(ctx.actor(), inventory::ItemId(*step.id), *outcome,
                                                 condition, note));
  });

  // The repair is done: in_repair -> available (or reserved for the waiting list).
  router.Add(http::verb::post, "/api/v1/items/{id}/repair", [&catalog](RouteContext& ctx) {
    auto step = ReadStep(ctx, {"condition", "note"});
    if (step.refusal) return std::move(*step.refusal);
    FieldReader in(step.body);
    auto condition = in.Enum<inventory::ItemCondition>("condition");
    auto note = in.OptionalString("note", kMaxNoteChars).value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    return ItemAnswer(
        catalog.CompleteRepair(ctx.actor(), inventory::ItemId(*step.id), condition, note));
  });

  router.Add(http::verb::post, "/api/v1/items/{id}/write-off", [&catalog](RouteContext& ctx) {
    auto step = ReadStep(ctx, {"reason"});
    if (step.refusal) return std::move(*step.refusal);
    FieldReader in(step.body);
    auto reason = in.String("reason", 1, kMaxNoteChars);
    if (in.error()) return ErrorToResponse(*in.error());
    return ItemAnswer(catalog.WriteOff(ctx.actor(), inventory::ItemId(*step.id), reason));
  });

  router.Add(http::verb::post, "/api/v1/items/{id}/lost", [&catalog](RouteContext& ctx) {
    auto step = ReadStep(ctx, {"note"});
    if (step.refusal) return std::move(*step.refusal);
    FieldReader in(step.body);
    auto note = in.OptionalString("note", kMaxNoteChars).value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    return ItemAnswer(catalog.MarkLost(ctx.actor(), inventory::ItemId(*step.id), note));
  });

  // To another rental point: the one move between points (CatalogService::Transfer).
  router.Add(http::verb::post, "/api/v1/items/{id}/transfer", [&catalog](RouteContext& ctx) {
    auto step = ReadStep(ctx, {"to_point_id", "reason"});
    if (step.refusal) return std::move(*step.refusal);
    FieldReader in(step.body);
    auto to = in.Id<inventory::PointId>("to_point_id");
    auto reason = in.String("reason", 1, kMaxNoteChars);
    if (in.error()) return ErrorToResponse(*in.error());
    return ItemAnswer(catalog.Transfer(ctx.actor(), inventory::ItemId(*step.id), to, reason));
  });
}

}  // namespace

void AddItemRoutes(Router& router, inventory::CatalogService& catalog,
                   inventory::QueryService& queries) {
  AddItemRegisterRoutes(router, catalog, queries);
  AddItemStepRoutes(router, catalog);
}

}  // namespace prokat::web
