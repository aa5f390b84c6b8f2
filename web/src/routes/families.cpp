// Families and children, applications and the waiting list:
//   GET/POST /api/v1/families, GET/PATCH /api/v1/families/{id},
//   POST /api/v1/families/{id}/children, GET /api/v1/families/{id}/history,
//   GET /api/v1/families/{id}/applications,
//   POST /api/v1/applications, GET /api/v1/applications/{id},
//   POST /api/v1/applications/{id}/cancel, GET /api/v1/waiting-list?type=&point=.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_families.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

Response NotFound(std::string_view what) {
  return ErrorToResponse(Error::NotFound("no such " + std::string(what), "id"));
}

// The point a request acts at: the explicit one, else the signed-in user's point.
std::optional<inventory::PointId> PointOf(const RouteContext& ctx,
                                          std::optional<inventory::PointId> given) {
  return given ? given : ctx.session->point;
}

}  // namespace

void AddFamilyRoutes(Router& router, inventory::FamilyService& families,
                     inventory::ApplicationService& applications,
                     inventory::QueryService& queries) {
  router.Add(http::verb::get, "/api/v1/families", [&families](RouteContext& ctx) {
    QueryReader q(ctx.url);
    inventory::FamilyFilter filter;
    filter.text = q.String("q", 100).value_or("");
    filter.target_group = q.Enum<inventory::TargetGroup>("target_group");
    filter.point = q.Id<inventory::PointId>("point");
    auto page = q.Page();
    if (q.error()) return ErrorToResponse(*q.error());
    auto found = families.ListFamilies(ctx.actor(), filter, page);
    if (!found.ok()) return ErrorToResponse(found.error());
    json::array items;
    for (const auto& f : found->items) items.push_back(FamilySummaryJson(f));
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)},
                                                       {"next_cursor", found->next_cursor}});
  });

  router.Add(http::verb::post, "/api/v1/families", [&families](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::NewFamily family;
    auto point = PointOf(ctx, in.OptionalId<inventory::PointId>("point_id"));
    family.representative = in.String("representative", 1, 200);
    family.phone = in.String("phone", 1, 40);
    family.address = in.String("address", 1, 500);
    family.district = in.OptionalString("district", 200).value_or("");
    family.consent_on = in.Date("consent_on");
    family.target_groups = in.Enums<inventory::TargetGroup>("target_groups", 10);
    family.notes = in.OptionalString("notes", 2000).value_or("");
    auto children = in.Array("children", 0, 30);
    for (std::size_t i = 0; i < children.size() && !in.error(); ++i) {
      if (!children[i].is_object()) {
        in.Fail("children", "[" + std::to_string(i) + "] must be an object");
        break;
      }
      FieldReader child(children[i].as_object(), "children[" + std::to_string(i) + "].");
      family.children.push_back(ReadNewChild(child));
      if (child.error()) return ErrorToResponse(*child.error());
    }
    if (in.error()) return ErrorToResponse(*in.error());
    if (!point)
      return ErrorToResponse(
          Error::InvalidArgument("point_id is required for a user without a point", "point_id"));
    family.point = *point;
    auto created = families.CreateFamily(ctx.actor(), family);
    if (!created.ok()) return ErrorToResponse(created.error());
    return JsonResponse(http::status::created, FamilyJson(*created));
  });

  router.Add(http::verb::get, "/api/v1/families/{id}", [&families](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("family");
    auto family = families.GetFamily(ctx.actor(), inventory::FamilyId(*id));
    if (!family.ok()) return ErrorToResponse(family.error());
    return JsonResponse(http::status::ok, FamilyJson(*family));
  });

  router.Add(http::verb::patch, "/api/v1/families/{id}", [&families](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("family");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::FamilyUpdate update;
    if (in.Has("representative")) update.representative = in.String("representative", 1, 200);
    if (in.Has("phone")) update.phone = in.String("phone", 1, 40);
    if (in.Has("address")) update.address = in.String("address", 1, 500);
    update.district = in.OptionalString("district", 200);
    if (in.Has("target_groups"))
      update.target_groups = in.Enums<inventory::TargetGroup>("target_groups", 10);
    update.notes = in.OptionalString("notes", 2000);
    if (in.Has("consent_on"))
      in.Fail("consent_on", "cannot be changed: the consent is given once, at registration");
    if (in.error()) return ErrorToResponse(*in.error());
    auto family = families.UpdateFamily(ctx.actor(), inventory::FamilyId(*id), update);
    if (!family.ok()) return ErrorToResponse(family.error());
    return JsonResponse(http::status::ok, FamilyJson(*family));
  });

  router.Add(http::verb::post, "/api/v1/families/{id}/children", [&families](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("family");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    auto child = ReadNewChild(in);
    if (in.error()) return ErrorToResponse(*in.error());
    auto created = families.AddChild(ctx.actor(), inventory::FamilyId(*id), child);
    if (!created.ok()) return ErrorToResponse(created.error());
    return JsonResponse(http::status::created, ChildJson(*created));
  });

  router.Add(http::verb::get, "/api/v1/families/{id}/history", [&queries](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("family");
    auto history = queries.FamilyHistory(ctx.actor(), inventory::FamilyId(*id));
    if (!history.ok()) return ErrorToResponse(history.error());
    json::array items;
    for (const auto& e : *history) items.push_back(FamilyHistoryJson(e));
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  router.Add(http::verb::get, "/api/v1/families/{id}/applications",
             [&applications](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NotFound("family");
               auto list = applications.OfFamily(ctx.actor(), inventory::FamilyId(*id));
               if (!list.ok()) return ErrorToResponse(list.error());
               json::array items;
               for (const auto& a : *list) items.push_back(ApplicationJson(a));
               return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
             });

  router.Add(http::verb::post, "/api/v1/applications", [&applications](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::NewApplication application;
    application.family = in.Id<inventory::FamilyId>("family_id");
    application.child = in.OptionalId<inventory::ChildId>("child_id");
    application.type = in.Id<inventory::ItemTypeId>("type_id");
    application.note = in.OptionalString("note", 2000).value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    auto created = applications.Apply(ctx.actor(), application);
    if (!created.ok()) return ErrorToResponse(created.error());
    return JsonResponse(http::status::created, ApplicationJson(*created));
  });

  router.Add(http::verb::get, "/api/v1/applications/{id}", [&applications](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("application");
    auto application = applications.Get(ctx.actor(), inventory::ApplicationId(*id));
    if (!application.ok()) return ErrorToResponse(application.error());
    return JsonResponse(http::status::ok, ApplicationJson(*application));
  });

  router.Add(
      http::verb::post, "/api/v1/applications/{id}/cancel", [&applications](RouteContext& ctx) {
        auto id = ctx.IdParam();
        if (!id) return NotFound("application");
        auto body = ParseJsonObject(ctx.request);
        if (!body.ok()) return ErrorToResponse(body.error());
        FieldReader in(*body);
        auto reason = in.OptionalString("reason", 1000).value_or("");
        if (in.error()) return ErrorToResponse(*in.error());
        auto cancelled = applications.Cancel(ctx.actor(), inventory::ApplicationId(*id), reason);
        if (!cancelled.ok()) return ErrorToResponse(cancelled.error());
        return JsonResponse(http::status::ok, ApplicationJson(*cancelled));
      });

  router.Add(http::verb::get, "/api/v1/waiting-list", [&applications](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto type = q.Id<inventory::ItemTypeId>("type");
    auto point = PointOf(ctx, q.Id<inventory::PointId>("point"));
    if (q.error()) return ErrorToResponse(*q.error());
    if (!type) return ErrorToResponse(Error::InvalidArgument("type is required", "type"));
    if (!point)
      return ErrorToResponse(
          Error::InvalidArgument("point is required for a user without a point", "point"));
    auto queue = applications.Queue(ctx.actor(), *type, *point);
    if (!queue.ok()) return ErrorToResponse(queue.error());
    json::array items;
    for (const auto& a : *queue) items.push_back(ApplicationJson(a));
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });
}

}  // namespace prokat::web
