#include "app.hpp"

#include <sodium.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/range/iterator_range.hpp>
#include <boost/url/parse.hpp>

#include "api/errors.hpp"
#include "auth/password.hpp"
#include "prokat/documents/documents.hpp"
#include "static_files.hpp"

namespace prokat::web {

namespace {

bool IsMutating(http::verb m) {
  return m == http::verb::post || m == http::verb::put || m == http::verb::patch ||
         m == http::verb::delete_;
}

bool SameToken(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// No handler sets these: inserted without looking for an earlier value.
void AddSecurityHeaders(Response& res) {
  res.insert("X-Content-Type-Options", "nosniff");
  res.insert(http::field::x_frame_options, "DENY");
  res.insert("Referrer-Policy", "no-referrer");
}

// An embedded file, or 404.
Response StaticResponse(const Request& request, std::string_view path) {
  if (const EmbeddedFile* file = FindEmbeddedFile(path)) return StaticFileResponse(request, *file);
  return ErrorToResponse(Error::NotFound("no such resource"));
}

// Thrown out of an idempotent transaction to roll it back while keeping the handler's answer.
struct UnstoredAnswer {
  Response response;
};

}  // namespace

App::App(db::Database& database, const Clock& clock, inventory::InventorySettings settings,
         AppOptions options, EventHub& events)
    : services(database, clock, settings),
      status{options.version},
      db_(database),
      options_(std::move(options)),
      throttle_(clock, {}, options_.log),
      events_(events) {
  AddHealthRoutes(router_, services.health, status);
  AddSessionRoutes(router_, services.accounts, services.users, throttle_,
                   {options_.secure_cookies, options_.session_limits});
  AddFamilyRoutes(router_, services.families, services.applications, services.queries);
  AddAgreementRoutes(router_, services.agreements);
  AddCatalogRoutes(router_, services.catalog);
  AddItemRoutes(router_, services.catalog, services.queries);
  AddCareRoutes(router_, services.care);
  AddScanRoutes(router_, services.catalog, services.lookup);
  AddAdminRoutes(router_, services.users, services.settings_store, *services.live_settings);
  AddDeliveryRoutes(router_, services.deliveries, services.agreements, services.users);
  AddReportRoutes(router_, services.queries, services.board);
  AddDocumentRoutes(router_, {services, services.live_settings}, clock);
  AddClockRoutes(router_, clock, *services.live_settings);
  AddSignatureRoutes(router_, services.deliveries, services.photos);
  AddPhotoRoutes(router_, services.photos);
}

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  auto [first, last] = request.equal_range(http::field::cookie);
  for (const auto& field : boost::make_iterator_range(first, last)) {
    std::string_view header = field.value();
    while (!header.empty()) {
      auto end = header.find(';');
      std::string_view pair = header.substr(0, end);
      header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name)
        return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

namespace {

// The hash the session of the request's cookie is stored under, or why there is none.
Result<std::string> SessionTokenHash(const Request& request) {
  auto token = CookieValue(request, kSessionCookie);
  if (!token || token->size() != 64) {
    return Error::Unauthenticated("no_session", "sign in first");
  }
  return Sha256Hex(*token);
}

}  // namespace

Result<inventory::Session> App::Authenticate(const Request& request) {
  auto hash = SessionTokenHash(request);
  if (!hash.ok()) return std::move(hash).error();
  return services.accounts.ResumeSession(*hash, options_.session_limits);
}

void App::TakeForwardedAddress(const Request& request, RequestInfo& info) const {
  if (options_.trust_proxy) {
    auto forwarded = request["X-Forwarded-For"];
    if (!forwarded.empty())
      info.remote_address = std::string(forwarded.substr(0, forwarded.find(',')));
  }
}

std::optional<Response> App::HandleQuick(const Request& request, RequestInfo& info) {
  if (request.method() != http::verb::get) return std::nullopt;
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url) return std::nullopt;
  const std::string_view path = url->encoded_path();
  std::optional<Response> response;
  if (path == "/healthz") {
    response = HealthResponse(services.health, status, false);
  } else if (!path.starts_with("/api/") && path.find('%') == std::string_view::npos) {
    response = StaticResponse(request, path);
  }
  if (response) {
    TakeForwardedAddress(request, info);
    AddSecurityHeaders(*response);
  }
  return response;
}

Response App::Handle(const Request& request, RequestInfo& info) {
  TakeForwardedAddress(request, info);
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url)
    return ErrorToResponse(
        Error::InvalidArgument("the request target is not a valid URL path", {}, "bad_target"));

