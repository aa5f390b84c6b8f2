#include "api_client.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace prokat::testing {

namespace http = boost::beast::http;
namespace json = boost::json;

std::string ApiResponse::ErrorCode() const {
  if (!body.is_object()) return {};
  const auto* error = body.as_object().if_contains("error");
  if (!error || !error->is_object()) return {};
  const auto* code = error->as_object().if_contains("code");
  return code && code->is_string() ? std::string(code->as_string()) : std::string();
}

ApiResponse ApiClient::Send(http::verb method, const std::string& target, const std::string& body,
                            std::map<std::string, std::string> headers) {
  if (!cookie_.empty() && !headers.count("Cookie")) headers["Cookie"] = cookie_;
  if (!csrf_.empty() && !headers.count("X-CSRF-Token")) headers["X-CSRF-Token"] = csrf_;
  ApiResponse out;
  out.http = http_.Send(method, target, body, headers);
  out.status = static_cast<int>(out.http.result_int());
  out.raw = out.http.body();
  boost::system::error_code ec;
  if (!out.raw.empty()) out.body = json::parse(out.raw, ec);
  if (ec) out.body = nullptr;
  return out;
}

ApiResponse ApiClient::Login(const std::string& login, const std::string& password) {
  // Like a browser, the old cookie (if any) goes along with the sign-in.
  ApiResponse r = Post("/api/v1/session", json::object{{"login", login}, {"password", password}});
  cookie_.clear();
  csrf_.clear();
  if (r.status == 201) {
    std::string set_cookie(r.http[http::field::set_cookie]);
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = std::string(r.body.at("csrf_token").as_string());
  }
  return r;
}

ApiResponse ApiClient::Get(const std::string& target) {
  return Send(http::verb::get, target, {}, {});
}
ApiResponse ApiClient::Post(const std::string& target, const json::value& body,
                            const std::map<std::string, std::string>& headers) {
  auto h = headers;
  h.emplace("Content-Type", "application/json");
  return Send(http::verb::post, target, json::serialize(body), h);
}
ApiResponse ApiClient::Patch(const std::string& target, const json::value& body) {
  return Send(http::verb::patch, target, json::serialize(body),
              {{"Content-Type", "application/json"}});
}
ApiResponse ApiClient::Put(const std::string& target, const json::value& body) {
  return Send(http::verb::put, target, json::serialize(body),
              {{"Content-Type", "application/json"}});
}
ApiResponse ApiClient::Delete(const std::string& target) {
  return Send(http::verb::delete_, target, {}, {});
}

namespace {

void Run(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("command failed: " + command);
}

}  // namespace

ApiServer::ApiServer(bool demo, std::vector<std::string> extra_args)
    : db_(dir_.File("prokat.db")), demo_(demo) {
  if (demo) {
    // The demo point is generated from "today": pin it, so that every run sees the same data
    // (two trips out for each driver, items in inspection, overdue loans).
    SetClock(kDemoToday);
    Run(ProkatBinary() + " demo-data --db " + db_ + " --clock-file " + dir_.File("clock") +
        " > /dev/null");
  } else {
    Run("echo admin-password | " + ProkatBinary() + " user add --db " + db_ +
        " --login admin --name 'Администратор' --role admin > /dev/null");
  }
  std::vector<std::string> args{
      "serve", "--db", db_, "--listen", "127.0.0.1:0", "--clock-file", dir_.File("clock")};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ServerProcess>(ProkatBinary(), args);
  if (demo) return;

  auto admin = SignedIn("admin");
  auto point =
      admin->Post("/api/v1/points", json::object{{"name", "Тестовый пункт"},
                                                 {"address", "г. Барнаул, ул. Малахова, 15"},
                                                 {"code", "TEST"}});
  if (point.status != 201) throw std::runtime_error("creating the test point failed: " + point.raw);
  const auto point_id = point.body.at("id").as_int64();
  for (auto [login, role] :
       {std::pair{"staff", "staff"}, std::pair{"driver", "driver"}, std::pair{"driver2", "driver"},
        std::pair{"supervisor", "supervisor"}}) {
    auto user =
        admin->Post("/api/v1/users", json::object{{"login", login},
                                                  {"display_name", std::string("Тест ") + login},
                                                  {"role", role},
                                                  {"point_id", point_id},
                                                  {"password", std::string(login) + "-password"}});
    if (user.status != 201)
      throw std::runtime_error("creating test user " + std::string(login) + " failed: " + user.raw);
  }
}

std::unique_ptr<ApiClient> ApiServer::SignedIn(const std::string& login) {
  auto client = std::make_unique<ApiClient>(port());
  const std::string password = demo_ ? "prokat-" + login : login + "-password";
  auto r = client->Login(login, password);
  if (r.status != 201) throw std::runtime_error("sign-in as " + login + " failed: " + r.raw);
  return client;
}

void PrintServerLogTail(ApiServer& server) {
  const std::string& log = server.process().Stderr();
  std::cerr << "server log (end):\n"
            << log.substr(log.size() > 6000 ? log.size() - 6000 : 0) << "\n";
}

void ApiServer::SetClock(const std::string& iso_time) {
  std::ofstream(dir_.File("clock.tmp")) << iso_time << "\n";
  std::rename(dir_.File("clock.tmp").c_str(), dir_.File("clock").c_str());
}

}  // namespace prokat::testing
