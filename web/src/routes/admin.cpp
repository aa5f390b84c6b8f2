// Administration: rental points, users and their passwords, installation settings.
//   POST/GET /api/v1/points, PATCH /api/v1/points/{id}, POST/GET /api/v1/users, POST
//   /api/v1/users/{id}/password, POST /api/v1/users/{id}/points, POST /api/v1/users/{id}/active,
//   GET/PUT /api/v1/settings.
#include <boost/json.hpp>
#include <limits>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_admin.hpp"
#include "auth/password.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

constexpr std::size_t kMinPasswordChars = 8;
constexpr std::size_t kMaxPasswordChars = 200;

Response NoContent(const RouteContext& ctx) {
  return Response{http::status::no_content, ctx.request.version()};
}

Response NotFound(std::string_view what) {
  return ErrorToResponse(Error::NotFound("no such " + std::string(what), "id"));
}

// The settings a PUT may change, each optional (absent fields keep their value); the
// inventory checks their bounds.
inventory::SettingsChange ReadSettingsChange(FieldReader& in) {
  constexpr auto kAny = std::numeric_limits<std::int64_t>::max();
  inventory::SettingsChange change;
  change.min_term_months = in.OptionalInt("min_term_months", -kAny, kAny);
  change.max_term_months = in.OptionalInt("max_term_months", -kAny, kAny);
  change.max_total_term_months = in.OptionalInt("max_total_term_months", -kAny, kAny);
  change.reservation_lapse_days = in.OptionalInt("reservation_lapse_days", -kAny, kAny);
  change.utc_offset_minutes = in.OptionalInt("utc_offset_minutes", -kAny, kAny);
  change.custody_default_days = in.OptionalInt("custody_default_days", -kAny, kAny);
  return change;
}

// {"point_id": 1, "points": [2, 3], "all_points": false}: where the user works, the other
// points he is given, or every point.
inventory::PointAssignment ReadPoints(FieldReader& in) {
  inventory::PointAssignment out;
  out.point = in.OptionalId<inventory::PointId>("point_id");
  out.more_points = in.Ids<inventory::PointId>("points");
  out.all_points = in.Bool("all_points");
  return out;
}

// {"min_term_months": {"min": 1, "max": 120}, ...}: what a change may name, for the form.
json::object SettingBoundsJson() {
  json::object out;
  for (const auto& b : inventory::SettingBounds())
    out[b.name] = json::object{{"min", b.min}, {"max", b.max}};
  return out;
}

}  // namespace