  // The UI: public, only the embedded files, never the file system.
  const std::string path = url->path();
  if (request.method() == http::verb::get && !path.starts_with("/api/") && path != "/healthz") {
    Response response = StaticResponse(request, path);
    AddSecurityHeaders(response);
    return response;
  }
  auto found = router_.Find(request.method(), url->segments());
  if (auto* refusal = std::get_if<Response>(&found)) {
    AddSecurityHeaders(*refusal);
    return std::move(*refusal);
  }
  const Router::Match& match = std::get<Router::Match>(found);
  RouteContext context{request, info, *url, match.params, std::nullopt};
  Response response = Dispatch(match, context);
  AddSecurityHeaders(response);
  return response;
}

Response App::Dispatch(const Router::Match& match, RouteContext& context) {
  const Request& request = context.request;
  const RouteRule& rule = *match.route->rule;
  const bool raw_body = rule.body.kind == BodyKind::kRawImage;
  const bool mutating = IsMutating(request.method());
  if (mutating && !request.body().empty() && !raw_body) {
    // Only JSON bodies: a cross-site HTML form cannot send one without a CORS preflight.
    auto type = request[http::field::content_type];
    if (type.substr(0, type.find(';')) != "application/json") {
      return ErrorToResponse(
          Error::InvalidArgument("the body must be JSON (Content-Type: application/json)", {},
                                 "unsupported_media_type"),
          http::status::unsupported_media_type);
    }
  }
  if (!rule.is_public) {
    auto session = Authenticate(request);
    if (!session.ok()) return ErrorToResponse(session.error());
    context.session = std::move(*session);
    context.info.user = context.session->login;
    if (!rule.roles.Contains(context.session->role)) {
      return ErrorToResponse(Error::Forbidden(
          "forbidden_for_role", "the role " +
                                    std::string(inventory::ToString(context.session->role)) +
                                    " may not do this"));
    }
    if (mutating && !SameToken(request["X-CSRF-Token"], context.session->csrf_token)) {
      return ErrorToResponse(
          Error::Forbidden("csrf_token_invalid", "missing or wrong X-CSRF-Token header"));
    }
  }
  auto key = request["Idempotency-Key"];
  Response response = mutating && !key.empty() && context.session
                          ? Idempotent(match, context, std::string(key))
                          : match.route->handler(context);
  if (mutating && context.session && response.result_int() < 300 && !raw_body) {
    boost::json::object event{{"type", "change"},
                              {"method", std::string(request.method_string())},
                              {"path", context.url.path()},
                              {"by", context.session->login}};
    // News for the point of what changed (the answer's point_id), else for the actor's points.
    std::optional<EventPoints> points;
    boost::system::error_code ec;
    auto answer = boost::json::parse(response.body(), ec);
    if (!ec && answer.is_object() && answer.as_object().contains("point_id") &&
        answer.as_object().at("point_id").is_int64()) {
      points = EventPoints{false, {answer.as_object().at("point_id").as_int64()}};
    } else if (auto mine = PointsOf(context.session->user); mine.ok()) {
      points = std::move(*mine);
    } else {
      points = EventPoints{true, {}};  // unknown: only for those who see every point
    }
    events_.Publish(boost::json::serialize(event), std::move(points));
  }
  return response;
}

Response App::Idempotent(const Router::Match& match, RouteContext& context,
                         const std::string& key) {
  if (key.size() > 200 || key.find_first_of("\r\n") != std::string::npos) {
    return ErrorToResponse(Error::InvalidArgument("Idempotency-Key must be at most 200 characters",
                                                  "Idempotency-Key"));
  }
  const inventory::UserId user = context.session->user;
  const std::string fingerprint = std::string(context.request.method_string()) + " " +
                                  std::string(context.url.path()) + " " +
                                  Sha256Hex(context.request.body());
  try {
    // One transaction: the stored answer, the operation, and the answer it gives.
    return db_.Write([&](db::Connection&) -> Response {
      auto previous = services.accounts.FindAnswer(user, key);
      if (!previous.ok()) return ErrorToResponse(previous.error());
      if (*previous) {
        if ((*previous)->fingerprint != fingerprint) {
          return ErrorToResponse(Error::RuleViolation(
              "idempotency_key_reused",
              "this Idempotency-Key was already used for a different request", "Idempotency-Key"));
        }
        Response replay{static_cast<http::status>((*previous)->status), context.request.version()};
        replay.set(http::field::content_type, "application/json; charset=utf-8");
        replay.set("Idempotent-Replayed", "true");
        replay.body() = (*previous)->body;
        return replay;
      }
      Response response = match.route->handler(context);
      // A server-side failure is not an answer to keep: undo whatever the handler did before
      // it failed, so that the client's retry with the same key starts afresh.
      if (response.result_int() >= 500) throw UnstoredAnswer{std::move(response)};
      auto stored = services.accounts.StoreAnswer(
          user, key, {fingerprint, static_cast<int>(response.result_int()), response.body()});
      if (!stored.ok()) throw std::runtime_error(stored.error().message);
      return response;
    });
  } catch (UnstoredAnswer& failed) {
    return std::move(failed.response);
  } catch (const std::exception& e) {
    return ErrorToResponse(StorageError(e, "the operation could not be stored"));
  }
}

Result<EventPoints> App::PointsOf(inventory::UserId user) {
  auto account = services.users.GetUser(user);
  if (!account.ok()) return account.error();
  EventPoints out{account->points.all, {}};
  for (auto p : account->points.points) out.points.push_back(p.value);
  return out;
}

std::optional<Response> App::AuthorizeUpgrade(const Request& request, RequestInfo& info) {
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url || url->path() != "/api/v1/events") {
    return ErrorToResponse(Error::NotFound("no such resource"), http::status::not_found,
                           request.version(), false);
  }
  auto session = Authenticate(request);
  if (!session.ok()) return ErrorToResponse(session.error());
  info.user = session->login;
  const RouteRule* rule = FindRouteRule(http::verb::get, "/api/v1/events");
  if (!rule->roles.Contains(session->role)) {
    return ErrorToResponse(
        Error::Forbidden("forbidden_for_role", "this role receives no live events"));
  }
  auto points = PointsOf(session->user);
  if (!points.ok()) return ErrorToResponse(points.error());
  info.event_points = std::move(*points);
  return std::nullopt;
}

