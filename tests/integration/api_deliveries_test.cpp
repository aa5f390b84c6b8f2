// Deliveries and pickups over a real server on the demo database (trips planned and out,
// drivers petrov and sidorov): a driver confirms at the door with scanned codes, sees only his
// own trips and only what the trip needs; a retried confirmation changes nothing; a confirmation
// names a signature uploaded at the door for that trip.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "api_client.hpp"
#include "signature_png.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
namespace http = boost::beast::http;

// Keys a driver must never receive, at any depth: children, diagnoses, categories, groups.
bool HasSensitiveKey(const json::value& v, std::string* found) {
  if (v.is_array()) {
    for (const auto& e : v.as_array())
      if (HasSensitiveKey(e, found)) return true;
  }
  if (!v.is_object()) return false;
  for (const auto& [key, value] : v.as_object()) {
    const std::string k(key);
    for (const char* bad :
         {"child", "diagnos", "categor", "target", "birth", "family", "notes", "district"}) {
      if (k.find(bad) != std::string::npos) {
        *found = k;
        return true;
      }
    }
    if (HasSensitiveKey(value, found)) return true;
  }
  return false;
}

std::string Format(std::chrono::sys_days d) {
  std::chrono::year_month_day ymd(d);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

// A date `days` after today at the point (UTC+3).
std::string DateInDays(int days) {
  auto t = std::chrono::system_clock::now() + std::chrono::hours(3) + std::chrono::days(days);
  return Format(std::chrono::floor<std::chrono::days>(t));
}

class ApiDeliveriesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ApiServer(true); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    staff_ = server_->SignedIn("ivanova");
    petrov_ = server_->SignedIn("petrov");
    sidorov_ = server_->SignedIn("sidorov");
    petrov_id_ = petrov_->Get("/api/v1/session").body.at("user").at("id").as_int64();
    sidorov_id_ = sidorov_->Get("/api/v1/session").body.at("user").at("id").as_int64();
  }

  // The desk's view of every trip with this status.
  std::vector<json::object> Trips(const std::string& status) {
    auto r = staff_->Get("/api/v1/deliveries?limit=1000&status=" + status);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<json::object> out;
    for (const auto& d : r.body.at("items").as_array()) out.push_back(d.as_object());
    return out;
  }
  // A delivery (not a pickup) that is out, assigned to `driver`, not among `taken`.
  json::object OutDeliveryOf(std::int64_t driver, const std::set<std::int64_t>& taken = {}) {
    for (auto& d : Trips("out"))
      if (d.at("driver_id") == driver && d.at("kind") == "delivery" &&
          !taken.count(d.at("id").as_int64()))
        return d;
    ADD_FAILURE() << "the demo data has no delivery out for driver " << driver;
    return {};
  }
  // Each item's movements on an agreement, from the journal.
  std::vector<json::object> Movements(std::int64_t agreement) {
    auto r =
        staff_->Get("/api/v1/journal/movements?limit=1000&agreement=" + std::to_string(agreement));
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<json::object> out;
    for (const auto& m : r.body.at("items").as_array()) out.push_back(m.as_object());
    return out;
  }
  // The recipient's signature as the driver's phone uploads it before confirming; its
  // signature_ref.
  std::string UploadSignature(ApiClient& driver, const json::object& trip) {
    auto r = driver.Send(http::verb::post, Path(trip, "/signature"), SignaturePng(),
                         {{"Content-Type", "image/png"}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? std::string(r.body.at("signature_ref").as_string()) : "";
  }
  // The confirmation a driver sends after scanning every item of his trip view.
  static json::object FullConfirmation(const json::value& driver_view,
                                       const std::string& signature_ref) {
    json::array scans;
    for (const auto& item : driver_view.at("items").as_array())
      scans.push_back(json::object{{"code", item.at("inventory_number")},
                                   {"scanned_at", "2026-01-10T09:15:00Z"}});
    return {{"scans", scans},
            {"received_by", "Кузнецова \"Мария\" <i>"},
            {"signature_ref", signature_ref},
            {"note", "у подъезда"}};
  }
  std::string Path(const json::object& d, const std::string& suffix = "") {
    return "/api/v1/deliveries/" + std::to_string(d.at("id").as_int64()) + suffix;
  }

  static ApiServer* server_;
  std::unique_ptr<ApiClient> staff_, petrov_, sidorov_;
  std::int64_t petrov_id_ = 0, sidorov_id_ = 0;
};
ApiServer* ApiDeliveriesTest::server_ = nullptr;

TEST_F(ApiDeliveriesTest, DriverSeesOnlyHisOwnTripsWithoutChildrenOrCategories) {
  // His open trips, and the finished ones of the last week (planned or confirmed since).
  const auto today = staff_->Get("/api/v1/clock").body.at("today").as_string();
  int y = 0;
  unsigned m = 0, dd = 0;
  ASSERT_EQ(std::sscanf(today.c_str(), "%d-%u-%u", &y, &m, &dd), 3) << today;
  const std::string since =
      Format(std::chrono::sys_days(std::chrono::year(y) / m / dd) - std::chrono::days(7));
  std::set<std::int64_t> his;
  std::size_t older = 0;
  for (auto status : {"planned", "out", "done", "failed"})
    for (auto& d : Trips(status)) {
      if (d.at("driver_id") != petrov_id_) continue;
      const bool open = d.at("status") == "planned" || d.at("status") == "out";
      const bool recent =
          d.at("planned_on").as_string() >= since ||
          (d.at("confirmed_at").is_string() && d.at("confirmed_at").as_string() >= since);
      if (open || recent)
        his.insert(d.at("id").as_int64());
      else
        ++older;
    }
  ASSERT_FALSE(his.empty());
  EXPECT_GT(older, 0u) << "the demo data has finished trips older than a week";

  // Whatever driver he asks for, he gets his own trips.
  for (std::string query : {std::string(), "?driver=" + std::to_string(sidorov_id_)}) {
    std::set<std::int64_t> seen;
    std::string cursor;
    do {
      auto r =
          petrov_->Get("/api/v1/deliveries?limit=7" + (query.empty() ? "" : "&" + query.substr(1)) +
                       (cursor.empty() ? "" : "&after=" + cursor));
      ASSERT_EQ(r.status, 200) << r.raw;
      std::string key;
      EXPECT_FALSE(HasSensitiveKey(r.body, &key)) << "a driver received '" << key << "'";
      for (const auto& d : r.body.at("items").as_array()) {
        seen.insert(d.at("id").as_int64());
        EXPECT_FALSE(d.as_object().contains("driver_id"));
      }
      cursor = std::string(r.body.at("next_cursor").as_string());
    } while (!cursor.empty());
    EXPECT_EQ(seen, his) << query;
  }

  auto trip = OutDeliveryOf(petrov_id_);
  auto mine = petrov_->Get(Path(trip));
  ASSERT_EQ(mine.status, 200) << mine.raw;
  std::string key;
  EXPECT_FALSE(HasSensitiveKey(mine.body, &key)) << "a driver received '" << key << "'";
  EXPECT_EQ(mine.body.at("address"), trip.at("address"));
  // Who to meet and how to call: the representative's name and phone, nothing more.
  EXPECT_FALSE(mine.body.at("recipient").as_string().empty());
  EXPECT_EQ(mine.body.at("phone"), trip.at("phone"));
  EXPECT_FALSE(mine.body.at("phone").as_string().empty());
  ASSERT_FALSE(mine.body.at("items").as_array().empty());
  for (const auto& item : mine.body.at("items").as_array()) {
    EXPECT_FALSE(item.at("inventory_number").as_string().empty());
    EXPECT_FALSE(item.at("name").as_string().empty());
    EXPECT_TRUE(item.at("components").is_array());
  }
  // The desk sees the full record.
  auto desk = staff_->Get(Path(trip));
  ASSERT_EQ(desk.status, 200);
  EXPECT_EQ(desk.body.at("driver_id"), petrov_id_);
}

TEST_F(ApiDeliveriesTest, DriverCannotSeeOrActOnAnotherDriversTrip) {
  auto theirs = OutDeliveryOf(sidorov_id_);
  const auto before = staff_->Get(Path(theirs));
  for (auto r :
       {petrov_->Get(Path(theirs)), petrov_->Post(Path(theirs, "/depart")),
        petrov_->Post(Path(theirs, "/fail"), json::object{{"reason", "не дозвонился"}}),
        petrov_->Post(
            Path(theirs, "/confirm"),
            json::object{{"scans", json::array{json::object{
                                       {"code", "X"}, {"scanned_at", "2026-01-10T09:15:00Z"}}}},
                         {"received_by", "x"},
                         {"signature_ref", "s"}})}) {
    EXPECT_EQ(r.status, 404) << r.raw;
    EXPECT_EQ(r.ErrorCode(), "not_found");
  }
  // Exactly what an unknown id answers.
  EXPECT_EQ(petrov_->Get("/api/v1/deliveries/99999999").raw, petrov_->Get(Path(theirs)).raw);
  EXPECT_EQ(staff_->Get(Path(theirs)).raw, before.raw) << "nothing changed";
}

TEST_F(ApiDeliveriesTest, ConfirmationWithScannedCodesPutsTheItemsOnLoanOnce) {
  auto trip = OutDeliveryOf(petrov_id_);
  const auto agreement = trip.at("agreement_id").as_int64();
  auto view = petrov_->Get(Path(trip));
  ASSERT_EQ(view.status, 200);
  const std::string signature = UploadSignature(*petrov_, trip);
  json::object confirmation = FullConfirmation(view.body, signature);
  const auto items = view.body.at("items").as_array().size();

  // An item missing, or a code of another trip: refused, nothing stored.
  json::object partial = confirmation;
  partial["scans"].as_array().pop_back();
  auto short_of_one = petrov_->Post(Path(trip, "/confirm"), partial);
  EXPECT_EQ(short_of_one.status, items > 1 ? 422 : 400) << short_of_one.raw;
  if (items > 1) {
    EXPECT_EQ(short_of_one.ErrorCode(), "items_not_scanned");
  }
  json::object foreign = confirmation;
  foreign["scans"].as_array().push_back(
      json::object{{"code", "НЕТ-ТАКОГО"}, {"scanned_at", "2026-01-10T09:16:00Z"}});
  auto wrong = petrov_->Post(Path(trip, "/confirm"), foreign);
  EXPECT_EQ(wrong.status, 422) << wrong.raw;
  EXPECT_EQ(wrong.ErrorCode(), "scan_not_in_delivery");
  EXPECT_EQ(staff_->Get(Path(trip)).body.at("status"), "out");

  // The driver confirms; the signal drops and his phone retries with the same key.
  const std::map<std::string, std::string> key{
      {"Idempotency-Key", "confirm-" + std::to_string(trip.at("id").as_int64())}};
  auto first = petrov_->Post(Path(trip, "/confirm"), confirmation, key);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body.at("status"), "done");
  auto retry = petrov_->Post(Path(trip, "/confirm"), confirmation, key);
  EXPECT_EQ(retry.status, 200) << retry.raw;
  EXPECT_EQ(retry.raw, first.raw);
  EXPECT_EQ(retry.http["Idempotent-Replayed"], "true");
  // The same key for a different body is refused; a new confirmation without a key too.
  json::object other = confirmation;
  other["note"] = "другое";
  EXPECT_EQ(petrov_->Post(Path(trip, "/confirm"), other, key).ErrorCode(),
            "idempotency_key_reused");
  EXPECT_EQ(petrov_->Post(Path(trip, "/confirm"), confirmation).ErrorCode(), "delivery_closed");

  // Read back: the trip is done with one scan per item, each item went on loan exactly once.
  auto stored = staff_->Get(Path(trip));
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(stored.body.at("status"), "done");
  EXPECT_EQ(stored.body.at("received_by"), "Кузнецова \"Мария\" <i>");
  EXPECT_EQ(stored.body.at("signature_ref").as_string(), signature);
  EXPECT_FALSE(stored.body.at("confirmed_at").is_null());
  ASSERT_EQ(stored.body.at("scans").as_array().size(), items);
  EXPECT_EQ(stored.body.at("scans").at(0).at("scanned_at"), "2026-01-10T09:15:00Z");
  std::map<std::int64_t, int> on_loan;
  for (const auto& m : Movements(agreement))
    if (m.at("to") == "on_loan") {
      EXPECT_EQ(m.at("from"), "out_for_delivery");
      ++on_loan[m.at("item_id").as_int64()];
    }
  ASSERT_EQ(on_loan.size(), items);
  for (const auto& item : view.body.at("items").as_array())
    EXPECT_EQ(on_loan[item.at("item_id").as_int64()], 1);
}

