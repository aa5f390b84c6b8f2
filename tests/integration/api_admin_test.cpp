// Administration routes over a real server and database: points, users, passwords (an admin's
// and one's own), settings, rules versions and previews of drafts.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
namespace http = boost::beast::http;

class ApiAdminTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ApiServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { admin_ = server_->SignedIn("admin"); }

  // The users' list as (login -> user JSON), inactive ones included.
  std::map<std::string, json::object> Users() {
    auto r = admin_->Get("/api/v1/users?include_inactive=true&limit=1000");
    EXPECT_EQ(r.status, 200) << r.raw;
    std::map<std::string, json::object> out;
    for (const auto& u : r.body.at("items").as_array())
      out[std::string(u.at("login").as_string())] = u.as_object();
    return out;
  }
  json::object NewUser(const std::string& login, const std::string& password = "long-enough-1") {
    return {{"login", login},
            {"display_name", "Пользователь " + login},
            {"role", "staff"},
            {"point_id", 1},
            {"password", password}};
  }

  static ApiServer* server_;
  std::unique_ptr<ApiClient> admin_;
};
ApiServer* ApiAdminTest::server_ = nullptr;

TEST_F(ApiAdminTest, FreshServerHasThePointAndTheUsersItWasSetUpWith) {
  auto points = admin_->Get("/api/v1/points");
  ASSERT_EQ(points.status, 200) << points.raw;
  ASSERT_GE(points.body.at("items").as_array().size(), 1u);
  const auto& first = points.body.at("items").at(0);
  EXPECT_EQ(first.at("code"), "TEST");
  EXPECT_EQ(first.at("name"), "Тестовый пункт");
  EXPECT_EQ(first.at("address"), "г. Барнаул, ул. Малахова, 15");

  auto users = Users();
  for (const char* login : {"admin", "staff", "driver", "driver2", "supervisor"}) {
    ASSERT_TRUE(users.count(login)) << login;
    EXPECT_FALSE(users[login].contains("password_hash"));
    EXPECT_FALSE(users[login].contains("password"));
  }
  EXPECT_EQ(users["driver"].at("role"), "driver");
  EXPECT_EQ(users["driver"].at("point_id"), first.at("id"));
  EXPECT_EQ(users["driver"].at("active"), true);
  // Every role can sign in with the password set through POST /api/v1/users.
  for (const char* login : {"staff", "driver", "driver2", "supervisor"})
    EXPECT_NO_THROW(server_->SignedIn(login));
}

TEST_F(ApiAdminTest, CreatesAPointAndRefusesBadOrDuplicateOnes) {
  auto r = admin_->Post(
      "/api/v1/points",
      json::object{{"name", "Пункт \"Север\" <b>"}, {"address", "с. Шипуново"}, {"code", "NRTH1"}});
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_GT(r.body.at("id").as_int64(), 1);
  EXPECT_EQ(r.body.at("name"), "Пункт \"Север\" <b>");
  EXPECT_EQ(r.body.at("code"), "NRTH1");

  EXPECT_EQ(admin_
                ->Post("/api/v1/points",
                       json::object{{"name", "Другой"}, {"address", ""}, {"code", "NRTH1"}})
                .ErrorCode(),
            "duplicate_code");
  auto count = [&] { return admin_->Get("/api/v1/points").body.at("items").as_array().size(); };
  const auto before = count();
  for (const json::object& bad : {json::object{{"address", "x"}, {"code", "AB12"}},
                                  json::object{{"name", "x"}, {"code", "A"}},
                                  json::object{{"name", "x"}, {"code", "TOOLONGCODE"}},
                                  json::object{{"name", 5}, {"code", "AB12"}},
                                  json::object{{"name", "x"}, {"code", "AB 12"}}}) {
    auto bad_r = admin_->Post("/api/v1/points", bad);
    EXPECT_EQ(bad_r.status, 400) << json::serialize(bad) << " " << bad_r.raw;
  }
  EXPECT_EQ(admin_
                ->Send(http::verb::post, "/api/v1/points",
                       "{\"name\": ", {{"Content-Type", "application/json"}})
                .ErrorCode(),
            "malformed_json");
  EXPECT_EQ(
      admin_
          ->Send(http::verb::post, "/api/v1/points", "{\"name\": \"\xff\xfe\", \"code\": \"UTF8\"}",
                 {{"Content-Type", "application/json"}})
          .ErrorCode(),
      "malformed_json");
  EXPECT_EQ(server_->SignedIn("staff")
                ->Post("/api/v1/points", json::object{{"name", "x"}, {"code", "STF1"}})
                .status,
            403);
  EXPECT_EQ(server_->Anonymous()
                ->Post("/api/v1/points", json::object{{"name", "x"}, {"code", "ANON"}})
                .status,
            401);
  EXPECT_EQ(count(), before);
  // Every role may read the points.
  EXPECT_EQ(server_->SignedIn("driver")->Get("/api/v1/points").status, 200);
}