Admission App::Admit(const Request& header, const RequestInfo&) {
  auto refuse = [](Response response) {
    AddSecurityHeaders(response);
    return Admission{std::move(response), std::nullopt};
  };
  auto url = boost::urls::parse_origin_form(header.target());
  if (!url)
    return refuse(ErrorToResponse(
        Error::InvalidArgument("the request target is not a valid URL path", {}, "bad_target")));
  auto found = router_.Find(header.method(), url->segments());
  if (auto* refusal = std::get_if<Response>(&found)) return refuse(std::move(*refusal));
  const RouteRule& rule = *std::get<Router::Match>(found).route->rule;
  if (rule.body.kind == BodyKind::kNone) {
    return refuse(ErrorToResponse(
        Error::InvalidArgument("this request takes no body", {}, "body_not_allowed"),
        http::status::payload_too_large));
  }
  if (!rule.is_public) {
    auto hash = SessionTokenHash(header);
    if (!hash.ok()) return refuse(ErrorToResponse(hash.error()));
    auto session = services.accounts.PeekSession(*hash, options_.session_limits);
    if (!session) return {std::nullopt, rule.body.limit};  // no idle reader: Handle() decides
    if (!session->ok()) {
      // A database that cannot be read is for Handle() to report, after the body.
      if (session->error().code != ErrorCode::kUnauthenticated)
        return {std::nullopt, rule.body.limit};
      return refuse(ErrorToResponse(session->error()));
    }
    if (!rule.roles.Contains((*session)->role)) {
      return refuse(ErrorToResponse(Error::Forbidden(
          "forbidden_for_role",
          "the role " + std::string(inventory::ToString((*session)->role)) + " may not do this")));
    }
    if (IsMutating(header.method()) && !SameToken(header["X-CSRF-Token"], (*session)->csrf_token)) {
      return refuse(ErrorToResponse(
          Error::Forbidden("csrf_token_invalid", "missing or wrong X-CSRF-Token header")));
    }
  }
  return {std::nullopt, rule.body.limit};
}

std::optional<std::uint64_t> App::BodyLimit(http::verb method, std::string_view target) const {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  const Router::Route* route = router_.RouteFor(method, url->segments());
  return route ? route->rule->body.limit : std::nullopt;
}

}  // namespace prokat::web