// The signature shown on the handover act is the one taken at this door: a name the phone made
// up, or another trip's upload, is refused and nothing changes.
TEST_F(ApiDeliveriesTest, ConfirmationNeedsASignatureUploadedForThisTrip) {
  auto trip = OutDeliveryOf(petrov_id_);
  auto other = OutDeliveryOf(petrov_id_, {trip.at("id").as_int64()});
  auto view = petrov_->Get(Path(trip));
  ASSERT_EQ(view.status, 200);
  const std::string others = UploadSignature(*petrov_, other);
  for (const std::string& ref :
       {std::string("sig-0001.png"), std::string("../prokat.db"), others}) {
    auto refused = petrov_->Post(Path(trip, "/confirm"), FullConfirmation(view.body, ref));
    EXPECT_EQ(refused.status, 422) << ref << ": " << refused.raw;
    EXPECT_EQ(refused.ErrorCode(), "signature_not_uploaded") << ref;
    ASSERT_TRUE(refused.body.is_object() && refused.body.as_object().contains("error"))
        << refused.raw;
    EXPECT_EQ(refused.body.at("error").at("field"), "signature_ref") << refused.raw;
  }
  EXPECT_EQ(staff_->Get(Path(trip)).body.at("status"), "out");

  const std::string signature = UploadSignature(*petrov_, trip);
  auto done = petrov_->Post(Path(trip, "/confirm"), FullConfirmation(view.body, signature));
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(staff_->Get(Path(trip)).body.at("signature_ref").as_string(), signature);
}