TEST_F(ApiAdminTest, CreatesAUserWhoCanSignInAndNeverShowsTheHash) {
  json::object body = NewUser("new.staff");
  body["display_name"] = "Иванова \"Анна\" <script>alert(1)</script>";
  auto r = admin_->Post("/api/v1/users", body);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body.at("login"), "new.staff");
  EXPECT_EQ(r.body.at("display_name"), "Иванова \"Анна\" <script>alert(1)</script>");
  EXPECT_EQ(r.body.at("role"), "staff");
  EXPECT_EQ(r.body.at("point_id"), 1);
  EXPECT_EQ(r.body.at("active"), true);
  EXPECT_EQ(r.raw.find("argon2"), std::string::npos);
  EXPECT_FALSE(r.body.as_object().contains("password_hash"));
  EXPECT_EQ(Users()["new.staff"].at("display_name"), "Иванова \"Анна\" <script>alert(1)</script>");

  ApiClient client(server_->port());
  EXPECT_EQ(client.Login("new.staff", "long-enough-1").status, 201);
  EXPECT_EQ(client.Get("/api/v1/session").body.at("user").at("role"), "staff");
  // A user without a point (a regional supervisor).
  json::object regional = NewUser("regional");
  regional.erase("point_id");
  regional["role"] = "supervisor";
  auto rr = admin_->Post("/api/v1/users", regional);
  ASSERT_EQ(rr.status, 201) << rr.raw;
  EXPECT_TRUE(rr.body.at("point_id").is_null());
}

TEST_F(ApiAdminTest, RefusesDuplicateLoginsWeakPasswordsAndBadInputStoringNothing) {
  const auto before = Users().size();
  auto dup = admin_->Post("/api/v1/users", NewUser("staff"));
  EXPECT_EQ(dup.status, 409) << dup.raw;
  EXPECT_EQ(dup.ErrorCode(), "duplicate_login");
  EXPECT_EQ(admin_->Post("/api/v1/users", NewUser("STAFF")).ErrorCode(), "duplicate_login");

  auto weak = admin_->Post("/api/v1/users", NewUser("weak.user", "short12"));
  EXPECT_EQ(weak.status, 400) << weak.raw;
  EXPECT_EQ(weak.body.at("error").at("field"), "password");
  EXPECT_EQ(admin_->Post("/api/v1/users", NewUser("long.user", std::string(201, 'x'))).status, 400);

  auto with = [&](const char* key, json::value v) {
    json::object b = NewUser("bad.input");
    if (v.is_null())
      b.erase(key);
    else
      b[key] = v;
    return admin_->Post("/api/v1/users", b);
  };
  EXPECT_EQ(with("login", nullptr).status, 400);
  EXPECT_EQ(with("login", "ab").status, 400);
  EXPECT_EQ(with("login", "has space").status, 400);
  EXPECT_EQ(with("login", 17).status, 400);
  EXPECT_EQ(with("display_name", nullptr).status, 400);
  EXPECT_EQ(with("role", "boss").status, 400);
  EXPECT_EQ(with("role", nullptr).status, 400);
  EXPECT_EQ(with("password", nullptr).status, 400);
  EXPECT_EQ(with("password", 12345678).status, 400);
  EXPECT_EQ(with("point_id", "1").status, 400);
  EXPECT_EQ(with("point_id", 1e300).status, 400);
  EXPECT_EQ(with("point_id", 99999).status, 404);
  EXPECT_EQ(
      admin_
          ->Send(http::verb::post, "/api/v1/users", "[1,2]", {{"Content-Type", "application/json"}})
          .status,
      400);
  EXPECT_EQ(
      admin_->Send(http::verb::post, "/api/v1/users", "login=x", {{"Content-Type", "text/plain"}})
          .status,
      415);

  // Only admins manage users.
  for (const char* login : {"staff", "supervisor", "driver"}) {
    auto c = server_->SignedIn(login);
    EXPECT_EQ(c->Post("/api/v1/users", NewUser("by.other")).status, 403) << login;
    EXPECT_EQ(c->Get("/api/v1/users").status, 403) << login;
    EXPECT_EQ(
        c->Post("/api/v1/users/2/password", json::object{{"password", "new-password-1"}}).status,
        403);
    EXPECT_EQ(c->Post("/api/v1/users/2/active", json::object{{"active", false}}).status, 403);
  }
  EXPECT_EQ(Users().size(), before);
}

