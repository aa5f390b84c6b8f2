// Sign-in and sign-out: POST/GET/DELETE /api/v1/session; one's own new password: POST
// /api/v1/session/password; GET /api/v1/events without upgrade.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "auth/password.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

json::object SessionJson(const inventory::Session& s) {
  json::object user{{"id", s.user.value},
                    {"login", s.login},
                    {"display_name", s.display_name},
                    {"role", inventory::ToString(s.role)}};
  user["point_id"] = s.point ? json::value(s.point->value) : json::value(nullptr);
  return {{"user", std::move(user)}, {"csrf_token", s.csrf_token}};
}

std::string Cookie(std::string_view value, std::chrono::seconds max_age, bool secure) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + std::string(value) +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age.count());
  if (secure) cookie += "; Secure";
  return cookie;
}

// A verification against a fixed hash, so that an unknown login takes as long as a wrong password.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("prokat-timing-equaliser");
  return hash;
}

}  // namespace

void AddSessionRoutes(Router& router, inventory::AccountService& accounts,
                      inventory::UserService& users, LoginThrottle& throttle,
                      SessionCookieOptions cookie) {
  router.Add(
      http::verb::post, "/api/v1/session",
      [&accounts, cookie, &throttle, &users](RouteContext& ctx) {
        auto body = ParseJsonObject(ctx.request);
        if (!body.ok()) return ErrorToResponse(body.error());
        FieldReader in(*body);
        const std::string login = inventory::NormalizeLogin(in.String("login", 1, 64));
        std::string password = in.String("password", 1, 200);
        if (in.error()) return ErrorToResponse(*in.error());

        if (auto wait = throttle.RetryAfter(login, ctx.info.remote_address); wait.count() > 0) {
          Response res = ErrorToResponse(Error::TooManyRequests(
              "login_throttled", "too many failed sign-ins; try again in " +
                                     std::to_string(wait.count()) + " seconds"));
          res.set(http::field::retry_after, std::to_string(wait.count()));
          return res;
        }
        auto user = users.FindUserByLogin(login);
        const bool valid = user.ok() ? user->active && VerifyPassword(user->password_hash, password)
                                     : (VerifyPassword(DummyHash(), password), false);
        if (!valid) {
          throttle.RecordFailure(login, ctx.info.remote_address);
          return ErrorToResponse(
              Error::Unauthenticated("invalid_credentials", "wrong login or password", "login"));
        }
        throttle.RecordSuccess(login, ctx.info.remote_address);
        // A fresh session id at every sign-in (no fixation); an old session of this browser ends.
        if (auto old = CookieValue(ctx.request, kSessionCookie))
          (void)accounts.CloseSession(Sha256Hex(*old));
        const std::string token = RandomToken(32);
        auto session = accounts.OpenSession(user->id, Sha256Hex(token), RandomToken(16));
        if (!session.ok()) return ErrorToResponse(session.error());
        ctx.info.user = session->login;
        Response res = JsonResponse(http::status::created, SessionJson(*session));
        res.set(http::field::set_cookie, Cookie(token, cookie.limits.absolute, cookie.secure));
        return res;
      });

  // One's own new password, any role: the current one must be given (UserService::
  // ChangeOwnPassword); wrong guesses count against the sign-in throttle of the login. Every
  // session of the user ends, this one too: he signs in again with the new password.
  router.Add(
      http::verb::post, "/api/v1/session/password", [&users, &throttle, cookie](RouteContext& ctx) {
        auto body = ParseJsonObject(ctx.request);
        if (!body.ok()) return ErrorToResponse(body.error());
        FieldReader in(*body);
        std::string current = in.String("current_password", 1, 200);
        std::string next = in.String("new_password", 8, 200);
        if (in.error()) return ErrorToResponse(*in.error());
        const std::string login = ctx.session->login;
        if (auto wait = throttle.RetryAfter(login, ctx.info.remote_address); wait.count() > 0) {
          Response res = ErrorToResponse(Error::TooManyRequests(
              "login_throttled", "too many wrong passwords; try again in " +
                                     std::to_string(wait.count()) + " seconds"));
          res.set(http::field::retry_after, std::to_string(wait.count()));
          return res;
        }
        auto changed = users.ChangeOwnPassword(
            ctx.actor(),
            [&current](const std::string& stored) { return VerifyPassword(stored, current); },
            HashPassword(next));
        if (!changed.ok()) {
          if (changed.error().reason == "wrong_current_password")
            throttle.RecordFailure(login, ctx.info.remote_address);
          return ErrorToResponse(changed.error());
        }
        throttle.RecordSuccess(login, ctx.info.remote_address);
        Response res{http::status::no_content, ctx.request.version()};
        res.set(http::field::set_cookie, Cookie("", std::chrono::seconds(0), cookie.secure));
        return res;
      });

  router.Add(http::verb::get, "/api/v1/session", [](RouteContext& ctx) {
    return JsonResponse(http::status::ok, SessionJson(*ctx.session));
  });

  router.Add(http::verb::delete_, "/api/v1/session", [&accounts, cookie](RouteContext& ctx) {
    if (auto token = CookieValue(ctx.request, kSessionCookie)) {
      auto closed = accounts.CloseSession(Sha256Hex(*token));
      if (!closed.ok()) return ErrorToResponse(closed.error());
    }
    Response res{http::status::no_content, ctx.request.version()};
    res.set(http::field::set_cookie, Cookie("", std::chrono::seconds(0), cookie.secure));
    return res;
  });

  router.Add(http::verb::get, "/api/v1/events", [](RouteContext&) {
    Response res = ErrorToResponse(
        Error::InvalidArgument("this is a WebSocket endpoint: connect with an Upgrade request", {},
                               "upgrade_required"),
        http::status::upgrade_required);
    res.set(http::field::upgrade, "websocket");
    return res;
  });
}

}  // namespace prokat::web
