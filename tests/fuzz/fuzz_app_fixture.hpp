// A real App over a temporary database with a small demo point for the fuzz targets, and a
// signed-in admin session (cookie and CSRF token) that the targets attach to their requests.
#pragma once

#include <sodium.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app.hpp"
#include "auth/password.hpp"
#include "prokat/db/database.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/ids.hpp"
#include "prokat/inventory/users.hpp"

namespace prokat::fuzz {

struct AppFixture {
  AppFixture() {
    if (sodium_init() < 0) std::abort();
    char pattern[] = "/tmp/prokat-fuzz-XXXXXX";
    dir = ::mkdtemp(pattern);
    // No fsync per write: durability is not what is fuzzed, and it costs most of the time.
    database = std::make_unique<db::Database>(db::DatabaseOptions{
        .path = dir + "/prokat.db", .connection = {.synchronous = db::Synchronous::kOff}});
    // A small demo point (families, items, agreements, deliveries): ids 1, 2, ... in the
    // fuzzed routes exist, so handlers get past "not found" into their rules.
    if (!inventory::GenerateDemoData(*database, clock,
                                     {.families = 20, .multiboxes = 2, .days_of_history = 60})
             .ok()) {
      std::abort();
    }
    auto settings = inventory::LoadSettings(*database);
    if (!settings.ok()) std::abort();
    app = std::make_unique<web::App>(*database, clock, *settings,
                                     web::AppOptions{.version = "fuzz"}, events);
    // The fixture's own admin, with a login no fuzzed sign-in will guess: failed attempts on
    // the demo logins may throttle those, never this one.
    inventory::UserService users(*database, clock);
    const inventory::Actor demo_admin{inventory::UserId(1), inventory::Role::kAdmin};
    if (!users
             .CreateUser(demo_admin, {kLogin,
                                      "Fuzz",
                                      inventory::Role::kAdmin,
                                      {std::nullopt, {}, true},
                                      web::HashPassword(kPassword)})
             .ok()) {
      std::abort();
    }
    SignIn();
  }
  ~AppFixture() {
    app.reset();
    database.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  static constexpr const char* kLogin = "fuzz.keeper-7f3a9c";
  static constexpr const char* kPassword = "fuzz-keeper-password";
  // The fuzzed requests' address: its failed sign-ins throttle it, not the fixture's own.
  static constexpr const char* kFuzzedAddress = "192.0.2.1";

  // Signs the fixture in (again: a fuzzed sign-in or sign-out may have ended its session).
  void SignIn(const std::string& login = kLogin, const std::string& password = kPassword) {
    web::Request request{web::http::verb::post, "/api/v1/session", 11};
    request.set(web::http::field::content_type, "application/json");
    request.body() =
        boost::json::serialize(boost::json::object{{"login", login}, {"password", password}});
    request.prepare_payload();
    web::RequestInfo info{.remote_address = "127.0.0.1"};
    auto response = app->Handle(request, info);
    if (response.result_int() != 201) std::abort();
    std::string set_cookie(response[web::http::field::set_cookie]);
    cookie = set_cookie.substr(0, set_cookie.find(';'));
    csrf = std::string(boost::json::parse(response.body()).at("csrf_token").as_string());
  }

  // Adds the session cookie and CSRF token, then runs the whole pipeline (from the fuzzed
  // requests' address).
  web::Response Handle(web::Request& request) {
    request.set(web::http::field::cookie, cookie);
    request.set("X-CSRF-Token", csrf);
    web::RequestInfo info{.remote_address = kFuzzedAddress};
    return app->Handle(request, info);
  }

  std::string dir;
  SystemClock clock;
  web::EventHub events;
  std::unique_ptr<db::Database> database;
  std::unique_ptr<web::App> app;
  std::string cookie, csrf;
};

}  // namespace prokat::fuzz