TEST_F(ApiDeliveriesTest, FailedTripCanBePlannedAgainDepartedAndConfirmed) {
  auto trip = OutDeliveryOf(petrov_id_);
  const auto agreement = trip.at("agreement_id").as_int64();
  EXPECT_EQ(petrov_->Post(Path(trip, "/fail"), json::object{}).status, 400);
  EXPECT_EQ(petrov_->Post(Path(trip, "/fail"), json::object{{"reason", "   "}}).status, 400);
  auto failed = petrov_->Post(Path(trip, "/fail"), json::object{{"reason", "никого нет дома"}});
  ASSERT_EQ(failed.status, 200) << failed.raw;
  EXPECT_EQ(failed.body.at("status"), "failed");
  EXPECT_EQ(failed.body.at("failure_reason"), "никого нет дома");
  EXPECT_EQ(petrov_->Post(Path(trip, "/fail"), json::object{{"reason", "ещё раз"}}).ErrorCode(),
            "delivery_closed");

  const std::string date = DateInDays(2);
  json::object plan{{"agreement_id", agreement},
                    {"kind", "delivery"},
                    {"planned_on", date},
                    {"driver_id", sidorov_id_},
                    {"vehicle", "ГАЗель А123ВС"}};
  // Only the desk plans trips.
  EXPECT_EQ(petrov_->Post("/api/v1/deliveries", plan).status, 403);
  EXPECT_EQ(server_->SignedIn("zaveduyushaya")->Post("/api/v1/deliveries", plan).status, 403);
  auto planned = staff_->Post("/api/v1/deliveries", plan);
  ASSERT_EQ(planned.status, 201) << planned.raw;
  EXPECT_EQ(planned.body.at("status"), "planned");
  EXPECT_EQ(planned.body.at("planned_on").as_string(), date);
  EXPECT_EQ(planned.body.at("driver_id"), sidorov_id_);
  EXPECT_EQ(planned.body.at("address"), trip.at("address")) << "the family's address by default";
  auto again = staff_->Post("/api/v1/deliveries", plan);
  EXPECT_EQ(again.status, 409) << again.raw;
  EXPECT_EQ(again.ErrorCode(), "delivery_already_planned");

  const json::object next = planned.body.as_object();
  EXPECT_EQ(petrov_->Post(Path(next, "/depart")).status, 404);
  auto out = sidorov_->Post(Path(next, "/depart"));
  ASSERT_EQ(out.status, 200) << out.raw;
  EXPECT_EQ(out.body.at("status"), "out");
  EXPECT_EQ(sidorov_->Post(Path(next, "/depart")).ErrorCode(), "delivery_not_planned");
  auto view = sidorov_->Get(Path(next));
  auto done = sidorov_->Post(Path(next, "/confirm"),
                             FullConfirmation(view.body, UploadSignature(*sidorov_, next)));
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body.at("status"), "done");
  std::string key;
  EXPECT_FALSE(HasSensitiveKey(done.body, &key)) << key;
}

