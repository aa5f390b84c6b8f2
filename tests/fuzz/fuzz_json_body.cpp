// libFuzzer target: the JSON request bodies. The first byte picks a route that takes a JSON
// body; the rest is the body, sent through App::Handle (CSRF, roles, idempotency, FieldReader, the
// inventory service) on a real temporary database as a signed-in admin. Whatever the body, the
// answer is a JSON document with a status below 500 (503 only for storage), and the server does not
// crash. FieldReader is also run directly over the parsed object with every accessor.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/fields.hpp"
#include "fuzz_app_fixture.hpp"

namespace {

namespace http = prokat::web::http;

struct Route {
  http::verb method;
  const char* target;
};

// Every route that takes a JSON body, on ids that exist in the fixture's demo point.
constexpr Route kRoutes[] = {{http::verb::post, "/api/v1/families"},
                             {http::verb::patch, "/api/v1/families/1"},
                             {http::verb::post, "/api/v1/families/1/children"},
                             {http::verb::post, "/api/v1/items"},
                             {http::verb::patch, "/api/v1/items/1"},
                             {http::verb::post, "/api/v1/items/1/inspection"},
                             {http::verb::post, "/api/v1/items/2/repair"},
                             {http::verb::post, "/api/v1/items/3/write-off"},
                             {http::verb::post, "/api/v1/items/4/lost"},
                             {http::verb::post, "/api/v1/agreements"},
                             {http::verb::post, "/api/v1/agreements/1/acknowledgments"},
                             {http::verb::post, "/api/v1/agreements/1/activate"},
                             {http::verb::post, "/api/v1/agreements/1/cancel"},
                             {http::verb::post, "/api/v1/agreements/1/returns"},
                             {http::verb::post, "/api/v1/agreements/1/extend"},
                             {http::verb::post, "/api/v1/agreements/1/terminate"},
                             {http::verb::post, "/api/v1/agreements/1/swap"},
                             {http::verb::post, "/api/v1/applications"},
                             {http::verb::post, "/api/v1/applications/1/cancel"},
                             {http::verb::post, "/api/v1/deliveries"},
                             {http::verb::post, "/api/v1/deliveries/1/depart"},
                             {http::verb::post, "/api/v1/deliveries/1/confirm"},
                             {http::verb::post, "/api/v1/deliveries/1/fail"},
                             {http::verb::post, "/api/v1/item-types"},
                             {http::verb::post, "/api/v1/rules"},
                             {http::verb::post, "/api/v1/kits"},
                             {http::verb::post, "/api/v1/points"},
                             {http::verb::post, "/api/v1/users"},
                             {http::verb::post, "/api/v1/users/2/active"},
                             {http::verb::post, "/api/v1/users/2/password"},
                             {http::verb::post, "/api/v1/templates/agreement"},
                             {http::verb::put, "/api/v1/settings"},
                             {http::verb::put, "/api/v1/organization"},
                             {http::verb::post, "/api/v1/session"}};

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
  const Route& route = kRoutes[data[0] % (sizeof kRoutes / sizeof kRoutes[0])];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);

  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) ReadEveryWay(parsed.as_object());

  prokat::web::Request request{route.method, route.target, 11};
  request.set(http::field::content_type, "application/json");
  request.body() = body;
  request.prepare_payload();
  // Sign-in attempts come from a browser of their own (another address, no cookie): the
  // login throttle they trip, and the session a sign-in replaces, are not the fixture's.
  const bool sign_in = route.target == std::string("/api/v1/session");
  prokat::web::RequestInfo other_browser{.remote_address =
                                             prokat::fuzz::AppFixture::kFuzzedAddress};
  auto response = sign_in ? fixture.app->Handle(request, other_browser) : fixture.Handle(request);
  const unsigned status = response.result_int();
  if (status >= 500 && status != 503) std::abort();
  boost::json::parse(response.body(), ec);
  if (ec && !response.body().empty()) std::abort();
  return 0;
}