TEST_F(ApiAdminTest, PasswordChangeEndsTheUsersSessions) {
  auto created = admin_->Post("/api/v1/users", NewUser("changing", "first-password"));
  ASSERT_EQ(created.status, 201) << created.raw;
  const std::string id = std::to_string(created.body.at("id").as_int64());
  ApiClient a(server_->port()), b(server_->port());
  ASSERT_EQ(a.Login("changing", "first-password").status, 201);
  ASSERT_EQ(b.Login("changing", "first-password").status, 201);
  ASSERT_EQ(a.Get("/api/v1/session").status, 200);

  auto weak =
      admin_->Post("/api/v1/users/" + id + "/password", json::object{{"password", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(a.Get("/api/v1/session").status, 200) << "a refused change leaves sessions alone";

  auto r = admin_->Post("/api/v1/users/" + id + "/password",
                        json::object{{"password", "second-password"}});
  ASSERT_EQ(r.status, 204) << r.raw;
  EXPECT_EQ(a.Get("/api/v1/session").status, 401);
  EXPECT_EQ(b.Get("/api/v1/session").status, 401);
  ApiClient c(server_->port());
  EXPECT_EQ(c.Login("changing", "first-password").status, 401);
  EXPECT_EQ(c.Login("changing", "second-password").status, 201);
  // The admin's own session is untouched.
  EXPECT_EQ(admin_->Get("/api/v1/session").status, 200);

  EXPECT_EQ(admin_->Post("/api/v1/users/999999/password", json::object{{"password", "whatever-1"}})
                .status,
            404);
  EXPECT_EQ(
      admin_->Post("/api/v1/users/abc/password", json::object{{"password", "whatever-1"}}).status,
      404);
  EXPECT_EQ(admin_->Post("/api/v1/users/" + id + "/password", json::object{}).status, 400);
}

TEST_F(ApiAdminTest, DeactivatedUserCannotSignInAndLosesHisSessions) {
  auto created = admin_->Post("/api/v1/users", NewUser("leaving"));
  ASSERT_EQ(created.status, 201) << created.raw;
  const std::string id = std::to_string(created.body.at("id").as_int64());
  ApiClient a(server_->port());
  ASSERT_EQ(a.Login("leaving", "long-enough-1").status, 201);

  EXPECT_EQ(admin_->Post("/api/v1/users/" + id + "/active", json::object{}).status, 400);
  EXPECT_EQ(admin_->Post("/api/v1/users/" + id + "/active", json::object{{"active", "no"}}).status,
            400);
  EXPECT_EQ(a.Get("/api/v1/session").status, 200);

  auto off = admin_->Post("/api/v1/users/" + id + "/active", json::object{{"active", false}});
  ASSERT_EQ(off.status, 200) << off.raw;
  EXPECT_EQ(off.body.at("active"), false);
  EXPECT_EQ(a.Get("/api/v1/session").status, 401);
  EXPECT_EQ(a.Login("leaving", "long-enough-1").status, 401);
  EXPECT_EQ(Users()["leaving"].at("active"), false);
  auto listed = admin_->Get("/api/v1/users");
  for (const auto& u : listed.body.at("items").as_array()) EXPECT_NE(u.at("login"), "leaving");

  auto on = admin_->Post("/api/v1/users/" + id + "/active", json::object{{"active", true}});
  ASSERT_EQ(on.status, 200) << on.raw;
  EXPECT_EQ(a.Login("leaving", "long-enough-1").status, 201);

  EXPECT_EQ(admin_->Post("/api/v1/users/999999/active", json::object{{"active", true}}).status,
            404);
  const auto admin_id = admin_->Get("/api/v1/session").body.at("user").at("id").as_int64();
  auto self = admin_->Post("/api/v1/users/" + std::to_string(admin_id) + "/active",
                           json::object{{"active", false}});
  EXPECT_EQ(self.status, 422);
  EXPECT_EQ(self.ErrorCode(), "cannot_deactivate_self");
  EXPECT_EQ(admin_->Get("/api/v1/session").status, 200);
}

TEST_F(ApiAdminTest, UserListFiltersAndPages) {
  auto drivers = admin_->Get("/api/v1/users?role=driver");
  ASSERT_EQ(drivers.status, 200) << drivers.raw;
  ASSERT_EQ(drivers.body.at("items").as_array().size(), 2u);
  for (const auto& u : drivers.body.at("items").as_array()) EXPECT_EQ(u.at("role"), "driver");

  auto first = admin_->Get("/api/v1/users?limit=2");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.body.at("items").as_array().size(), 2u);
  std::string cursor(first.body.at("next_cursor").as_string());
  ASSERT_FALSE(cursor.empty());
  auto second = admin_->Get("/api/v1/users?limit=2&after=" + cursor);
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.at("items").at(0).at("id"), first.body.at("items").at(0).at("id"));

  EXPECT_EQ(admin_->Get("/api/v1/users?role=boss").status, 400);
  EXPECT_EQ(admin_->Get("/api/v1/users?limit=0").status, 400);
  EXPECT_EQ(admin_->Get("/api/v1/users?include_inactive=maybe").status, 400);
  EXPECT_EQ(admin_->Get("/api/v1/users?point=-1").status, 400);
}

TEST_F(ApiAdminTest, OwnPasswordChangeNeedsTheCurrentPasswordAndEndsTheSessions) {
  auto created = admin_->Post("/api/v1/users", NewUser("selfchange", "first-password"));
  ASSERT_EQ(created.status, 201) << created.raw;
  ApiClient a(server_->port()), b(server_->port());
  ASSERT_EQ(a.Login("selfchange", "first-password").status, 201);
  ASSERT_EQ(b.Login("selfchange", "first-password").status, 201);

  auto wrong = a.Post("/api/v1/session/password", json::object{{"current_password", "guess-1234"},
                                                               {"new_password", "second-pass"}});
  EXPECT_EQ(wrong.status, 422) << wrong.raw;
  EXPECT_EQ(wrong.ErrorCode(), "wrong_current_password");
  EXPECT_EQ(wrong.body.at("error").at("field"), "current_password");
  EXPECT_EQ(a.Get("/api/v1/session").status, 200) << "a refused change ends nothing";
  auto weak =
      a.Post("/api/v1/session/password",
             json::object{{"current_password", "first-password"}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.body.at("error").at("field"), "new_password");
  EXPECT_EQ(
      a.Post("/api/v1/session/password", json::object{{"new_password", "second-pass"}}).status,
      400);
  EXPECT_EQ(server_->Anonymous()
                ->Post("/api/v1/session/password",
                       json::object{{"current_password", "x"}, {"new_password", "second-pass"}})
                .status,
            401);

  auto ok = a.Post("/api/v1/session/password", json::object{{"current_password", "first-password"},
                                                            {"new_password", "second-pass"}});
  ASSERT_EQ(ok.status, 204) << ok.raw;
  EXPECT_EQ(a.Get("/api/v1/session").status, 401);
  EXPECT_EQ(b.Get("/api/v1/session").status, 401);
  ApiClient c(server_->port());
  EXPECT_EQ(c.Login("selfchange", "first-password").status, 401);
  EXPECT_EQ(c.Login("selfchange", "second-pass").status, 201);

  // Every role may: a driver too.
  auto driver = server_->SignedIn("driver");
  auto refused = driver->Post(
      "/api/v1/session/password",
      json::object{{"current_password", "not-it-at-all"}, {"new_password", "second-pass"}});
  EXPECT_EQ(refused.status, 422) << refused.raw;
}

TEST_F(ApiAdminTest, AnAdminRenamesAPointButNotItsCode) {
  auto created =
      admin_->Post("/api/v1/points",
                   json::object{{"name", "Пункт Б"}, {"address", "ул. Б, 1"}, {"code", "PNTB"}});
  ASSERT_EQ(created.status, 201) << created.raw;
  const std::string path = "/api/v1/points/" + std::to_string(created.body.at("id").as_int64());
  auto renamed =
      admin_->Patch(path, json::object{{"name", "Пункт на Бульваре"}, {"address", "б-р Б, 2"}});
  ASSERT_EQ(renamed.status, 200) << renamed.raw;
  EXPECT_EQ(renamed.body.at("name"), "Пункт на Бульваре");
  EXPECT_EQ(renamed.body.at("code"), "PNTB");
  bool listed = false;
  auto points = admin_->Get("/api/v1/points");
  for (const auto& p : points.body.at("items").as_array())
    listed |= p.at("name") == "Пункт на Бульваре" && p.at("address") == "б-р Б, 2";
  EXPECT_TRUE(listed);

  EXPECT_EQ(admin_->Patch(path, json::object{{"name", ""}}).status, 400);
  auto code = admin_->Patch(path, json::object{{"name", "x"}, {"code", "NEW"}});
  EXPECT_EQ(code.status, 400);
  EXPECT_EQ(code.body.at("error").at("field"), "code");
  EXPECT_EQ(
      admin_->Patch("/api/v1/points/999999", json::object{{"name", "x"}, {"address", ""}}).status,
      404);
  EXPECT_EQ(server_->SignedIn("supervisor")->Patch(path, json::object{{"name", "x"}}).status, 403);
}

TEST_F(ApiAdminTest, RulesAreListedWithTheirVersionsAndDraftsPreviewedAsPdf) {
  const std::string_view title = "Правила для списка";
  ASSERT_EQ(
      admin_->Post("/api/v1/rules", json::object{{"title", title}, {"text", "1. Один."}}).status,
      201);
  ASSERT_EQ(
      admin_->Post("/api/v1/rules", json::object{{"title", title}, {"text", "1. Один.\n2. Два."}})
          .status,
      201);
  auto list = server_->SignedIn("staff")->Get("/api/v1/rules");
  ASSERT_EQ(list.status, 200) << list.raw;
  const json::value* doc = nullptr;
  for (const auto& d : list.body.at("items").as_array())
    if (d.at("title").as_string() == title) doc = &d;
  ASSERT_NE(doc, nullptr) << list.raw;
  const auto& versions = doc->at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].at("version"), 2) << "newest first";
  EXPECT_EQ(versions[0].at("text"), "1. Один.\n2. Два.");
  EXPECT_EQ(versions[1].at("version"), 1);

  auto pdf = admin_->Post("/api/v1/rules/preview",
                          json::object{{"title", title}, {"text", "1. Один.\n2. Два.\n3. Три."}});
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 300);
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);
  auto again = server_->SignedIn("staff")->Get("/api/v1/rules");
  for (const auto& d : again.body.at("items").as_array()) {
    if (d.at("title").as_string() == title) {
      EXPECT_EQ(d.at("versions").as_array().size(), 2u) << "nothing stored";
    }
  }
  EXPECT_EQ(
      admin_->Post("/api/v1/rules/preview", json::object{{"title", title}, {"text", ""}}).status,
      400);
  EXPECT_EQ(server_->SignedIn("staff")
                ->Post("/api/v1/rules/preview", json::object{{"title", "x"}, {"text", "y"}})
                .status,
            403);
}