TEST_F(ApiDeliveriesTest, PlanningRefusesBadInputAndStoresNothing) {
  auto count = [&] {
    std::size_t n = 0;
    for (auto s : {"planned", "out", "done", "failed"}) n += Trips(s).size();
    return n;
  };
  const auto before = count();
  auto trip = OutDeliveryOf(sidorov_id_);
  const json::object good{{"agreement_id", trip.at("agreement_id")},
                          {"kind", "pickup"},
                          {"planned_on", DateInDays(3)},
                          {"driver_id", sidorov_id_}};
  auto with = [&](const char* field, json::value v) {
    json::object b = good;
    if (v.is_null())
      b.erase(field);
    else
      b[field] = v;
    return staff_->Post("/api/v1/deliveries", b);
  };
  EXPECT_EQ(with("agreement_id", nullptr).status, 400);
  EXPECT_EQ(with("agreement_id", "1").status, 400);
  EXPECT_EQ(with("agreement_id", 1e30).status, 400);
  EXPECT_EQ(with("agreement_id", 99999999).status, 404);
  EXPECT_EQ(with("kind", "teleport").status, 400);
  EXPECT_EQ(with("kind", nullptr).status, 400);
  EXPECT_EQ(with("planned_on", "2026-02-30").status, 400);
  EXPECT_EQ(with("planned_on", "tomorrow").status, 400);
  EXPECT_EQ(with("planned_on", "2020-01-01").status, 400);
  EXPECT_EQ(with("driver_id", nullptr).status, 400);
  EXPECT_EQ(with("driver_id", 99999999).status, 404);
  auto staff_id = staff_->Get("/api/v1/session").body.at("user").at("id");
  auto not_driver = with("driver_id", staff_id);
  EXPECT_EQ(not_driver.status, 400);
  EXPECT_EQ(not_driver.body.at("error").at("field"), "driver_id");
  EXPECT_EQ(with("vehicle", json::array{}).status, 400);
  EXPECT_EQ(with("address", json::string(std::string(501, 'a'))).status, 400);
  EXPECT_EQ(staff_
                ->Send(http::verb::post, "/api/v1/deliveries",
                       "{\"kind\":", {{"Content-Type", "application/json"}})
                .ErrorCode(),
            "malformed_json");
  EXPECT_EQ(staff_
                ->Send(http::verb::post, "/api/v1/deliveries", "{\"vehicle\": \"\xc3\x28\"}",
                       {{"Content-Type", "application/json"}})
                .ErrorCode(),
            "malformed_json");
  EXPECT_EQ(count(), before);

  // A pickup with markup in the address is stored verbatim.
  auto pickup = with("address", "ул. \"Ленина\", д. 5 <script>");
  ASSERT_EQ(pickup.status, 201) << pickup.raw;
  EXPECT_EQ(pickup.body.at("kind"), "pickup");
  EXPECT_EQ(staff_->Get(Path(pickup.body.as_object())).body.at("address"),
            "ул. \"Ленина\", д. 5 <script>");
}

