// The catalogue's reference data: item types, usage-rules versions, kits and multiboxes.
//   GET/POST /api/v1/item-types, GET /api/v1/item-types/{id}, GET /api/v1/item-types/{id}/rules,
//   POST /api/v1/rules, GET/POST /api/v1/kits, GET /api/v1/kits/{id}.
// The items themselves are in items.cpp; lookup, photo decoding and labels in scan.cpp.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_catalog.hpp"
#include "routes/catalog_input.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

using catalog::UnknownField;

// Usage rules are a document of a few pages; generous, but bounded.
constexpr std::size_t kMaxRulesChars = 100'000;

void AddItemTypeRoutes(Router& router, inventory::CatalogService& catalog) {
  router.Add(http::verb::get, "/api/v1/item-types", [&catalog](RouteContext&) {
    auto types = catalog.ListItemTypes();
    if (!types.ok()) return ErrorToResponse(types.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ListJson(*types));
  });

  router.Add(http::verb::post, "/api/v1/item-types", [&catalog](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e =
            UnknownField(*body, {"name", "category", "default_term_days", "rules_document_id"})) {
      return ErrorToResponse(*e);
    }
    FieldReader in(*body);
    auto name = in.String("name", 1, 200);
    auto category = in.Enum<inventory::ItemCategory>("category");
    auto term = in.OptionalInt("default_term_days", 1, 366);
    auto rules = in.Id<inventory::RulesDocumentId>("rules_document_id");
    if (in.error()) return ErrorToResponse(*in.error());
    auto type = catalog.CreateItemType(ctx.actor(), name, category,
                                       static_cast<int>(term.value_or(90)), rules);
    if (!type.ok()) return ErrorToResponse(type.error(), catalog::kFieldNames);
    return JsonResponse(http::status::created, ToJson(*type));
  });

  router.Add(http::verb::get, "/api/v1/item-types/{id}", [&catalog](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item type"));
    auto type = catalog.GetItemType(inventory::ItemTypeId(*id));
    if (!type.ok()) return ErrorToResponse(type.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ToJson(*type));
  });

  router.Add(http::verb::get, "/api/v1/item-types/{id}/rules", [&catalog](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item type"));
    auto rules = catalog.RulesForType(inventory::ItemTypeId(*id));
    if (!rules.ok()) return ErrorToResponse(rules.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ToJson(*rules));
  });

  router.Add(http::verb::post, "/api/v1/rules", [&catalog](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = UnknownField(*body, {"title", "text"})) return ErrorToResponse(*e);
    FieldReader in(*body);
    auto title = in.String("title", 1, 300);
    auto text = in.String("text", 1, kMaxRulesChars);
    if (in.error()) return ErrorToResponse(*in.error());
    auto rules = catalog.PublishRules(ctx.actor(), title, text);
    if (!rules.ok()) return ErrorToResponse(rules.error(), catalog::kFieldNames);
    return JsonResponse(http::status::created, ToJson(*rules));
  });
}

void AddKitRoutes(Router& router, inventory::CatalogService& catalog) {
  router.Add(http::verb::get, "/api/v1/kits", [&catalog](RouteContext& ctx) {
    QueryReader query(ctx.url);
    auto kind = query.Enum<inventory::KitKind>("kind");
    auto point = query.Id<inventory::PointId>("point_id");
    if (query.error()) return ErrorToResponse(*query.error());
    auto kits = catalog.ListKits(ctx.actor(), kind, point);
    if (!kits.ok()) return ErrorToResponse(kits.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ListJson(*kits));
  });

  router.Add(http::verb::post, "/api/v1/kits", [&catalog](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = UnknownField(
            *body, {"name", "kind", "point_id", "item_ids", "loose_components", "notes"})) {
      return ErrorToResponse(*e);
    }
    FieldReader in(*body);
    inventory::NewKit kit;
    kit.name = in.String("name", 1, 200);
    kit.kind = in.OptionalEnum<inventory::KitKind>("kind").value_or(inventory::KitKind::kKit);
    auto point = in.OptionalId<inventory::PointId>("point_id");
    kit.items = in.Ids<inventory::ItemId>("item_ids", 1, 200);
    auto loose = in.Array("loose_components", 0, 200);
    kit.notes = in.OptionalString("notes", 2000).value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    auto components = ComponentsFromJson(loose, "loose_components");
    if (!components.ok()) return ErrorToResponse(components.error());
    kit.loose_components = std::move(*components);
    if (!point) point = ctx.session->point;
    if (!point)
      return ErrorToResponse(
          Error::InvalidArgument("point_id is required (the user has no point)", "point_id"));
    kit.point = *point;
    auto created = catalog.CreateKit(ctx.actor(), kit);
    if (!created.ok()) return ErrorToResponse(created.error(), catalog::kFieldNames);
    return JsonResponse(http::status::created, ToJson(*created));
  });

  router.Add(http::verb::get, "/api/v1/kits/{id}", [&catalog](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such kit"));
    auto kit = catalog.GetKit(ctx.actor(), inventory::KitId(*id));
    if (!kit.ok()) return ErrorToResponse(kit.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ToJson(*kit));
  });
}

}  // namespace

void AddCatalogRoutes(Router& router, inventory::CatalogService& catalog) {
  AddItemTypeRoutes(router, catalog);
  AddKitRoutes(router, catalog);
}

}  // namespace prokat::web
