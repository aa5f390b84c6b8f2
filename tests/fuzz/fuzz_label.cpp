// libFuzzer target: the scanned-code parser. inventory::ParseLabel over any text, and
// LookupService::Resolve (label, inventory number, GTIN/GS1) against a real empty database.
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "prokat/core/clock.hpp"
#include "prokat/db/database.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/inventory/users.hpp"

namespace {

struct Fixture {
  Fixture() {
    char pattern[] = "/tmp/prokat-fuzz-label-XXXXXX";
    dir = ::mkdtemp(pattern);
    database = std::make_unique<prokat::db::Database>(
        prokat::db::DatabaseOptions{.path = dir + "/prokat.db"});
    // Resolve answers for an actor: a staff member of the one point.
    prokat::inventory::UserService users(*database, clock);
    auto point = users.CreatePoint("Пункт", "", "FZ1");
    if (!point.ok()) std::abort();
    auto staff = users.CreateUser(
        std::nullopt, {"fuzz", "Fuzz", prokat::inventory::Role::kStaff, {point->id}, ""});
    if (!staff.ok()) std::abort();
    actor = {staff->id, staff->role};
  }
  ~Fixture() {
    database.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string dir;
  prokat::SystemClock clock;
  std::unique_ptr<prokat::db::Database> database;
  prokat::inventory::Actor actor;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = prokat::inventory::ParseLabel(text);
  if (parsed && parsed->id > 0) {
    // A label that parses is one we could have printed: printing its id again parses back.
    using Kind = prokat::inventory::ParsedLabel::Kind;
    std::string again =
        parsed->kind == Kind::kItem
            ? prokat::inventory::ItemLabel(prokat::inventory::ItemId(parsed->id))
        : parsed->kind == Kind::kKit
            ? prokat::inventory::KitLabel(prokat::inventory::KitId(parsed->id))
            : prokat::inventory::AgreementCode(prokat::inventory::AgreementId(parsed->id));
    auto back = prokat::inventory::ParseLabel(again);
    if (!back || back->id != parsed->id || back->kind != parsed->kind) std::abort();
  }
  prokat::inventory::LookupService lookup(*fixture.database, fixture.clock);
  auto resolved = lookup.Resolve(fixture.actor, text);
  if (!resolved.ok() && resolved.error().code != prokat::ErrorCode::kStorage) std::abort();
  return 0;
}