TEST_F(ApiDeliveriesTest, ListFiltersAndRouteInputAreChecked) {
  for (auto target : {"/api/v1/deliveries?date=2026-13-01", "/api/v1/deliveries?status=lost",
                      "/api/v1/deliveries?driver=abc", "/api/v1/deliveries?limit=100000",
                      "/api/v1/deliveries?after=zzz"}) {
    EXPECT_EQ(staff_->Get(target).status, 400) << target;
  }
  auto trip = OutDeliveryOf(sidorov_id_);
  auto by_date =
      staff_->Get("/api/v1/deliveries?date=" + std::string(trip.at("planned_on").as_string()) +
                  "&driver=" + std::to_string(sidorov_id_) + "&status=out");
  ASSERT_EQ(by_date.status, 200);
  bool found = false;
  for (const auto& d : by_date.body.at("items").as_array()) {
    EXPECT_EQ(d.at("planned_on"), trip.at("planned_on"));
    EXPECT_EQ(d.at("driver_id"), sidorov_id_);
    EXPECT_EQ(d.at("status"), "out");
    found = found || d.at("id") == trip.at("id");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(staff_->Get("/api/v1/deliveries/0").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/deliveries/abc").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/deliveries/99999999999999999999").status, 404);

  // Confirmation input, checked before anything is looked up or stored.
  auto bad = [&](json::object body) { return sidorov_->Post(Path(trip, "/confirm"), body).status; };
  json::object scan{{"code", "X-1"}, {"scanned_at", "2026-01-10T09:15:00Z"}};
  EXPECT_EQ(bad({{"received_by", "x"}, {"signature_ref", "s"}}), 400);  // no scans
  EXPECT_EQ(bad({{"scans", json::array{}}, {"received_by", "x"}, {"signature_ref", "s"}}), 400);
  EXPECT_EQ(bad({{"scans", json::array{"X-1"}}, {"received_by", "x"}, {"signature_ref", "s"}}),
            400);
  EXPECT_EQ(bad({{"scans", json::array{scan}}, {"received_by", "x"}}), 400);  // no signature
  json::object late = scan;
  late["scanned_at"] = "2026-01-10 09:15";
  EXPECT_EQ(bad({{"scans", json::array{late}}, {"received_by", "x"}, {"signature_ref", "s"}}), 400);
  json::object nocode = scan;
  nocode.erase("code");
  EXPECT_EQ(bad({{"scans", json::array{nocode}}, {"received_by", "x"}, {"signature_ref", "s"}}),
            400);
  auto no_receiver = sidorov_->Post(
      Path(trip, "/confirm"), json::object{{"scans", json::array{scan}}, {"signature_ref", "s"}});
  EXPECT_EQ(no_receiver.status, 400) << no_receiver.raw;
  EXPECT_EQ(staff_->Get(Path(trip)).body.at("status"), "out");
}

}  // namespace
}  // namespace prokat::testing
