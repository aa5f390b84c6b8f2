// libFuzzer target: the JSON request bodies. The first byte picks a mutating route; the rest is
// the body, sent through App::Handle (CSRF, roles, idempotency, FieldReader, the inventory
// service) on a real temporary database as a signed-in admin. Whatever the body, the answer is
// a JSON document with a status below 500 (503 only for storage), and the server does not crash.
// FieldReader is also run directly over the parsed object with every accessor.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/fields.hpp"
#include "fuzz_app_fixture.hpp"

namespace {

constexpr const char* kRoutes[] = {"/api/v1/families",
                                   "/api/v1/items",
                                   "/api/v1/agreements",
                                   "/api/v1/agreements/1/returns",
                                   "/api/v1/agreements/1/extend",
                                   "/api/v1/deliveries",
                                   "/api/v1/deliveries/1/confirm",
                                   "/api/v1/item-types",
                                   "/api/v1/rules",
                                   "/api/v1/kits",
                                   "/api/v1/points",
                                   "/api/v1/users",
                                   "/api/v1/items/1/inspection",
                                   "/api/v1/applications",
                                   "/api/v1/families/1/children",
                                   "/api/v1/session"};

void ReadEveryWay(const boost::json::object& object) {
  prokat::web::FieldReader in(object);
  for (const char* name :
       {"name", "family_id", "items", "due_date", "note", "phone", "scans", "kind"}) {
    prokat::web::FieldReader each(object);
    (void)each.Has(name);
    (void)each.String(name, 0, 50);
    (void)each.OptionalString(name, 10);
    (void)each.OptionalInt(name, -5, 5);
    (void)each.OptionalNumber(name, -1.5, 1.5);
    (void)each.Bool(name);
    (void)each.OptionalDate(name);
    (void)each.Ids<prokat::inventory::ItemId>(name, 0, 3);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static prokat::fuzz::AppFixture fixture;
  if (size == 0) return 0;
  const char* target = kRoutes[data[0] % (sizeof kRoutes / sizeof kRoutes[0])];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);

  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) ReadEveryWay(parsed.as_object());

  prokat::web::Request request{prokat::web::http::verb::post, target, 11};
  request.set(prokat::web::http::field::content_type, "application/json");
  request.body() = body;
  request.prepare_payload();
  auto response = fixture.Handle(request);
  const unsigned status = response.result_int();
  if (status >= 500 && status != 503) std::abort();
  boost::json::parse(response.body(), ec);
  if (ec && !response.body().empty()) std::abort();
  // Sign-in attempts must not leave the fixture signed out or throttled into failing.
  if (target == std::string("/api/v1/session")) fixture.SignIn("admin", "admin-password");
  return 0;
}
