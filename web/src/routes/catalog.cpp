// The catalogue's reference data: item types, usage-rules versions, kits and multiboxes.
//   GET/POST /api/v1/item-types, GET/PATCH /api/v1/item-types/{id},
//   GET /api/v1/item-types/{id}/rules, POST /api/v1/rules, GET/POST /api/v1/kits,
//   GET/PATCH /api/v1/kits/{id}, POST /api/v1/kits/{id}/take-apart.
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
constexpr std::int64_t kMaxTermLimitDays = 3660;

// The fields an item type's POST and PATCH share; a field absent is left std::nullopt, and
// max_term_days: null (PATCH) lifts the limit.
struct TypeFields {
  inventory::ItemTypeUpdate fields;
  std::optional<Error> error;
};

TypeFields ReadTypeFields(const boost::json::object& body) {
  TypeFields out;
  FieldReader in(body);
  auto& f = out.fields;
  f.name = in.OptionalString("name", 200);
  if (f.name && f.name->empty()) in.Fail("name", "must not be empty");
  f.category = in.OptionalEnum<inventory::ItemCategory>("category");
  if (auto term = in.OptionalInt("default_term_days", 1, 366)) f.default_term_days = *term;
  if (auto rules = in.OptionalId<inventory::RulesDocumentId>("rules_document_id")) f.rules = rules;
  if (in.Has("max_term_days")) {
    auto limit = in.OptionalInt("max_term_days", 1, kMaxTermLimitDays);
    f.max_term_days = limit ? std::optional<int>(static_cast<int>(*limit)) : std::nullopt;
  }
  const bool has_components = in.Has("components") && !body.at("components").is_null();
  auto components = in.Array("components", 0, 200);
  if (in.Has("documents") && !body.at("documents").is_null())
    f.documents = in.Strings("documents", 50, 200);
  if (in.error()) {
    out.error = *in.error();
    return out;
  }
  if (has_components) {
    auto parsed = ComponentsFromJson(components, "components");
    if (!parsed.ok()) {
      out.error = parsed.error();
      return out;
    }
    f.components = std::move(*parsed);
  }
  return out;
}

const std::initializer_list<std::string_view> kTypeFieldNames = {
    "name",          "category",   "default_term_days", "rules_document_id",
    "max_term_days", "components", "documents"};

void AddItemTypeRoutes(Router& router, inventory::CatalogService& catalog) {
  router.Add(http::verb::get, "/api/v1/item-types", [&catalog](RouteContext&) {
    auto types = catalog.ListItemTypes();
    if (!types.ok()) return ErrorToResponse(types.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ListJson(*types));
  });

  router.Add(http::verb::post, "/api/v1/item-types", [&catalog](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = UnknownField(*body, kTypeFieldNames)) return ErrorToResponse(*e);
    FieldReader in(*body);
    in.String("name", 1, 200);
    in.Enum<inventory::ItemCategory>("category");
    in.Id<inventory::RulesDocumentId>("rules_document_id");
    if (in.error()) return ErrorToResponse(*in.error());
    auto read = ReadTypeFields(*body);
    if (read.error) return ErrorToResponse(*read.error);
    inventory::NewItemType type;
    type.name = *read.fields.name;
    type.category = *read.fields.category;
    type.default_term_days = read.fields.default_term_days.value_or(90);
    type.rules = *read.fields.rules;
    type.max_term_days = read.fields.max_term_days.value_or(std::nullopt);
    type.components = read.fields.components.value_or(std::vector<inventory::Component>{});
    type.documents = read.fields.documents.value_or(std::vector<std::string>{});
    auto created = catalog.CreateItemType(ctx.actor(), type);
    if (!created.ok()) return ErrorToResponse(created.error(), catalog::kFieldNames);
    return JsonResponse(http::status::created, ToJson(*created));
  });

  router.Add(http::verb::patch, "/api/v1/item-types/{id}", [&catalog](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item type"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = UnknownField(*body, kTypeFieldNames)) return ErrorToResponse(*e);
    if (body->empty())
      return ErrorToResponse(Error::InvalidArgument("nothing to change", {}, "empty_patch"));
    auto read = ReadTypeFields(*body);
    if (read.error) return ErrorToResponse(*read.error);
    auto type = catalog.UpdateItemType(ctx.actor(), inventory::ItemTypeId(*id), read.fields);
    if (!type.ok()) return ErrorToResponse(type.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ToJson(*type));
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

  router.Add(http::verb::patch, "/api/v1/kits/{id}", [&catalog](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such kit"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = UnknownField(*body, {"name", "item_ids", "loose_components", "notes"}))
      return ErrorToResponse(*e);
    if (body->empty())
      return ErrorToResponse(Error::InvalidArgument("nothing to change", {}, "empty_patch"));
    FieldReader in(*body);
    inventory::KitUpdate update;
    update.name = in.OptionalString("name", 200);
    if (update.name && update.name->empty()) in.Fail("name", "must not be empty");
    if (in.Has("item_ids") && !body->at("item_ids").is_null())
      update.items = in.Ids<inventory::ItemId>("item_ids", 1, 200);
    const bool has_loose = in.Has("loose_components") && !body->at("loose_components").is_null();
    auto loose = in.Array("loose_components", 0, 200);
    update.notes = in.OptionalString("notes", 2000);
    if (in.error()) return ErrorToResponse(*in.error());
    if (has_loose) {
      auto components = ComponentsFromJson(loose, "loose_components");
      if (!components.ok()) return ErrorToResponse(components.error());
      update.loose_components = std::move(*components);
    }
    auto kit = catalog.UpdateKit(ctx.actor(), inventory::KitId(*id), update);
    if (!kit.ok()) return ErrorToResponse(kit.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ToJson(*kit));
  });

  // Taking a kit apart frees its items at the point; the body is empty ({}).
  router.Add(http::verb::post, "/api/v1/kits/{id}/take-apart", [&catalog](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such kit"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = UnknownField(*body, {})) return ErrorToResponse(*e);
    auto kit = catalog.TakeKitApart(ctx.actor(), inventory::KitId(*id));
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