TEST_F(ApiAdminTest, ATemplateDraftIsPreviewedOverSampleDataAndNotStored) {
  auto pdf = admin_->Post("/api/v1/templates/consent/preview",
                          json::object{{"text", "## Согласие\n\nЯ, {{family.representative}}."}});
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 300);
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);
  auto versions = admin_->Get("/api/v1/templates/consent");
  ASSERT_EQ(versions.status, 200);
  EXPECT_TRUE(versions.body.at("items").as_array().empty()) << "a preview publishes nothing";
  EXPECT_EQ(admin_->Post("/api/v1/templates/nosuch/preview", json::object{{"text", "x"}}).status,
            404);
  EXPECT_EQ(admin_->Post("/api/v1/templates/consent/preview", json::object{{"text", ""}}).status,
            400);
  EXPECT_EQ(server_->SignedIn("staff")
                ->Post("/api/v1/templates/consent/preview", json::object{{"text", "x"}})
                .status,
            403);
}

TEST_F(ApiAdminTest, SettingsAreReadBySupervisorsAndChangedByAdminsOnly) {
  auto supervisor = server_->SignedIn("supervisor");
  auto read = supervisor->Get("/api/v1/settings");
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.body.at("max_term_months"), 6);
  EXPECT_FALSE(read.body.as_object().contains("photo_dir"));
  EXPECT_EQ(server_->SignedIn("staff")->Get("/api/v1/settings").status, 403);
  EXPECT_EQ(server_->SignedIn("driver")->Get("/api/v1/settings").status, 403);
  EXPECT_EQ(supervisor->Put("/api/v1/settings", json::object{{"max_term_months", 5}}).status, 403);

  auto put = admin_->Put("/api/v1/settings",
                         json::object{{"reservation_lapse_days", 5}, {"custody_default_days", 14}});
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body.at("reservation_lapse_days"), 5);
  EXPECT_EQ(put.body.at("in_effect").at("reservation_lapse_days"), 5) << "in force at once";
  EXPECT_EQ(put.body.at("bounds").at("reservation_lapse_days").at("min"), 1);
  EXPECT_EQ(put.body.at("bounds").at("max_term_months").at("max"), 120);
  auto back = supervisor->Get("/api/v1/settings");
  EXPECT_EQ(back.body.at("reservation_lapse_days"), 5);
  EXPECT_EQ(back.body.at("custody_default_days"), 14);
  EXPECT_EQ(back.body.at("in_effect").at("custody_default_days"), 14);
  EXPECT_EQ(back.body.at("max_term_months"), 6) << "absent fields keep their value";

  for (const json::object& bad :
       {json::object{{"min_term_months", 7}},  // above max_term_months
        json::object{{"max_term_months", 13}}, json::object{{"max_term_months", 0}},
        json::object{{"utc_offset_minutes", 100000}}, json::object{{"reservation_lapse_days", "5"}},
        json::object{{"custody_default_days", 1e20}}, json::object{{"photo_dir", "/etc"}},
        json::object{{"unknown", 1}}}) {
    auto r = admin_->Put("/api/v1/settings", bad);
    EXPECT_EQ(r.status, 400) << json::serialize(bad) << " " << r.raw;
  }
  auto after = supervisor->Get("/api/v1/settings");
  EXPECT_EQ(after.body.at("reservation_lapse_days"), 5);
  EXPECT_EQ(after.body.at("min_term_months"), 1);
  EXPECT_EQ(after.body.at("max_term_months"), 6);
  EXPECT_EQ(after.body.at("utc_offset_minutes"), 180);
  EXPECT_EQ(after.body.at("in_effect").at("reservation_lapse_days"), 5)
      << "a refused change puts nothing in force";
  auto reset = admin_->Put("/api/v1/settings", json::object{{"reservation_lapse_days", 3},
                                                            {"custody_default_days", 10}});
  ASSERT_EQ(reset.status, 200);
  EXPECT_EQ(reset.body.at("in_effect").at("reservation_lapse_days"), 3);
}

}  // namespace
}  // namespace prokat::testing