void AddAdminRoutes(Router& router, inventory::UserService& users,
                    inventory::SettingsService& settings_store,
                    const inventory::LiveSettings& in_effect) {
  router.Add(http::verb::post, "/api/v1/points", [&users](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    std::string name = in.String("name", 1, 200);
    std::string address = in.String("address", 0, 500);
    std::string code = in.String("code", 2, 8);
    if (in.error()) return ErrorToResponse(*in.error());
    auto point = users.CreatePoint(name, address, code);
    if (!point.ok()) return ErrorToResponse(point.error());
    return JsonResponse(http::status::created, PointJson(*point));
  });

  // A new name and address; the code stays (UserService::UpdatePoint).
  router.Add(http::verb::patch, "/api/v1/points/{id}", [&users](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("point");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    if (body->contains("code")) in.Fail("code", "cannot be changed");
    std::string name = in.String("name", 1, 200);
    std::string address = in.String("address", 0, 500);
    if (in.error()) return ErrorToResponse(*in.error());
    auto point = users.UpdatePoint(ctx.actor(), inventory::PointId(*id), name, address);
    if (!point.ok()) return ErrorToResponse(point.error());
    return JsonResponse(http::status::ok, PointJson(*point));
  });

  router.Add(http::verb::get, "/api/v1/points", [&users](RouteContext& ctx) {
    auto points = users.ListPoints(ctx.actor());
    if (!points.ok()) return ErrorToResponse(points.error());
    json::array items;
    for (const auto& p : *points) items.push_back(PointJson(p));
    return JsonResponse(http::status::ok,
                        json::object{{"items", std::move(items)}, {"next_cursor", ""}});
  });

  router.Add(http::verb::post, "/api/v1/users", [&users](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::NewUser user;
    user.login = in.String("login", 3, 64);
    user.display_name = in.String("display_name", 1, 200);
    user.role = in.Enum<inventory::Role>("role");
    user.points = ReadPoints(in);
    std::string password = in.String("password", kMinPasswordChars, kMaxPasswordChars);
    if (in.error()) return ErrorToResponse(*in.error());
    user.password_hash = HashPassword(password);
    auto created = users.CreateUser(ctx.actor(), user);
    if (!created.ok()) return ErrorToResponse(created.error());
    return JsonResponse(http::status::created, UserJson(*created));
  });

  router.Add(http::verb::get, "/api/v1/users", [&users](RouteContext& ctx) {
    QueryReader q(ctx.url);
    inventory::UserFilter filter;
    filter.role = q.Enum<inventory::Role>("role");
    filter.point = q.Id<inventory::PointId>("point");
    auto inactive = q.String("include_inactive", 5);
    if (inactive && *inactive != "true" && *inactive != "false")
      q.Fail("include_inactive", "must be true or false");
    filter.include_inactive = inactive == "true";
    auto page = q.Page();
    if (q.error()) return ErrorToResponse(*q.error());
    auto page_of_users = users.ListUsers(filter, page);
    if (!page_of_users.ok()) return ErrorToResponse(page_of_users.error());
    json::array items;
    for (const auto& u : page_of_users->items) items.push_back(UserJson(u));
    return JsonResponse(
        http::status::ok,
        json::object{{"items", std::move(items)}, {"next_cursor", page_of_users->next_cursor}});
  });

  // A new password; every session of that user ends.
  router.Add(http::verb::post, "/api/v1/users/{id}/password", [&users](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("user");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    std::string password = in.String("password", kMinPasswordChars, kMaxPasswordChars);
    if (in.error()) return ErrorToResponse(*in.error());
    auto set = users.SetPasswordHash(ctx.actor(), inventory::UserId(*id), HashPassword(password));
    if (!set.ok()) return ErrorToResponse(set.error());
    return NoContent(ctx);
  });

  // The points a user is given; his sessions end.
  router.Add(http::verb::post, "/api/v1/users/{id}/points", [&users](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("user");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    auto points = ReadPoints(in);
    if (in.error()) return ErrorToResponse(*in.error());
    auto user = users.SetPoints(ctx.actor(), inventory::UserId(*id), points);
    if (!user.ok()) return ErrorToResponse(user.error());
    return JsonResponse(http::status::ok, UserJson(*user));
  });

  // Activates or deactivates a user (UserService::SetActive says what follows).
  router.Add(http::verb::post, "/api/v1/users/{id}/active", [&users](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("user");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    if (!in.Has("active")) in.Fail("active", "is required");
    const bool active = in.Bool("active");
    if (in.error()) return ErrorToResponse(*in.error());
    auto user = users.SetActive(ctx.actor(), inventory::UserId(*id), active);
    if (!user.ok()) return ErrorToResponse(user.error());
    return JsonResponse(http::status::ok, UserJson(*user));
  });

  router.Add(http::verb::get, "/api/v1/settings", [&in_effect, &settings_store](RouteContext&) {
    auto settings = settings_store.Load();
    if (!settings.ok()) return ErrorToResponse(settings.error());
    json::object out = SettingsJson(*settings);
    out["in_effect"] = SettingsJson(in_effect.Get());
    out["bounds"] = SettingBoundsJson();
    return JsonResponse(http::status::ok, out);
  });

  // Stores the settings and puts them in force at once (SettingsService::Change).
  router.Add(http::verb::put, "/api/v1/settings", [&in_effect, &settings_store](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    const json::object known = SettingsJson(inventory::InventorySettings{});
    for (const auto& [key, value] : *body) {
      (void)value;
      if (!known.contains(key)) in.Fail(key, "is not a setting that can be changed here");
    }
    auto change = ReadSettingsChange(in);
    if (in.error()) return ErrorToResponse(*in.error());
    auto settings = settings_store.Change(change);
    if (!settings.ok()) return ErrorToResponse(settings.error());
    json::object out = SettingsJson(*settings);
    out["in_effect"] = SettingsJson(in_effect.Get());
    out["bounds"] = SettingBoundsJson();
    return JsonResponse(http::status::ok, out);
  });
}

}  // namespace prokat::web
