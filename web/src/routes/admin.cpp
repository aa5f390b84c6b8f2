// Administration: rental points, users and their passwords, installation settings.
//   POST/GET /api/v1/points, POST/GET /api/v1/users, POST /api/v1/users/{id}/password,
//   POST /api/v1/users/{id}/active, GET/PUT /api/v1/settings.
#include <boost/json.hpp>
#include <cctype>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_admin.hpp"
#include "app.hpp"
#include "auth/password.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

constexpr std::size_t kMinPasswordChars = 8;
constexpr std::size_t kMaxPasswordChars = 200;

Response NoContent(const RouteContext& ctx) {
  return Response{http::status::no_content, ctx.request.version()};
}

// Runs `f` (several inventory calls) as one transaction; an exception becomes kStorage.
template <typename F>
Result<void> OneTransaction(App& app, F&& f) {
  try {
    return app.db.Write([&](db::Connection&) -> Result<void> { return f(); });
  } catch (const std::exception& e) {
    return StorageError(e, "the change could not be stored");
  }
}

Response NotFound(std::string_view what) {
  return ErrorToResponse(Error::NotFound("no such " + std::string(what), "id"));
}

// The settings a PUT may change, each optional (absent fields keep their value).
void ReadSettings(FieldReader& in, inventory::InventorySettings& s) {
  struct Field {
    std::string_view name;
    int inventory::InventorySettings::*member;
    int min, max;
  };
  static constexpr Field kFields[] = {
      {"min_term_months", &inventory::InventorySettings::min_term_months, 1, 120},
      {"max_term_months", &inventory::InventorySettings::max_term_months, 1, 120},
      {"max_total_term_months", &inventory::InventorySettings::max_total_term_months, 1, 240},
      {"reservation_lapse_days", &inventory::InventorySettings::reservation_lapse_days, 1, 365},
      {"utc_offset_minutes", &inventory::InventorySettings::utc_offset_minutes, -720, 840},
      {"custody_default_days", &inventory::InventorySettings::custody_default_days, 1, 365},
  };
  for (const Field& f : kFields) {
    if (auto v = in.OptionalInt(f.name, f.min, f.max)) s.*f.member = static_cast<int>(*v);
  }
}

}  // namespace

void AddAdminRoutes(Router& router, App& app) {
  router.Add(http::verb::post, "/api/v1/points", [&app](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    std::string name = in.String("name", 1, 200);
    std::string address = in.String("address", 0, 500);
    std::string code = in.String("code", 2, 8);
    if (in.error()) return ErrorToResponse(*in.error());
    auto point = app.services.users.CreatePoint(name, address, code);
    if (!point.ok()) return ErrorToResponse(point.error());
    return JsonResponse(http::status::created, PointJson(*point));
  });

  router.Add(http::verb::get, "/api/v1/points", [&app](RouteContext&) {
    auto points = app.services.users.ListPoints();
    if (!points.ok()) return ErrorToResponse(points.error());
    json::array items;
    for (const auto& p : *points) items.push_back(PointJson(p));
    return JsonResponse(http::status::ok,
                        json::object{{"items", std::move(items)}, {"next_cursor", ""}});
  });

  router.Add(http::verb::post, "/api/v1/users", [&app](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::NewUser user;
    user.login = in.String("login", 3, 64);
    user.display_name = in.String("display_name", 1, 200);
    user.role = in.Enum<inventory::Role>("role");
    user.point = in.OptionalId<inventory::PointId>("point_id");
    std::string password = in.String("password", kMinPasswordChars, kMaxPasswordChars);
    if (in.error()) return ErrorToResponse(*in.error());
    // Sign-in lower-cases the login it is given; store it the same way.
    for (auto& c : user.login) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    user.password_hash = HashPassword(password);
    auto created = app.services.users.CreateUser(ctx.actor(), user);
    if (!created.ok()) return ErrorToResponse(created.error());
    return JsonResponse(http::status::created, UserJson(*created));
  });

  router.Add(http::verb::get, "/api/v1/users", [&app](RouteContext& ctx) {
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
    auto users = app.services.users.ListUsers(filter, page);
    if (!users.ok()) return ErrorToResponse(users.error());
    json::array items;
    for (const auto& u : users->items) items.push_back(UserJson(u));
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)},
                                                       {"next_cursor", users->next_cursor}});
  });

  // A new password; every session of that user ends (one transaction).
  router.Add(http::verb::post, "/api/v1/users/{id}/password", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("user");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    std::string password = in.String("password", kMinPasswordChars, kMaxPasswordChars);
    if (in.error()) return ErrorToResponse(*in.error());
    const std::string hash = HashPassword(password);
    const inventory::UserId user(*id);
    Result<void> done = OneTransaction(app, [&]() -> Result<void> {
      auto set = app.services.users.SetPasswordHash(ctx.actor(), user, hash);
      if (!set.ok()) return set.error();
      auto closed = app.services.accounts.CloseSessionsOf(user);
      if (!closed.ok()) return closed.error();  // rolls the new hash back too
      return {};
    });
    if (!done.ok()) return ErrorToResponse(done.error());
    return NoContent(ctx);
  });

  // Activates or deactivates a user; a deactivated user's sessions end. An admin cannot
  // deactivate himself (the installation could be left without one).
  router.Add(http::verb::post, "/api/v1/users/{id}/active", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NotFound("user");
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    if (!in.Has("active")) in.Fail("active", "is required");
    const bool active = in.Bool("active");
    if (in.error()) return ErrorToResponse(*in.error());
    const inventory::UserId user(*id);
    if (!active && user == ctx.session->user) {
      return ErrorToResponse(Error::RuleViolation(
          "cannot_deactivate_self", "an admin cannot deactivate his own account", "active"));
    }
    Result<void> done = OneTransaction(app, [&]() -> Result<void> {
      auto set = app.services.users.SetActive(ctx.actor(), user, active);
      if (!set.ok()) return set.error();
      if (!active) {
        auto closed = app.services.accounts.CloseSessionsOf(user);
        if (!closed.ok()) return closed.error();
      }
      return {};
    });
    if (!done.ok()) return ErrorToResponse(done.error());
    auto stored = app.services.users.GetUser(user);
    if (!stored.ok()) return ErrorToResponse(stored.error());
    return JsonResponse(http::status::ok, UserJson(*stored));
  });

  router.Add(http::verb::get, "/api/v1/settings", [&app](RouteContext&) {
    auto settings = inventory::LoadSettings(app.db);
    if (!settings.ok()) return ErrorToResponse(settings.error());
    json::object out = SettingsJson(*settings);
    out["in_effect"] = SettingsJson(app.settings);
    return JsonResponse(http::status::ok, out);
  });

  // Stores the settings; the running services keep the ones they were started with until
  // the server restarts ("restart_required" in the answer says whether that matters).
  router.Add(http::verb::put, "/api/v1/settings", [&app](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    auto settings = inventory::LoadSettings(app.db);
    if (!settings.ok()) return ErrorToResponse(settings.error());
    FieldReader in(*body);
    for (const auto& [key, value] : *body) {
      (void)value;
      if (!SettingsJson(*settings).contains(key))
        in.Fail(key, "is not a setting that can be changed here");
    }
    ReadSettings(in, *settings);
    if (in.error()) return ErrorToResponse(*in.error());
    if (settings->min_term_months > settings->max_term_months) {
      return ErrorToResponse(Error::InvalidArgument(
          "min_term_months must not exceed max_term_months", "min_term_months"));
    }
    if (settings->max_term_months > settings->max_total_term_months) {
      return ErrorToResponse(Error::InvalidArgument(
          "max_term_months must not exceed max_total_term_months", "max_term_months"));
    }
    auto saved = inventory::SaveSettings(app.db, *settings);
    if (!saved.ok()) return ErrorToResponse(saved.error());
    json::object out = SettingsJson(*settings);
    out["in_effect"] = SettingsJson(app.settings);
    out["restart_required"] = SettingsJson(*settings) != SettingsJson(app.settings);
    return JsonResponse(http::status::ok, out);
  });
}

}  // namespace prokat::web
